"""WhatsApp Cloud API over plain httpx: verification, signed webhooks, reply buttons and lists, the 24-hour window.

Inbound: every POST must carry ``X-Hub-Signature-256`` = HMAC-SHA256(app secret, raw body) (missing → 401,
wrong → 403, nothing processed). Status callbacks are ignored; a message id (``wamid``) is processed once.
The client key is the business-scoped user id (BSUID, ``contacts[].user_id``); the phone number is kept next to it
when WhatsApp sends one. Outbound: text, reply buttons (≤3, titles ≤20), list messages (≤10 rows), numbered
choices beyond that. Outside the 24-hour customer-service window only an approved template is sent; the replies
wait in the event log and are delivered when the client writes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import Sequence
from typing import Any

import httpx
from anyio import to_thread
from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from bot.channels.format import numbered_choices, shorten, split_text
from bot.channels.store import ChannelStore
from bot.channels.teksten import zin
from bot.pipeline import Inbound, Pipeline, Reply
from bot.store.models import utcnow
from bot.teksten import tekst

log = logging.getLogger(__name__)
CHANNEL = "whatsapp"
WEBHOOK_PATH = "/whatsapp/webhook"
WINDOW = dt.timedelta(hours=24)
TEXT_LIMIT = 4096
BODY_LIMIT = 1024  # body of an interactive message
MEDIA_TYPES = {"audio", "image", "video", "document", "sticker"}
RE_ENGAGEMENT = 131047


class GraphError(Exception):
    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.encode())


def interactive_payloads(text: str, buttons: Sequence[dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The messages for one reply, and the payloads of numbered choices (when buttons had to become text)."""
    choices = [{"id": (b.get("payload") or b["title"]), "title": b["title"]} for b in buttons]
    if not choices:
        return [{"type": "text", "text": {"body": c}} for c in split_text(text, TEXT_LIMIT) or ["…"]], []
    if len(choices) > 10:
        body = text + "\n\n" + numbered_choices([c["title"] for c in choices])
        return [{"type": "text", "text": {"body": c}} for c in split_text(body, TEXT_LIMIT)], [c["id"] for c in choices]
    chunks = split_text(text, BODY_LIMIT) or ["…"]
    lead = [{"type": "text", "text": {"body": c}} for c in chunks[:-1]]
    if len(choices) <= 3 and all(len(c["title"]) <= 20 for c in choices):
        action: dict[str, Any] = {
            "buttons": [{"type": "reply", "reply": {"id": c["id"][:256], "title": c["title"]}} for c in choices]
        }
        kind = "button"
    else:
        rows = []
        for c in choices:
            row = {"id": c["id"][:200], "title": shorten(c["title"], 24)}
            if len(c["title"]) > 24:
                row["description"] = shorten(c["title"], 72)
            rows.append(row)
        action = {"button": "Kies", "sections": [{"title": "Keuzes", "rows": rows}]}
        kind = "list"
    last = {"type": "interactive", "interactive": {"type": kind, "body": {"text": chunks[-1]}, "action": action}}
    return [*lead, last], []


