"""A fake Telegram Bot API: answers what python-telegram-bot calls, records it, and plays Telegram's side.

``POST /bot{token}/{method}`` (form data or JSON) and ``GET /file/bot{token}/{path}``. PTB encodes every
non-string parameter as JSON inside form fields; free-text fields stay strings (a user text "42" stays "42").
"""

from __future__ import annotations

import asyncio
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

FREE_TEXT = {"text", "caption", "secret_token", "url", "title", "description", "query", "callback_query_id"}
BOT_USER = {"id": 9000001, "is_bot": True, "first_name": "Bijstandswijzer", "username": "bijstandswijzer_test_bot"}


def _decode(key: str, value: Any) -> Any:
    if key in FREE_TEXT or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook: dict[str, Any] = {}
        self._updates: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1000)
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["POST", "GET"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )

    # --- what the fake answers ---------------------------------------------------------------------------------
    async def _params(self, request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            data: dict[str, Any] = await request.json()
            return data
        return {k: _decode(k, v) for k, v in (await request.form()).items()}

    async def _method(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.path_params["method"]
        params = await self._params(request)
        with self._lock:
            self.calls.append((method, params))
        if method == "getUpdates":
            return JSONResponse({"ok": True, "result": await self._get_updates(params)})
        result = self._result(method, params)
        if result is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return JSONResponse({"ok": True, "result": result})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
        if method == "setWebhook":
            self.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
            return True
        if method == "deleteWebhook":
            self.webhook = {}
            return True
        if method == "getWebhookInfo":
            return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
        if method in {"sendChatAction", "answerCallbackQuery", "setMyCommands", "deleteMyCommands"}:
            return True
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                ready = [u for u in self._updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    async def _file(self, request: Request) -> Response:
        return Response(b"OggS-fake-voice", media_type="audio/ogg")

    # --- what tests use ----------------------------------------------------------------------------------------
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                p for m, p in self.calls if m == method and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)
            ]

    def methods(self) -> list[str]:
        with self._lock:
            return [m for m, _ in self.calls]

    def wait_for(self, check: Callable[[], Any], timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := check():
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out; calls so far: {self.methods()}")

    def queue(self, update: dict[str, Any]) -> None:
        """For long polling: the next getUpdates returns it."""
        with self._lock:
            self._updates.append(update)

    def deliver(self, update: dict[str, Any], secret: str | None = None) -> httpx.Response:
        """Play Telegram in webhook mode: POST the update to the registered URL with the secret header."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook["secret_token"] if secret is None else secret}
        if secret == "":
            headers = {}
        return httpx.post(self.webhook["url"], json=update, headers=headers, timeout=30)

    # --- updates as Telegram sends them ------------------------------------------------------------------------
    def _user(self, chat_id: int, language: str) -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "Client", "language_code": language}

    def message(self, chat_id: int, text: str, language: str = "nl", **extra: Any) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Client"},
            "from": self._user(chat_id, language),
            **extra,
        }
        if text:
            msg["text"] = text
            if text.startswith("/"):
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": next(self._update_ids), "message": msg}

    def voice(self, chat_id: int) -> dict[str, Any]:
        voice = {"file_id": "VOICE1", "file_unique_id": "U1", "duration": 3, "mime_type": "audio/ogg"}
        return self.message(chat_id, "", voice=voice)

    def press(self, chat_id: int, data: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": f"cb{next(self._ids)}",
                "from": self._user(chat_id, "nl"),
                "chat_instance": "ci1",
                "data": data,
                "message": {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"},
                    "from": BOT_USER,
                    "text": "(keuze)",
                },
            },
        }
