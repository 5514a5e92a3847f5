"""Inbound messages waiting for the engine (status ``engine_unavailable``), for :mod:`bot.retry`.

A message is *claimed* (status ``retrying``) by one worker with a conditional update, answered by
:meth:`bot.pipeline.Pipeline.reprocess` (status ``answered``) or released again (``engine_unavailable``).
A message the client has sent again with the same text, and that was answered then, becomes ``superseded``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased

from bot.store.models import Conversation, Message
from bot.store.repository import Store

WAITING = "engine_unavailable"
CLAIMED = "retrying"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Waiting:
    message_id: int
    conversation_id: int
    channel: str
    external_id: str
    text: str
    language: str
    gemeente: str | None
    reference_date: dt.date


def waiting(store: Store, limit: int = 50) -> list[Waiting]:
    """The oldest waiting inbound messages first; marks the ones answered since as ``superseded``."""
    later = aliased(Message)
    with store.session() as s:
        retried = exists().where(
            later.conversation_id == Message.conversation_id,
            later.id > Message.id,
            later.direction == "in",
            later.text == Message.text,
            later.status == "answered",
        )
        s.execute(
            update(Message)
            .where(Message.status == WAITING, Message.direction == "in", retried)
            .values(status="superseded")
            .execution_options(synchronize_session=False)
        )
        s.commit()
        rows = s.execute(
            select(Message, Conversation)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.status == WAITING, Message.direction == "in")
            .order_by(Message.id)
            .limit(limit)
        ).all()
        return [_waiting(m, c) for m, c in rows]


def _waiting(m: Message, c: Conversation) -> Waiting:
    raw = (m.payload or {}).get("reference_date")
    created = m.created_at if m.created_at.tzinfo else m.created_at.replace(tzinfo=dt.UTC)
    day = dt.date.fromisoformat(raw) if isinstance(raw, str) else created.astimezone(AMSTERDAM).date()
    return Waiting(m.id, c.id, c.channel, c.external_id, m.text, c.language, c.gemeente, day)


def claim(store: Store, message_id: int) -> Waiting | None:
    """Take the message for processing; None when it is not waiting (answered, or claimed by another worker)."""
    with store.session() as s:
        result = s.execute(
            update(Message)
            .where(Message.id == message_id, Message.status == WAITING, Message.direction == "in")
            .values(status=CLAIMED)
            .execution_options(synchronize_session=False)
        )
        s.commit()
        if getattr(result, "rowcount", 0) != 1:
            return None
        row = s.execute(
            select(Message, Conversation)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.id == message_id)
        ).one()
        return _waiting(row[0], row[1])


def release_claims(store: Store) -> int:
    """At start: messages left claimed by a worker that stopped are waiting again."""
    with store.session() as s:
        result = s.execute(
            update(Message)
            .where(Message.status == CLAIMED)
            .values(status=WAITING)
            .execution_options(synchronize_session=False)
        )
        s.commit()
        return int(getattr(result, "rowcount", 0) or 0)
