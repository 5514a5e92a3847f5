"""Clear JSON errors for bad input; never a 500 for something the client sent."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

MESSAGES: dict[str, dict[str, str]] = {
    "invalid_json": {
        "nl": "Het bericht is geen geldige JSON. Stuur een JSON-object met conversation_id en text.",
        "en": "The request body is not valid JSON. Send a JSON object with conversation_id and text.",
    },
    "invalid_body": {
        "nl": "Stuur een JSON-object met de velden conversation_id en text.",
        "en": "Send a JSON object with the fields conversation_id and text.",
    },
    "missing_field": {"nl": "Het veld '{field}' ontbreekt.", "en": "The field '{field}' is missing."},
    "invalid_field": {
        "nl": "Het veld '{field}' klopt niet: {problem}",
        "en": "The field '{field}' is invalid: {problem}",
    },
    "text_too_long": {
        "nl": "Je bericht is te lang (meer dan {limit} tekens). Stuur een kortere vraag.",
        "en": "Your message is too long (more than {limit} characters). Please send a shorter question.",
    },
    "unknown_gemeente": {
        "nl": "De gemeente '{value}' ken ik niet. Kies een van: {choices}.",
        "en": "I don't know the gemeente '{value}'. Choose one of: {choices}.",
    },
    "unsupported_language": {
        "nl": "De taal '{value}' wordt niet ondersteund. Kies uit: {choices}.",
        "en": "The language '{value}' is not supported. Choose from: {choices}.",
    },
    "body_too_large": {
        "nl": "Het verzoek is te groot (meer dan {limit} bytes).",
        "en": "The request is too large (more than {limit} bytes).",
    },
    "internal": {
        "nl": "Er ging iets mis aan onze kant. Je bericht is bewaard. Probeer het later opnieuw.",
        "en": "Something went wrong on our side. Your message was saved. Please try again later.",
    },
}


def error_response(
    status: int,
    code: str,
    language: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    **fmt: Any,
) -> JSONResponse:
    lang = language if language in ("nl", "en") else "nl"
    message = MESSAGES[code][lang].format(field=field, **fmt)
    body = {"error": {"code": code, "message": message, "field": field}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _language_hint(request: Request) -> str | None:
    try:
        data = json.loads(await request.body())
    except (ValueError, RecursionError):  # invalid or absurdly nested JSON: no hint
        return None
    hint = data.get("language") if isinstance(data, dict) else None
    return hint if isinstance(hint, str) else None


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lang = await _language_hint(request)
    first = exc.errors()[0] if exc.errors() else {"type": "json_invalid", "loc": ()}
    if first["type"] == "json_invalid":
        return error_response(400, "invalid_json", lang)
    if first["loc"] == ("body",):
        return error_response(422, "invalid_body", lang)
    field = ".".join(str(p) for p in first["loc"][1:]) or None
    if first["type"] == "missing":
        return error_response(422, "missing_field", lang, field)
    return error_response(422, "invalid_field", lang, field, problem=first.get("msg", ""))


async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return error_response(500, "internal")


class BodySizeLimit:
    """Reject request bodies over ``limit`` bytes with 413 before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await error_response(413, "body_too_large", limit=self.limit)(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, replay_body(message, receive), send)
                return
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                await error_response(413, "body_too_large", limit=self.limit)(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        body: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, replay_body(body, receive), send)


def replay_body(first: Message, receive: Receive) -> Receive:
    """A ``receive`` that returns the already-read body first, then the real messages (e.g. disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return replay


class JsonBody:
    """Read the body of ``paths`` as JSON whatever its content type says.

    ``curl -d '{...}'`` sends ``application/x-www-form-urlencoded``; the chat API only takes JSON, so such a body
    is parsed as the JSON it is (and gets the usual clear error when it is not JSON).
    """

    def __init__(self, app: ASGIApp, paths: tuple[str, ...]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") in self.paths:
            headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-type"]
            scope = {**scope, "headers": [*headers, (b"content-type", b"application/json")]}
        await self.app(scope, receive, send)
