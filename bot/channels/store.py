"""Channel data next to the conversation store: contacts, the persisted event log and processed delivery ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.models import ChannelContact, ChannelDelivery, ChannelEvent, Conversation, Message, utcnow
from bot.store.repository import Store


@dataclass(frozen=True)
class Contact:
    channel: str
    external_id: str
    token_hash: str | None
    phone: str | None
    language: str | None
    gemeente: str | None
    last_inbound_at: dt.datetime | None


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    data: dict[str, Any]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


class ChannelStore:
    """Synchronous, like :class:`bot.store.repository.Store`; call it from a worker thread."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _contact(self, row: ChannelContact) -> Contact:
        return Contact(
            row.channel,
            row.external_id,
            row.token_hash,
            row.phone,
            row.language,
            row.gemeente,
            _aware(row.last_inbound_at),
        )

    def create_contact(self, channel: str, external_id: str, **fields: Any) -> Contact:
        with self.store.session() as s:
            row = ChannelContact(channel=channel, external_id=external_id, **fields)
            s.add(row)
            s.commit()
            return self._contact(row)

    def contact(self, channel: str, external_id: str) -> Contact | None:
        with self.store.session() as s:
            row = s.scalars(
                select(ChannelContact).where(
                    ChannelContact.channel == channel, ChannelContact.external_id == external_id
                )
            ).one_or_none()
            return self._contact(row) if row else None

    def touch_inbound(self, channel: str, external_id: str, *, phone: str | None = None) -> None:
        """Record an inbound message now (opens WhatsApp's 24-hour window); creates the contact if needed."""
        with self.store.session() as s:
            row = s.scalars(
                select(ChannelContact).where(
                    ChannelContact.channel == channel, ChannelContact.external_id == external_id
                )
            ).one_or_none()
            if row is None:
                row = ChannelContact(channel=channel, external_id=external_id)
                s.add(row)
            row.last_inbound_at = utcnow()
            if phone:
                row.phone = phone
            try:
                s.commit()
            except IntegrityError:  # created concurrently: update that row
                s.rollback()
                s.execute(
                    update(ChannelContact)
                    .where(ChannelContact.channel == channel, ChannelContact.external_id == external_id)
                    .values(last_inbound_at=utcnow())
                )
                s.commit()

    def set_contact(self, channel: str, external_id: str, **fields: Any) -> None:
        with self.store.session() as s:
            s.execute(
                update(ChannelContact)
                .where(ChannelContact.channel == channel, ChannelContact.external_id == external_id)
                .values(**fields)
            )
            s.commit()

    def add_events(self, channel: str, external_id: str, kind: str, items: list[dict[str, Any]]) -> list[int]:
        with self.store.session() as s:
            rows = [ChannelEvent(channel=channel, external_id=external_id, kind=kind, data=d) for d in items]
            s.add_all(rows)
            s.commit()
            return [r.id for r in rows]

    def events_after(self, channel: str, external_id: str, after: int, kind: str | None = None) -> list[Event]:
        with self.store.session() as s:
            q = select(ChannelEvent).where(
                ChannelEvent.channel == channel, ChannelEvent.external_id == external_id, ChannelEvent.id > after
            )
            if kind is not None:
                q = q.where(ChannelEvent.kind == kind)
            return [Event(r.id, r.kind, r.data) for r in s.scalars(q.order_by(ChannelEvent.id))]

    def set_event_kind(self, ids: list[int], kind: str) -> None:
        with self.store.session() as s:
            s.execute(update(ChannelEvent).where(ChannelEvent.id.in_(ids)).values(kind=kind))
            s.commit()

    def first_delivery(self, channel: str, delivery_id: str) -> bool:
        """True the first time ``delivery_id`` is seen on ``channel``; False for a retry (already recorded)."""
        with self.store.session() as s:
            s.add(ChannelDelivery(channel=channel, delivery_id=delivery_id[:128]))
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                return False
            return True

    def conversation_identity(self, conversation_id: int) -> tuple[str, str] | None:
        with self.store.session() as s:
            conv = s.get(Conversation, conversation_id)
            return (conv.channel, conv.external_id) if conv else None

    def conversation_id(self, channel: str, external_id: str) -> int | None:
        with self.store.session() as s:
            found: int | None = s.scalars(
                select(Conversation.id).where(Conversation.channel == channel, Conversation.external_id == external_id)
            ).one_or_none()
            return found

    def forget(self, channel: str, external_id: str) -> int:
        """Delete the conversation, its messages, events and channel contact (the client's right to erasure)."""
        with self.store.session() as s:
            ids = list(
                s.scalars(
                    select(Conversation.id).where(
                        Conversation.channel == channel, Conversation.external_id == external_id
                    )
                )
            )
            if ids:
                s.execute(delete(Message).where(Message.conversation_id.in_(ids)))
                s.execute(delete(Conversation).where(Conversation.id.in_(ids)))
            s.execute(
                delete(ChannelEvent).where(ChannelEvent.channel == channel, ChannelEvent.external_id == external_id)
            )
            s.execute(
                delete(ChannelContact).where(
                    ChannelContact.channel == channel, ChannelContact.external_id == external_id
                )
            )
            s.commit()
            return len(ids)
