"""The built-in inbox as a :class:`HandoffBackend`: cases in our own database, staff actions recorded in
``case_events``, live updates from that same event log (SSE, like the widget's channel events)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from anyio import to_thread

from bot.handoff.backend import ClientMessage, HandoffCallbacks, HandoffConversation
from bot.handoff.cases import OUTCOMES, CaseStore, CaseView

log = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The case is not in a state (or not with a person) that allows this action."""


class InboxBackend:
    name = "inbox"

    def __init__(self, cases: CaseStore) -> None:
        self.cases = cases
        self.callbacks: HandoffCallbacks | None = None
        self._wake = asyncio.Event()

    # --- HandoffBackend ---------------------------------------------------------------------------------------
    def set_callbacks(self, callbacks: HandoffCallbacks) -> None:
        self.callbacks = callbacks

    async def open(
        self, conv: HandoffConversation, summary: dict[str, Any], transcript: list[dict[str, Any]] | None
    ) -> None:
        # The flow has stored the case and its "geopend" event; the inbox shows it from there.
        self.notify()

    async def client_message(self, conv: HandoffConversation, msg: ClientMessage) -> None:
        self.notify()

    async def close(self, conv: HandoffConversation, outcome: str) -> None:
        self.notify()

    # --- live updates -----------------------------------------------------------------------------------------
    def notify(self) -> None:
        """Wake every waiting event stream (they read the new events from the database)."""
        wake, self._wake = self._wake, asyncio.Event()
        wake.set()

    def waiter(self) -> asyncio.Event:
        """Take this before reading the events, then wait on it: a notify in between is not missed."""
        return self._wake

    # --- what staff do (each recorded in case_events by CaseStore) ----------------------------------------------
    def _callbacks(self) -> HandoffCallbacks:
        assert self.callbacks is not None, "the handoff flow registers its callbacks at start"
        return self.callbacks

    async def view(self, case: CaseView, username: str) -> None:
        await to_thread.run_sync(lambda: self.cases.record(case.id, username, "bekeken"))

    async def claim(self, case: CaseView, username: str) -> bool:
        ok = await to_thread.run_sync(self.cases.claim, case.id, username)
        if ok:
            self.notify()
            await self._callbacks().claimed(case.conversation_id, by=username)
        return ok

    async def reply(self, case: CaseView, username: str, text: str) -> None:
        if case.status != "in_behandeling":
            raise NotAllowed("claim the case first")
        await self._callbacks().klantmanager_message(case.conversation_id, text, by=username)
        await to_thread.run_sync(lambda: self.cases.record(case.id, username, "antwoord", tekens=len(text)))
        self.notify()

    async def note(self, case: CaseView, username: str, text: str) -> None:
        await to_thread.run_sync(self.cases.add_note, case.id, username, text)
        self.notify()

    async def finish(self, case: CaseView, username: str, outcome: str, *, handed_back: bool) -> None:
        if case.status not in ("wachtend", "in_behandeling"):
            raise NotAllowed("the case is not open")
        if not handed_back and outcome not in OUTCOMES:
            raise NotAllowed("unknown outcome")
        status, action = ("teruggegeven", "teruggegeven") if handed_back else ("gesloten", "gesloten")
        await to_thread.run_sync(
            lambda: self.cases.update(
                case.id,
                username,
                action,
                {"uitkomst": outcome},
                status=status,
                outcome=outcome,
                closed_at=self.cases.store.now(),
            )
        )
        self.notify()
        await self._callbacks().closed(case.conversation_id, outcome, handed_back=handed_back)
