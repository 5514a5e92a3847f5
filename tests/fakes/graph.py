"""A fake WhatsApp Cloud (Graph) API: records sent messages; a 'closed window' set answers 131047 like Meta."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def _error(status: int, code: int, message: str) -> JSONResponse:
    body = {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Afake"}}
    return JSONResponse(body, status_code=status)


class FakeGraph:
    def __init__(self, token: str, phone_id: str) -> None:
        self.token = token
        self.phone_id = phone_id
        self.sent: list[dict[str, Any]] = []
        self.media_requests: list[str] = []
        self.closed: set[str] = set()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.app = Starlette(
            routes=[
                Route("/download/{media_id}", self._download, methods=["GET"]),
                Route("/{ver}/{phone_id}/messages", self._messages, methods=["POST"]),
                Route("/{ver}/{media_id}", self._media, methods=["GET"]),
            ]
        )

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.token}"

    async def _messages(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, 190, "Invalid OAuth access token.")
        if request.path_params["phone_id"] != self.phone_id:
            return _error(400, 100, "Unsupported post request.")
        body: dict[str, Any] = await request.json()
        who = body.get("to") or body.get("recipient")
        if who in self.closed and body.get("type") != "template":
            return _error(400, 131047, "Re-engagement message")
        with self._lock:
            self.sent.append(body)
        wamid = f"wamid.out{next(self._ids)}"
        return JSONResponse(
            {"messaging_product": "whatsapp", "contacts": [{"input": who, "wa_id": who}], "messages": [{"id": wamid}]}
        )

    async def _media(self, request: Request) -> Response:
        with self._lock:
            self.media_requests.append(request.url.path)
        media_id = request.path_params["media_id"]
        base = str(request.base_url).rstrip("/")
        return JSONResponse({"url": f"{base}/download/{media_id}", "mime_type": "audio/ogg", "file_size": 10})

    async def _download(self, request: Request) -> Response:
        with self._lock:
            self.media_requests.append(request.url.path)
        return Response(b"OggS-fake", media_type="audio/ogg")

    # --- what tests use ----------------------------------------------------------------------------------------
    def to(self, recipient: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if recipient in (m.get("to"), m.get("recipient"))]

    def wait_for(self, check: Callable[[], Any], timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := check():
                return found
            time.sleep(0.05)
        with self._lock:
            raise AssertionError(f"timed out; sent so far: {self.sent}")


class Meta:
    """Plays Meta's side: signed webhook deliveries to the service."""

    def __init__(self, webhook_url: str, app_secret: str, phone_id: str) -> None:
        self.url = webhook_url
        self.secret = app_secret
        self.phone_id = phone_id
        self._ids = itertools.count(1)

    def sign(self, body: bytes) -> str:
        return "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()

    def post(self, payload: dict[str, Any], signature: str | None = None) -> httpx.Response:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature != "":
            headers["X-Hub-Signature-256"] = self.sign(body) if signature is None else signature
        return httpx.post(self.url, content=body, headers=headers, timeout=30)

    def envelope(self, value: dict[str, Any]) -> dict[str, Any]:
        value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": self.phone_id}, **value}
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}],
        }

    def message(
        self, user_id: str, phone: str | None, kind: str, content: dict[str, Any], wamid: str | None = None
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"profile": {"name": "Client"}, "user_id": user_id}
        msg: dict[str, Any] = {
            "id": wamid or f"wamid.in{next(self._ids)}",
            "timestamp": str(int(time.time())),
            "type": kind,
            kind: content,
        }
        if phone:
            contact["wa_id"] = phone
            msg["from"] = phone
        else:
            msg["from_user_id"] = user_id
        return self.envelope({"contacts": [contact], "messages": [msg]})

    def text(self, user_id: str, phone: str | None, text: str, wamid: str | None = None) -> dict[str, Any]:
        return self.message(user_id, phone, "text", {"body": text}, wamid)

    def button(self, user_id: str, phone: str | None, button_id: str, title: str) -> dict[str, Any]:
        return self.message(
            user_id, phone, "interactive", {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
        )

    def voice(self, user_id: str, phone: str | None) -> dict[str, Any]:
        return self.message(
            user_id, phone, "audio", {"id": "MEDIA1", "mime_type": "audio/ogg; codecs=opus", "voice": True}
        )

    def status(self, recipient: str) -> dict[str, Any]:
        status = {
            "id": "wamid.out1",
            "status": "delivered",
            "timestamp": str(int(time.time())),
            "recipient_id": recipient,
        }
        return self.envelope({"statuses": [status]})
