"""The web widget channel: POST a message (202), replies over Server-Sent Events from a persisted event log.

``POST /api/chat/conversations`` → ``{conversation_id, token}``; ``POST …/{id}/messages`` with
``Authorization: Bearer <token>`` → 202; ``GET …/{id}/events?token=…`` → ``text/event-stream`` with ``retry:``,
``: keep-alive`` comments, monotonic ``id:`` (the event log row id) and replay after ``Last-Event-ID``, so a
reconnect or a page reload (which replays from the start) shows the whole conversation again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
import re
import secrets
from collections.abc import AsyncIterator, Sequence
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from bot.api.errors import error_response
from bot.api.schemas import SUPPORTED_LANGUAGES
from bot.channels.notify import LocalNotifier, Notifier
from bot.channels.store import ChannelStore
from bot.kennisbank.loader import Kennisbank
from bot.pipeline import Inbound, Pipeline, Reply
from bot.privacy.redact import redact
from bot.privacy.tokens import token_hash
from bot.teksten import tekst

log = logging.getLogger(__name__)
CHANNEL = "web"
#: The ids this channel hands out ("w-" + a URL-safe token); anything else is refused before the database.
_CONVERSATION_ID = re.compile(r"w-[A-Za-z0-9_-]{1,64}")


class NewConversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gemeente: str | None = Field(default=None, description="Slug of a configured gemeente.")
    language: str | None = Field(default=None, description="nl, en, tr, ar, pl or uk.")


class ConversationCreated(BaseModel):
    conversation_id: str
    token: str = Field(description="Send as 'Authorization: Bearer <token>'; as ?token= on the event stream.")


class WidgetMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The client's message, or a button's payload.")
    display: str | None = Field(default=None, max_length=200, description="What to show for it (a button title).")
    gemeente: str | None = None
    language: str | None = None
    reference_date: dt.date | None = None


class Accepted(BaseModel):
    accepted: bool
    event_id: int = Field(description="Id of the client's own message in the event stream.")


def _sse(event_id: int | None, kind: str, data: dict[str, Any]) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class WebChannel:
    """Adapter for the widget. Events are rows in ``channel_events``; waiting streams are woken in-process and
    also look at the database at every keep-alive, so events written by another worker arrive too. With
    ``REDIS_URL`` the other workers wake them at once (:mod:`bot.channels.notify`)."""

    name = CHANNEL

    def __init__(
        self, store: ChannelStore, pipeline: Pipeline, *, keepalive: float = 15.0, notifier: Notifier | None = None
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.keepalive = keepalive
        # Several workers (REDIS_URL): tells the other workers' streams to re-read the log (bot/channels/notify.py).
        self.notifier: Notifier = notifier or LocalNotifier()
        self._wake: dict[str, asyncio.Event] = {}
        self._typing: dict[str, bool] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def _signal(self, external_id: str) -> asyncio.Event:
        return self._wake.setdefault(external_id, asyncio.Event())

    def _notify(self, external_id: str, typing: bool | None = None) -> None:
        """The log (or, with ``typing``, the typing indicator) changed: wake the streams, here and elsewhere."""
        self._wake_streams(external_id)
        self.notifier.publish(external_id, typing)

    def _wake_streams(self, external_id: str) -> None:
        event = self._wake.pop(external_id, None)
        if event is not None:
            event.set()

    def wake_from_peer(self, external_id: str, typing: bool | None) -> None:
        """Another worker changed this conversation (its notifier told us): copy its typing state, re-read."""
        if typing is not None:
            if typing:
                self._typing[external_id] = True
            else:
                self._typing.pop(external_id, None)
        self._wake_streams(external_id)

    async def send(
        self, external_id: str, replies: Sequence[Reply], *, sender: str = "bot", extra: dict[str, Any] | None = None
    ) -> None:
        items = [
            {
                "from": sender,
                "text": r.text,
                "topic": r.topic,
                "card": r.card,
                "citations": r.citations,
                "buttons": r.buttons,
                **(extra or {}),
            }
            for r in replies
        ]
        await to_thread.run_sync(self.store.add_events, CHANNEL, external_id, "message", items)
        self._notify(external_id)

    def _set_typing(self, external_id: str, on: bool) -> None:
        self._typing[external_id] = on
        if not on:
            del self._typing[external_id]
        self._notify(external_id, on)

    async def _turn(self, inbound: Inbound) -> None:
        lock = self._locks.setdefault(inbound.external_id, asyncio.Lock())
        async with lock:
            self._set_typing(inbound.external_id, True)
            try:
                outcome = await self.pipeline.handle(inbound)
                extra: dict[str, Any] = {"lang": outcome.language}
                if outcome.handoff:
                    extra["handoff"] = outcome.handoff
                await self.send(inbound.external_id, outcome.replies, extra=extra)
            except Exception:
                log.exception("web turn failed for %s", inbound.external_id)
                await self.send(inbound.external_id, [Reply(tekst("motor_storing"))], sender="system")
            finally:
                self._set_typing(inbound.external_id, False)

    def accept(self, inbound: Inbound) -> None:
        """Answer in the background; the reply arrives over the event stream."""
        task = asyncio.create_task(self._turn(inbound))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Let running turns finish (shutdown)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)

    async def stream(self, external_id: str, after: int) -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        last, typing_shown = after, False
        while True:
            wake = self._signal(external_id)
            for ev in await to_thread.run_sync(self.store.events_after, CHANNEL, external_id, last, "message"):
                yield _sse(ev.id, "message", ev.data)
                last = ev.id
            typing = self._typing.get(external_id, False)
            if typing != typing_shown:
                yield _sse(None, "typing", {"typing": typing})
                typing_shown = typing
            try:
                await asyncio.wait_for(wake.wait(), self.keepalive)
            except TimeoutError:
                yield ": keep-alive\n\n"


def web_router(web: WebChannel, kennisbank: Kennisbank, max_text_chars: int) -> APIRouter:
    router = APIRouter(prefix="/api/chat/conversations", tags=["widget"])

    def check(language: str | None, gemeente: str | None) -> JSONResponse | None:
        if language is not None and language not in SUPPORTED_LANGUAGES:
            choices = ", ".join(SUPPORTED_LANGUAGES)
            return error_response(422, "unsupported_language", None, "language", value=language, choices=choices)
        if gemeente is not None and gemeente not in kennisbank.gemeenten:
            choices = ", ".join(sorted(kennisbank.gemeenten)) or "(geen)"
            return error_response(422, "unknown_gemeente", language, "gemeente", value=gemeente, choices=choices)
        return None

    async def authorised(cid: str, token: str) -> Response | None:
        if not token:
            return JSONResponse({"error": {"code": "token_missing", "message": "Token ontbreekt."}}, 401)
        if not _CONVERSATION_ID.fullmatch(cid):  # not an id we issued (e.g. control characters): no lookup
            return JSONResponse({"error": {"code": "forbidden", "message": "Geen toegang tot dit gesprek."}}, 403)
        contact = await to_thread.run_sync(web.store.contact, CHANNEL, cid)
        if (
            contact is None
            or contact.token_hash is None
            or not hmac.compare_digest(contact.token_hash, token_hash(token))
        ):
            return JSONResponse({"error": {"code": "forbidden", "message": "Geen toegang tot dit gesprek."}}, 403)
        return None

    def bearer(request: Request) -> str:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""

    @router.post("", status_code=201, response_model=ConversationCreated)
    async def create(body: NewConversation | None = None) -> Response:
        """Start a widget conversation; keep the token in the tab (sessionStorage)."""
        body = body or NewConversation()
        gemeente = body.gemeente.strip().lower() if body.gemeente else None
        if (problem := check(body.language, gemeente)) is not None:
            return problem
        cid, token = "w-" + secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        await to_thread.run_sync(
            lambda: web.store.create_contact(
                CHANNEL, cid, token_hash=token_hash(token), language=body.language, gemeente=gemeente
            )
        )
        return JSONResponse({"conversation_id": cid, "token": token}, status_code=201)

    @router.post("/{cid}/messages", status_code=202, response_model=Accepted)
    async def message(cid: str, body: WidgetMessage, request: Request) -> Response:
        """Send a message; 202 at once, the answer follows on the event stream."""
        if (denied := await authorised(cid, bearer(request))) is not None:
            return denied
        if len(body.text) > max_text_chars:
            return error_response(422, "text_too_long", body.language, "text", limit=max_text_chars)
        gemeente = body.gemeente.strip().lower() if body.gemeente else None
        if (problem := check(body.language, gemeente)) is not None:
            return problem
        contact = await to_thread.run_sync(web.store.contact, CHANNEL, cid)
        assert contact is not None
        shown = redact(body.display or body.text).text
        [event_id] = await to_thread.run_sync(
            web.store.add_events, CHANNEL, cid, "message", [{"from": "user", "text": shown}]
        )
        web._notify(cid)
        web.accept(
            Inbound(
                CHANNEL,
                cid,
                body.text,
                gemeente or contact.gemeente,
                body.language or contact.language,
                body.reference_date,
            )
        )
        return JSONResponse({"accepted": True, "event_id": event_id}, status_code=202)

    @router.get("/{cid}/events", response_class=StreamingResponse)
    async def events(cid: str, request: Request) -> Response:
        """``text/event-stream`` of the conversation; honours ``Last-Event-ID`` (or ``?last_event_id=``)."""
        token = request.query_params.get("token") or bearer(request)
        if (denied := await authorised(cid, token)) is not None:
            return denied
        raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id") or "0"
        after = int(raw) if raw.isdigit() else 0
        return StreamingResponse(
            web.stream(cid, after),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return router
