"""Security headers, rate limiting, and a kind 503 when the database is briefly away.

``harden(app, settings)`` installs all of it (and the redacting log filter) on the app:

- :class:`SecurityHeaders` — a Content-Security-Policy that the widget page (``/``) and ``/static`` satisfy with
  nothing from other sites (``script-src 'self'``, ``connect-src 'self'``; styles may be inline because the
  widget styles its shadow root with a ``<style>`` element), ``frame-ancestors`` from ``FRAME_ANCESTORS``
  (default ``'none'``: no embedding in frames), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``, a ``Permissions-Policy`` that switches off camera, microphone and location;
  and JSON error bodies are redacted, because some quote the client's input.
- :class:`RateLimit` — in-memory token buckets per client IP (every ``/api/`` request) and per conversation
  (messages sent: ``POST /api/v1/chat`` and the widget's ``POST …/messages``); over the limit a polite JSON
  429 in Dutch or English with ``Retry-After``. Peers in ``RATE_LIMIT_EXEMPT`` (the machine itself) are not
  limited; behind a reverse proxy list it in ``RATE_LIMIT_TRUSTED_PROXIES`` so ``X-Forwarded-For`` names the
  client. Channels can use :meth:`RateLimiter.allow` themselves (Telegram and WhatsApp deliver from a few
  fixed IPs, so they are limited per conversation in the adapter, not per IP here).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import BodySizeLimit, replay_body
from bot.config import Settings
from bot.privacy import logfilter
from bot.privacy.redact import redact

log = logging.getLogger(__name__)

MESSAGES = {
    "rate_limited": {
        "nl": "Je stuurt veel berichten kort na elkaar. Wacht {seconds} seconden en probeer het dan opnieuw.",
        "en": "You are sending many messages in a short time. Please wait {seconds} seconds and try again.",
    },
    "not_found": {
        "nl": "Deze pagina of dit adres bestaat niet.",
        "en": "This page or address does not exist.",
    },
    "method_not_allowed": {
        "nl": "Deze methode kan hier niet. Kijk in /openapi.json welke methoden er zijn.",
        "en": "This method is not allowed here. See /openapi.json for the methods.",
    },
    "http_error": {
        "nl": "Het verzoek kan niet worden verwerkt ({status}).",
        "en": "The request cannot be processed ({status}).",
    },
    "json_too_deep": {
        "nl": "Het bericht is geen bruikbare JSON: het is te diep genest (meer dan {limit} niveaus).",
        "en": "The request body is not usable JSON: it is nested too deeply (more than {limit} levels).",
    },
    "storage_unavailable": {
        "nl": "Er is even een storing bij het opslaan. Je bericht is niet bewaard. Probeer het over een minuut "
        "opnieuw.",
        "en": "Saving is briefly not possible. Your message was not saved. Please try again in a minute.",
    },
}


def error_body(code: str, language: str | None, **fmt: object) -> dict[str, object]:
    lang = language if language in ("nl", "en") else "nl"
    return {"error": {"code": code, "message": MESSAGES[code][lang].format(**fmt), "field": None}}


def language_of(headers: dict[bytes, bytes], body: bytes = b"") -> str:
    """The client's language for an error: ``language`` in a JSON body, else Accept-Language; nl or en."""
    try:
        data = json.loads(body) if body else None
        if isinstance(data, dict) and data.get("language") in ("nl", "en"):
            return str(data["language"])
    except ValueError:
        pass
    accept = headers.get(b"accept-language", b"").decode("latin-1").strip().lower()
    return "en" if accept.startswith("en") else "nl"


# --- security headers -----------------------------------------------------------------------------------