class WhatsAppChannel:
    name = CHANNEL

    def __init__(
        self,
        pipeline: Pipeline,
        store: ChannelStore,
        *,
        token: str,
        phone_id: str,
        app_secret: str,
        verify_token: str,
        graph_base: str = "https://graph.facebook.com",
        graph_version: str = "v23.0",
        template: str = "bijstandswijzer_nieuw_bericht",
    ) -> None:
        self.pipeline = pipeline
        self.store = store
        self.phone_id = phone_id
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.template = template
        self.http = httpx.AsyncClient(
            base_url=f"{graph_base.rstrip('/')}/{graph_version}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=15,
        )
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def aclose(self) -> None:
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)
        await self.http.aclose()

    # --- webhook ----------------------------------------------------------------------------------------------
    async def verify(self, request: Request) -> Response:
        q = request.query_params
        if q.get("hub.mode") == "subscribe" and hmac.compare_digest(
            q.get("hub.verify_token", "").encode(), self.verify_token.encode()
        ):
            return PlainTextResponse(q.get("hub.challenge", ""))
        return Response(status_code=403)

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        header = request.headers.get("X-Hub-Signature-256", "")
        if not header:
            return Response(status_code=401)
        if not signature_ok(self.app_secret, body, header):
            return Response(status_code=403)
        try:
            payload = json.loads(body)
        except ValueError:
            return Response(status_code=400)
        for entry in payload.get("entry") or [] if isinstance(payload, dict) else []:
            for change in entry.get("changes") or []:
                if change.get("field") != "messages":
                    continue
                value = change.get("value") or {}
                contacts = value.get("contacts") or []
                for msg in value.get("messages") or []:
                    await self._accept(msg, contacts)
                # value["statuses"] (sent/delivered/read/failed) needs no action: ignored on purpose.
        return Response(status_code=200)

    async def _accept(self, msg: dict[str, Any], contacts: list[dict[str, Any]]) -> None:
        wamid = str(msg.get("id") or "")
        sender = str(msg.get("from") or msg.get("from_user_id") or "")
        contact = next(
            (c for c in contacts if sender and sender in (c.get("user_id"), c.get("wa_id"))),
            contacts[0] if contacts else {},
        )
        key = str(contact.get("user_id") or contact.get("wa_id") or sender)
        if not wamid or not key:
            return
        if not await to_thread.run_sync(self.store.first_delivery, CHANNEL, wamid):
            log.info("whatsapp: %s delivered before, skipped", wamid)
            return
        phone = next((p for p in (contact.get("wa_id"), sender) if isinstance(p, str) and p.isdigit()), None)
        task = asyncio.create_task(self._handle(key, phone, msg))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, key: str, phone: str | None, msg: dict[str, Any]) -> None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            try:
                await to_thread.run_sync(lambda: self.store.touch_inbound(CHANNEL, key, phone=phone))
                await self._flush_pending(key)
                text = await self._text_of(key, msg)
                if text is None:
                    await self.send(key, [Reply(zin("media"))], sender="system")
                    return
                if text.strip().lower() in ("/verwijder", "verwijder"):
                    buttons = [
                        {"title": zin("verwijder_ja")[:20], "payload": "/verwijder_ja"},
                        {"title": zin("verwijder_nee")[:20], "payload": "/verwijder_nee"},
                    ]
                    await self.send(key, [Reply(zin("verwijder_vraag"), buttons=buttons)], sender="system")
                    return
                if text == "/verwijder_ja":
                    await self.send(key, [Reply(zin("verwijderd"))], sender="system")
                    await to_thread.run_sync(self.store.forget, CHANNEL, key)
                    return
                if text == "/verwijder_nee":
                    await self.send(key, [Reply(zin("niet_verwijderd"))], sender="system")
                    return
                outcome = await self.pipeline.handle(Inbound(CHANNEL, key, text))
                await self.send(key, outcome.replies)
            except Exception:
                log.exception("whatsapp: handling %s failed", msg.get("id"))
                with contextlib.suppress(Exception):
                    await self.send(key, [Reply(tekst("motor_storing"))], sender="system")

    async def _text_of(self, key: str, msg: dict[str, Any]) -> str | None:
        """The text to answer, a button's payload, or None for media (acknowledged, never downloaded)."""
        kind = msg.get("type")
        if kind == "text":
            text = str((msg.get("text") or {}).get("body") or "")
            if text.strip().isdigit():
                return await self._numbered(key, int(text.strip())) or text
            return text
        if kind == "interactive":
            inter = msg.get("interactive") or {}
            reply = inter.get("button_reply") or inter.get("list_reply") or {}
            return str(reply.get("id") or reply.get("title") or "")
        if kind == "button":  # quick reply on a template
            button = msg.get("button") or {}
            return str(button.get("payload") or button.get("text") or "")
        return None

    async def _numbered(self, key: str, number: int) -> str | None:
        offered = await to_thread.run_sync(self.store.events_after, CHANNEL, key, 0, "choices")
        if not offered:
            return None
        payloads: list[str] = offered[-1].data.get("payloads", [])
        return payloads[number - 1] if 1 <= number <= len(payloads) else None

    # --- the Channel interface -------------------------------------------------------------------------------
    async def send(self, external_id: str, replies: Sequence[Reply], *, sender: str = "bot") -> None:
        items: list[dict[str, Any]] = [
            {
                "text": f"Klantmanager: {r.text}" if sender == "klantmanager" else r.text,
                "buttons": r.buttons,
            }
            for r in replies
        ]
        contact = await to_thread.run_sync(self.store.contact, CHANNEL, external_id)
        last = contact.last_inbound_at if contact else None
        if last is None or utcnow() - last >= WINDOW:
            await self._park(external_id, items)
            return
        recipient = {"to": contact.phone} if contact and contact.phone else {"recipient": external_id}
        for i, item in enumerate(items):
            messages, choices = interactive_payloads(item["text"], item["buttons"])
            if choices:
                await to_thread.run_sync(
                    self.store.add_events, CHANNEL, external_id, "choices", [{"payloads": choices}]
                )
            try:
                for m in messages:
                    await self._post({**recipient, **m})
            except GraphError as exc:
                if exc.code != RE_ENGAGEMENT:
                    raise
                await self._park(external_id, items[i:])
                return

    async def _post(self, message: dict[str, Any]) -> dict[str, Any]:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", **message}
        r = await self.http.post(f"/{self.phone_id}/messages", json=body)
        data: dict[str, Any] = r.json() if r.content else {}
        if r.status_code >= 400:
            err = data.get("error") or {}
            raise GraphError(err.get("code"), str(err.get("message") or r.status_code))
        return data

    async def _park(self, external_id: str, items: list[dict[str, Any]]) -> None:
        """Outside the window: keep the replies and send the approved template that invites the client back."""
        await to_thread.run_sync(self.store.add_events, CHANNEL, external_id, "pending", items)
        contact = await to_thread.run_sync(self.store.contact, CHANNEL, external_id)
        recipient = {"to": contact.phone} if contact and contact.phone else {"recipient": external_id}
        template = {"name": self.template, "language": {"code": "nl"}}
        await self._post({**recipient, "type": "template", "template": template})
        log.info("whatsapp: window closed for a client, template sent, %d replies waiting", len(items))

    async def _flush_pending(self, key: str) -> None:
        waiting = await to_thread.run_sync(self.store.events_after, CHANNEL, key, 0, "pending")
        if not waiting:
            return
        await to_thread.run_sync(self.store.set_event_kind, [e.id for e in waiting], "delivered")
        recipient = await to_thread.run_sync(self.store.contact, CHANNEL, key)
        to = {"to": recipient.phone} if recipient and recipient.phone else {"recipient": key}
        for e in waiting:
            messages, _ = interactive_payloads(str(e.data.get("text", "")), e.data.get("buttons") or [])
            for m in messages:
                await self._post({**to, **m})
