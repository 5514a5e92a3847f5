"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations in ``migrations/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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


# --- handoff and the klantmanager inbox (bot/handoff/, migration 0004) ------------------------------------------


class InboxUser(Base):
    """A staff account of the built-in inbox (created with ``bijstand inbox add-user``); never deleted, only
    deactivated, so the audit trail keeps naming who did what."""

    __tablename__ = "inbox_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))  # argon2id
    role: Mapped[str] = mapped_column(String(16))  # klantmanager | teamleider | beheerder
    team: Mapped[str | None] = mapped_column(String(16), nullable=True)  # werk | inkomen (None: beheerder)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class InboxSession(Base):
    """A login: the cookie holds a random token, the table only its SHA-256; the CSRF token belongs to it."""

    __tablename__ = "inbox_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("inbox_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Case(Base):
    """A handoff of one conversation to a person. ``status``: concept/regel (the client is deciding on the
    summary), wachtend (in a queue), in_behandeling (claimed), gesloten, teruggegeven (to the bot)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_queue_status", "queue", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    queue: Mapped[str] = mapped_column(String(16))  # werk | inkomen
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(48))  # trigger: gevraagd, crisis, geen_geld, maatregel_opgelegd, ...
    status: Mapped[str] = mapped_column(String(16))
    consent: Mapped[str | None] = mapped_column(String(8), nullable=True)  # ja | nee (None: not decided yet)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what is passed on (after consent)
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)  # only with consent
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_activity_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class CaseEvent(Base):
    """The audit trail of a case (who, what, when) and the inbox's live event log: opened, viewed, claimed,
    replied, noted, closed, handed back, and client messages. The inbox never deletes these."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(64))  # a username, or "client" / "systeem"
    action: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseNote(Base):
    """An internal note on a case: staff only, never sent to the client."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
