"""Conversation store: the only module that reads or writes conversations and messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import Conversation, Message, utcnow


@dataclass(frozen=True)
class ConversationState:
    id: int
    channel: str
    external_id: str
    language: str
    gemeente: str | None
    mode: str
    is_new: bool


class Store:
    """Synchronous repository; the service calls it from a worker thread."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)

    def _state(self, conv: Conversation, is_new: bool) -> ConversationState:
        return ConversationState(
            conv.id, conv.channel, conv.external_id, conv.language, conv.gemeente, conv.mode, is_new
        )

    def open_conversation(self, channel: str, external_id: str, language: str | None) -> ConversationState:
        """Find or create the conversation; two concurrent first messages create one row."""
        for _ in range(2):
            with self._session() as s:
                conv = s.scalars(
                    select(Conversation).where(Conversation.channel == channel, Conversation.external_id == external_id)
                ).one_or_none()
                if conv is not None:
                    return self._state(conv, False)
                conv = Conversation(channel=channel, external_id=external_id, language=language or "nl", mode="bot")
                s.add(conv)
                try:
                    s.commit()
                except IntegrityError:
                    s.rollback()
                    continue
                return self._state(conv, True)
        raise RuntimeError("could not open conversation")

    def update_conversation(self, conversation_id: int, **fields: Any) -> None:
        with self._session() as s:
            conv = s.get_one(Conversation, conversation_id)
            for key, value in fields.items():
                setattr(conv, key, value)
            conv.last_activity_at = utcnow()
            s.commit()

    def add_message(
        self,
        conversation_id: int,
        *,
        direction: str,
        sender: str,
        text: str,
        status: str,
        redactions: list[str] | None = None,
        payload: dict[str, Any] | None = None,
    ) -> int:
        with self._session() as s:
            msg = Message(
                conversation_id=conversation_id,
                direction=direction,
                sender=sender,
                text=text,
                status=status,
                redactions=redactions or [],
                payload=payload or {},
            )
            s.add(msg)
            conv = s.get_one(Conversation, conversation_id)
            conv.last_activity_at = utcnow()
            s.commit()
            return msg.id

    def set_status(self, message_id: int, status: str) -> None:
        with self._session() as s:
            s.get_one(Message, message_id).status = status
            s.commit()

    def messages(self, conversation_id: int) -> list[Message]:
        with self._session() as s:
            return list(
                s.scalars(select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id))
            )

    def session(self) -> Session:
        return self._session()

    @staticmethod
    def now() -> dt.datetime:
        return utcnow()
