""" "Verwijder mijn gegevens": erase one conversation and everything derived from it, keep only an audit line.

Rows belong to a conversation either by ``conversation_id`` or by its channel identity (``channel`` +
``external_id``). :data:`LINKED_TABLES` lists them; a new table holding conversation data (cases, derived
vectors, caches) is added there and is then erased on request and by the retention job alike. Tables that do
not exist (yet) are skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, Table, delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import Base, Conversation, DeletionAudit, utcnow
from bot.store.repository import Store


@dataclass(frozen=True)
class Linked:
    table: str
    by: Literal["conversation_id", "channel_identity", "case_id"]


#: Every table with rows of a conversation, children first. Add new ones here (e.g. ``Linked("cases",
#: "conversation_id")``); the conversation row itself is deleted last.
LINKED_TABLES: list[Linked] = [
    Linked("messages", "conversation_id"),
    Linked("case_events", "case_id"),  # handoff (bot/handoff/): a case's trail and notes, then the case
    Linked("case_notes", "case_id"),
    Linked("cases", "conversation_id"),
    Linked("channel_events", "channel_identity"),
    Linked("channel_contacts", "channel_identity"),
]


@dataclass(frozen=True)
class Receipt:
    """What was deleted, and when. ``counts`` holds the number of rows per table (0 when there were none)."""

    deleted_at: dt.datetime
    channel: str
    counts: dict[str, int]
    audit_id: int | None
    conversation_ids: tuple[int, ...] = ()  # internal ids, e.g. to clear the engine's tracker ("c<id>")
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return any(self.counts.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "deleted_at": self.deleted_at.isoformat(),
            "deleted": dict(self.counts),
            **self.extra,
        }


def _table(name: str) -> Table | None:
    return Base.metadata.tables.get(name)


def erase_rows(s: Session, channel: str, external_ids: list[str], conversation_ids: list[int]) -> dict[str, int]:
    """Delete the linked rows and the conversations in session ``s`` (not committed); rows per table."""
    counts: dict[str, int] = {}
    for link in LINKED_TABLES:
        table = _table(link.table)
        if table is None:
            continue
        where: ColumnElement[bool]
        if link.by in ("conversation_id", "case_id"):
            if not conversation_ids:
                counts[link.table] = 0
                continue
            if link.by == "case_id":
                cases = _table("cases")
                if cases is None:
                    continue
                where = table.c.case_id.in_(select(cases.c.id).where(cases.c.conversation_id.in_(conversation_ids)))
            else:
                where = table.c.conversation_id.in_(conversation_ids)
        else:
            where = (table.c.channel == channel) & table.c.external_id.in_(external_ids)
        n = s.scalar(select(func.count()).select_from(table).where(where)) or 0
        if n:
            s.execute(delete(table).where(where))
        counts[link.table] = n
    if conversation_ids:
        s.execute(delete(Conversation).where(Conversation.id.in_(conversation_ids)))
    counts["conversations"] = len(conversation_ids)
    return counts


def audit(s: Session, reason: str, channel: str | None, counts: dict[str, int], when: dt.datetime) -> int:
    row = DeletionAudit(reason=reason, channel=channel, counts={k: v for k, v in counts.items() if v}, occurred_at=when)
    s.add(row)
    s.flush()
    return row.id


def erase_conversation(store: Store, channel: str, external_id: str, *, now: dt.datetime | None = None) -> Receipt:
    """Erase the conversation ``(channel, external_id)``: its messages, channel rows and derived data, in one
    transaction, and write an audit line with only the fact (when, why, how many rows). Nothing found → no
    audit line and all counts 0."""
    when = now or utcnow()
    with store.session() as s:
        ids = list(
            s.scalars(
                select(Conversation.id).where(Conversation.channel == channel, Conversation.external_id == external_id)
            )
        )
        counts = erase_rows(s, channel, [external_id], ids)
        audit_id = audit(s, "verzoek", channel, counts, when) if any(counts.values()) else None
        s.commit()
    return Receipt(when, channel, counts, audit_id, tuple(ids))


def erase_conversation_by_id(store: Store, conversation_id: int, *, now: dt.datetime | None = None) -> Receipt | None:
    """The same for the conversation with internal id ``conversation_id`` (Rasa's sender is ``c<id>``)."""
    with store.session() as s:
        conv = s.get(Conversation, conversation_id)
        identity = (conv.channel, conv.external_id) if conv else None
    return erase_conversation(store, *identity, now=now) if identity else None
