"""The seam to wherever staff work: the built-in inbox by default (bot/handoff/inbox/), later e.g. Chatwoot.

The service owns the conversation and its ``mode`` (TECHNIEK.md §2.6, §9): the flow (bot/handoff/flow.py)
decides when a case opens and what it holds; a backend shows it to staff and reports back what they do through
the :class:`HandoffCallbacks` it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class HandoffConversation:
    """A conversation with an open case, as a backend sees it."""

    conversation_id: int
    case_id: int
    channel: str
    language: str
    queue: str
    urgent: bool


@dataclass(frozen=True)
class ClientMessage:
    message_id: int
    text: str  # redacted before it was stored
    language: str
    at: dt.datetime


class HandoffCallbacks(Protocol):
    """What a backend calls when staff act; implemented by :class:`bot.handoff.flow.HandoffFlow`."""

    async def klantmanager_message(self, conversation_id: int, text: str, *, by: str) -> None:
        """Deliver a staff member's reply to the client on their own channel (and store it)."""
        ...

    async def claimed(self, conversation_id: int, *, by: str) -> None:
        """Someone took the case: the conversation is now with a person (mode ``human``)."""
        ...

    async def closed(self, conversation_id: int, outcome: str, *, handed_back: bool) -> None:
        """The case ended (closed with an outcome, or handed back): the bot is back (mode ``bot``)."""
        ...


class HandoffBackend(Protocol):
    name: str

    def set_callbacks(self, callbacks: HandoffCallbacks) -> None: ...

    async def open(
        self, conv: HandoffConversation, summary: dict[str, Any], transcript: list[dict[str, Any]] | None
    ) -> None:
        """A case is ready for staff: the consented summary (or only the contact request) and, with consent,
        the transcript."""
        ...

    async def client_message(self, conv: HandoffConversation, msg: ClientMessage) -> None:
        """The client wrote while the case is open (the bot does not answer it)."""
        ...

    async def close(self, conv: HandoffConversation, outcome: str) -> None:
        """The service ends the case (e.g. the client's data are erased)."""
        ...