def content_security_policy(frame_ancestors: str = "") -> str:
    ancestors = " ".join(o for o in re.split(r"[\s,]+", frame_ancestors) if o) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, frame_ancestors: str = "") -> None:
        self.app = app
        headers = {
            "content-security-policy": content_security_policy(frame_ancestors),
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            "cross-origin-opener-policy": "same-origin",
        }
        if not frame_ancestors.strip():
            headers["x-frame-options"] = "DENY"  # for browsers without frame-ancestors
        self.headers = [(k.encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        start: Message | None = None
        held: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
                if message["status"] >= 400 and (b"content-type", b"application/json") in [
                    (k.lower(), v.split(b";")[0].strip()) for k, v in message["headers"]
                ]:
                    start = message  # an error body may quote the client's input: redact it first
                    return
            elif message["type"] == "http.response.body" and start is not None:
                held.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = scrub_error_body(b"".join(held))
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                message = {"type": "http.response.body", "body": body, "more_body": False}
                start = None
            await send(message)

        await self.app(scope, receive, send_with_headers)


def scrub_error_body(body: bytes) -> bytes:
    """An error body without personal data, even where it quotes what the client sent (e.g. "De taal '…'")."""
    try:
        data = json.loads(body)
    except ValueError:
        return body

    def clean(value: object) -> object:
        if isinstance(value, str):
            return redact(value).text
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    cleaned = clean(data)
    return body if cleaned == data else json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")).encode()


# --- rate limiting --------------------------------------------------------------------------------------


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """``burst`` requests at once, refilled at ``per_minute``; at most ``max_keys`` keys are remembered (the
    least recently used are forgotten first, so random keys cannot exhaust memory)."""

    def __init__(
        self, burst: int, per_minute: float, *, max_keys: int = 50_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.burst > 0 and self.rate > 0

    def take(self, key: str) -> float:
        """Use one token for ``key``: 0.0 when allowed, else the seconds until a token is available."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        bucket = self._buckets.pop(key, None) or Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimiter:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_ip = TokenBuckets(settings.rate_limit_ip_burst, settings.rate_limit_ip_per_minute, clock=clock)
        self.per_conversation = TokenBuckets(
            settings.rate_limit_conversation_burst, settings.rate_limit_conversation_per_minute, clock=clock
        )
        self.exempt = {p.strip() for p in settings.rate_limit_exempt.split(",") if p.strip()}
        self.trusted = {p.strip() for p in settings.rate_limit_trusted_proxies.split(",") if p.strip()}

    def client_ip(self, peer: str, forwarded_for: str) -> str:
        """The client's address: the peer, or, when the peer is a trusted proxy, the last address in
        ``X-Forwarded-For`` that is not a trusted proxy (earlier entries can be forged by the client)."""
        if peer not in self.trusted or not forwarded_for:
            return peer
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in self.trusted:
                return hop[:64]
        return peer

    def allow(self, conversation_key: str) -> float:
        """For channel adapters: 0.0 when the conversation may send a message now, else seconds to wait."""
        return self.per_conversation.take(conversation_key)


_WIDGET_MESSAGE = re.compile(r"^/api/chat/conversations/([^/]{1,128})/messages$")


class RateLimit:
    """Must sit inside :class:`bot.api.errors.BodySizeLimit`: it reads the (bounded, buffered) chat body to find
    the conversation id, then replays it."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        peer = (scope.get("client") or ("",))[0] or ""
        client = self.limiter.client_ip(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1"))
        if client in self.limiter.exempt:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.per_ip.take("ip:" + client)
        body = b""
        if not wait and scope.get("method") == "POST":
            conversation: str | None = None
            if path == "/api/v1/chat":
                message = await receive()
                body = message.get("body", b"") if message["type"] == "http.request" else b""
                receive = replay_body(message, receive)
                try:
                    data = json.loads(body)
                    if isinstance(data, dict) and isinstance(data.get("conversation_id"), str):
                        conversation = "web:" + data["conversation_id"][:128]
                except ValueError:
                    pass
            elif (m := _WIDGET_MESSAGE.match(path)) is not None:
                conversation = "web:" + m.group(1)
            if conversation is not None:
                wait = self.limiter.per_conversation.take(conversation)
        if wait:
            seconds = max(1, math.ceil(wait))
            response = JSONResponse(
                error_body("rate_limited", language_of(headers, body), seconds=seconds),
                status_code=429,
                headers={"Retry-After": str(seconds)},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def json_depth(body: bytes, limit: int) -> int:
    """Nesting depth of JSON text, counted up to ``limit + 1`` (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


class JsonDepthLimit:
    """Refuse deeply nested JSON (400) before any parser recurses into it. Sits inside ``BodySizeLimit``."""

    def __init__(self, app: ASGIApp, limit: int = 32) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        message = await receive()
        body = message.get("body", b"") if message["type"] == "http.request" else b""
        if body[:64].lstrip()[:1] in (b"[", b"{") and json_depth(body, self.limit) > self.limit:
            headers = dict(scope.get("headers") or [])
            response = JSONResponse(
                error_body("json_too_deep", language_of(headers), limit=self.limit), status_code=400
            )
            await response(scope, receive, send)
            return
        await self.app(scope, replay_body(message, receive), send)


# --- the database briefly away --------------------------------------------------------------------------


async def storage_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable on %s: %s", request.url.path, type(exc).__name__)
    lang = language_of({k.lower().encode(): v.encode() for k, v in request.headers.items()})
    return JSONResponse(error_body("storage_unavailable", lang), status_code=503, headers={"Retry-After": "30"})


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (unknown path, wrong method, …) in the project's error shape."""
    assert isinstance(exc, StarletteHTTPException)
    lang = language_of({k.lower().encode(): v.encode() for k, v in request.headers.items()})
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    body = error_body(code, lang, status=exc.status_code)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


def harden(app: FastAPI, settings: Settings) -> None:
    """Install the log filter, the security headers (outermost), the rate limit and the JSON depth limit (just
    inside the body size limit), the error shape for Starlette's own errors and the 503 for a database that is
    briefly unreachable. Call after ``BodySizeLimit`` is added."""
    logfilter.install()
    limiter = RateLimiter(settings)
    app.state.rate_limiter = limiter
    if settings.host in ("127.0.0.1", "::1", "localhost") and not limiter.trusted and limiter.exempt:
        log.info("rate limit: off for %s; behind a reverse proxy set RATE_LIMIT_TRUSTED_PROXIES", limiter.exempt)
    position = next((i + 1 for i, m in enumerate(app.user_middleware) if cast(object, m.cls) is BodySizeLimit), 0)
    app.user_middleware.insert(position, Middleware(RateLimit, limiter=limiter))
    app.user_middleware.insert(position + 1, Middleware(JsonDepthLimit))
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, storage_unavailable)
    app.add_exception_handler(InterfaceError, storage_unavailable)
