"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations in ``migrations/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_conversation_channel_external"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    gemeente: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mode: Mapped[str] = mapped_column(String(16), default="bot")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # in | out
    sender: Mapped[str] = mapped_column(String(16))  # client | bot | klantmanager | system
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24))  # received | answered | engine_unavailable | sent
    redactions: Mapped[list[str]] = mapped_column(JSON, default=list)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelContact(Base):
    """Channel details of a conversation: the web token, a WhatsApp phone next to the BSUID, the 24-hour window."""

    __tablename__ = "channel_contacts"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_channel_contact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    gemeente: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_inbound_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelEvent(Base):
    """A persisted event of a channel conversation (web SSE log, WhatsApp messages waiting for the window)."""

    __tablename__ = "channel_events"
    __table_args__ = (Index("ix_channel_events_conversation", "channel", "external_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # message | pending | delivered
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelDelivery(Base):
    """Ids of inbound deliveries already processed (WhatsApp wamid, Telegram update_id): retries count once."""

    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel", "delivery_id", name="uq_channel_delivery"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    delivery_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeletionAudit(Base):
    """That a deletion happened (on request or by the retention job): when, why, how many rows; nothing that
    identifies the client or the conversation."""

    __tablename__ = "deletion_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))  # verzoek (client's request) | bewaartermijn (retention)
    channel: Mapped[str | None] = mapped_column(String(16), nullable=True)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
