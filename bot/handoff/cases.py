"""The service's record of handoffs (``cases``), their audit trail (``case_events``) and internal notes.

Synchronous, like :class:`bot.store.repository.Store`: call it from a worker thread. Nothing here deletes a
case, an event or a note; only the retention job (bot/store/retention.py) and an erasure request do, through
the conversation (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import select, update

from bot.store.models import Case, CaseEvent, CaseNote, Conversation, Message, utcnow
from bot.store.repository import Store

#: The client is still deciding on the summary (not visible to staff yet).
DRAFT = ("concept", "regel")
#: In the inbox: waiting in a queue, or claimed by someone.
OPEN = ("wachtend", "in_behandeling")
QUEUES = ("werk", "inkomen")
OUTCOMES = {
    "beantwoord": "Vraag beantwoord",
    "afspraak": "Afspraak gemaakt",
    "doorverwezen": "Doorverwezen",
    "geen_contact": "Geen contact gekregen",
}


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass(frozen=True)
class CaseView:
    id: int
    conversation_id: int
    queue: str
    urgent: bool
    reason: str
    status: str
    consent: str | None
    summary: dict[str, Any]
    transcript: list[dict[str, Any]] | None
    claimed_by: str | None
    outcome: str | None
    created_at: dt.datetime
    opened_at: dt.datetime | None
    claimed_at: dt.datetime | None
    closed_at: dt.datetime | None
    channel: str
    language: str

    def waiting(self, now: dt.datetime) -> dt.timedelta:
        return now - (self.opened_at or self.created_at)


@dataclass(frozen=True)
class EventView:
    id: int
    case_id: int
    actor: str
    action: str
    detail: dict[str, Any]
    created_at: dt.datetime
    queue: str = ""


@dataclass(frozen=True)
class NoteView:
    id: int
    author: str
    text: str
    created_at: dt.datetime


class CaseStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def _view(row: Case, conv: Conversation) -> CaseView:
        created = aware(row.created_at)
        assert created is not None
        return CaseView(
            row.id,
            row.conversation_id,
            row.queue,
            row.urgent,
            row.reason,
            row.status,
            row.consent,
            dict(row.summary or {}),
            list(row.transcript) if row.transcript is not None else None,
            row.claimed_by,
            row.outcome,
            created,
            aware(row.opened_at),
            aware(row.claimed_at),
            aware(row.closed_at),
            conv.channel,
            conv.language,
        )

    @staticmethod
    def _event(s: Any, case_id: int, actor: str, action: str, **detail: Any) -> CaseEvent:
        ev = CaseEvent(case_id=case_id, actor=actor, action=action, detail=detail)
        s.add(ev)
        return ev

    # --- reading ----------------------------------------------------------------------------------------------
    def get(self, case_id: int) -> CaseView | None:
        with self.store.session() as s:
            row = s.get(Case, case_id)
            if row is None:
                return None
            return self._view(row, s.get_one(Conversation, row.conversation_id))

    def current(self, conversation_id: int) -> CaseView | None:
        """The conversation's case that is not finished (draft or open), if any."""
        with self.store.session() as s:
            row = s.scalars(
                select(Case)
                .where(Case.conversation_id == conversation_id, Case.status.in_(DRAFT + OPEN))
                .order_by(Case.id.desc())
                .limit(1)
            ).one_or_none()
            return self._view(row, s.get_one(Conversation, conversation_id)) if row else None

    def last_finished_at(self, conversation_id: int) -> dt.datetime | None:
        """When the conversation's previous case ended: what came before belongs to that case."""
        with self.store.session() as s:
            value = s.scalars(
                select(Case.closed_at)
                .where(Case.conversation_id == conversation_id, Case.closed_at.is_not(None))
                .order_by(Case.closed_at.desc())
                .limit(1)
            ).one_or_none()
            return aware(value)

    def queue(self, queue: str) -> list[CaseView]:
        """Open cases of a queue: urgent first, then the longest waiting first."""
        with self.store.session() as s:
            rows = s.execute(
                select(Case, Conversation)
                .join(Conversation, Conversation.id == Case.conversation_id)
                .where(Case.queue == queue, Case.status.in_(OPEN))
                .order_by(
                    Case.urgent.desc(), sql_case((Case.status == "wachtend", 0), else_=1), Case.opened_at, Case.id
                )
            ).all()
            return [self._view(c, conv) for c, conv in rows]

    def messages_since(self, conversation_id: int, since: dt.datetime | None) -> list[Message]:
        with self.store.session() as s:
            q = select(Message).where(Message.conversation_id == conversation_id)
            if since is not None:
                q = q.where(Message.created_at >= since)
            return list(s.scalars(q.order_by(Message.id)))

    def notes(self, case_id: int) -> list[NoteView]:
        with self.store.session() as s:
            rows = s.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id))
            return [NoteView(n.id, n.author, n.text, aware(n.created_at) or utcnow()) for n in rows]

    def events(
        self, *, case_id: int | None = None, queue: str | None = None, after: int = 0, limit: int = 500
    ) -> list[EventView]:
        with self.store.session() as s:
            q = select(CaseEvent, Case.queue).join(Case, Case.id == CaseEvent.case_id).where(CaseEvent.id > after)
            if case_id is not None:
                q = q.where(CaseEvent.case_id == case_id)
            if queue is not None:
                q = q.where(Case.queue == queue)
            rows = s.execute(q.order_by(CaseEvent.id).limit(limit)).all()
            return [
                EventView(e.id, e.case_id, e.actor, e.action, dict(e.detail or {}), aware(e.created_at) or utcnow(), qu)
                for e, qu in rows
            ]

    def recent_events(self, queue: str | None = None, limit: int = 200) -> list[EventView]:
        """The newest audit rows first (for the audit page)."""
        with self.store.session() as s:
            q = select(CaseEvent, Case.queue).join(Case, Case.id == CaseEvent.case_id)
            if queue is not None:
                q = q.where(Case.queue == queue)
            rows = s.execute(q.order_by(CaseEvent.id.desc()).limit(limit)).all()
            return [
                EventView(e.id, e.case_id, e.actor, e.action, dict(e.detail or {}), aware(e.created_at) or utcnow(), qu)
                for e, qu in rows
            ]

    def last_event_id(self) -> int:
        with self.store.session() as s:
            value = s.scalars(select(CaseEvent.id).order_by(CaseEvent.id.desc()).limit(1)).one_or_none()
            return int(value or 0)

    # --- writing ----------------------------------------------------------------------------------------------
    def create_draft(
        self, conversation_id: int, *, queue: str, urgent: bool, reason: str, summary: dict[str, Any]
    ) -> int:
        with self.store.session() as s:
            row = Case(
                conversation_id=conversation_id,
                queue=queue,
                urgent=urgent,
                reason=reason,
                status="concept",
                summary=summary,
            )
            s.add(row)
            s.flush()
            self._event(s, row.id, "systeem", "aangemaakt", queue=queue, urgent=urgent, reden=reason)
            s.commit()
            return row.id

    def update(self, case_id: int, actor: str, action: str, detail: dict[str, Any] | None = None, **fields: Any) -> int:
        """Change a case and record who did what in the same transaction; returns the event id."""
        with self.store.session() as s:
            row = s.get_one(Case, case_id)
            for key, value in fields.items():
                setattr(row, key, value)
            row.last_activity_at = utcnow()
            ev = self._event(s, case_id, actor, action, **(detail or {}))
            s.commit()
            return ev.id

    def record(self, case_id: int, actor: str, action: str, **detail: Any) -> int:
        return self.update(case_id, actor, action, detail)

    def add_note(self, case_id: int, author: str, text: str) -> int:
        with self.store.session() as s:
            note = CaseNote(case_id=case_id, author=author, text=text)
            s.add(note)
            s.flush()
            s.get_one(Case, case_id).last_activity_at = utcnow()
            ev = self._event(s, case_id, author, "notitie", note_id=note.id)
            s.commit()
            return ev.id

    def claim(self, case_id: int, username: str) -> bool:
        """Claim a waiting case; False when someone else was first (or it is not waiting)."""
        with self.store.session() as s:
            now = utcnow()
            done = s.execute(
                update(Case)
                .where(Case.id == case_id, Case.status == "wachtend")
                .values(status="in_behandeling", claimed_by=username, claimed_at=now, last_activity_at=now)
            )
            if not getattr(done, "rowcount", 0):
                s.rollback()
                return False
            self._event(s, case_id, username, "geclaimd")
            s.commit()
            return True
