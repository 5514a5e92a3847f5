"""Fuzz: more than 10,000 hostile requests to every public endpoint (chat, widget API and event stream,
privacy endpoints, health, widget page, static files, OpenAPI, the action endpoint, Telegram and WhatsApp
webhooks). Never a 5xx; every 4xx of the API in the JSON error shape; no planted personal data ever comes back
or is stored or reaches the engine; nothing is served as markup except the widget page.

The bulk runs in-process over ``httpx.ASGITransport`` against the real app on PostgreSQL, with a fake of the
external dialogue engine that echoes what it is sent (so redaction before the engine is checked too). A
smaller part goes over HTTP to the real service with the real Rasa (the ``stack`` fixture).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.app import create_app
from bot.engine.base import EngineMessage
from bot.store.models import ChannelEvent, Message
from tests.conftest import Stack, make_settings

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
#: Valid personal data planted in inputs: none of it may come back, be stored or reach the engine.
PII = [
    "111222333",
    "1112.22.333",
    "NL91ABNA0417164300",
    "NL91 ABNA 0417 1643 00",
    "DE89370400440532013000",
    "jan.jansen@example.nl",
    "0612345678",
    "+31 6 12345678",
    "1234 AB 12",
]
HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><svg/onload=alert(1)>"]
SQL = ["'; DROP TABLE messages; --", "1 OR 1=1", '" OR ""="', "\\x00\\x1a", "%00", "${jndi:ldap://x}"]
WEBHOOKS = ("/telegram/webhook", "/whatsapp/webhook")
#: Endpoints whose error bodies follow the caller's protocol (Rasa, Telegram, Meta), not the API's error shape.
PROTOCOL_PATHS = ("/rasa/actions", *WEBHOOKS)
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
)
#: FUZZ_SCALE=0.1 for a quick run while developing; the suite runs the full counts.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=max(1, int(examples * SCALE)))


@dataclass
class EchoEngine:
    """Fake of the external dialogue engine: says back what it received, plus an answer card."""

    seen: list[str] = field(default_factory=list)

    async def ready(self) -> bool:
        return True

    async def turn(self, sender: str, text: str, metadata: dict[str, Any]) -> list[EngineMessage]:
        self.seen.append(text)
        return [EngineMessage(text=f"Je schreef: {text}"), EngineMessage(custom={"kaart": "TP-01"})]

    async def aclose(self) -> None:
        return None


@dataclass
class Fuzzer:
    app: FastAPI
    engine: EchoEngine
    runner: asyncio.Runner
    client: httpx.AsyncClient
    widget_id: str
    widget_token: str
    count: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        r = self.runner.run(self.client.request(method, path, **kwargs))
        self.count += 1
        self.by_status[r.status_code] = self.by_status.get(r.status_code, 0) + 1
        check(path, r)
        return r


def check(asked: str, r: httpx.Response) -> None:
    path = r.request.url.path  # as sent ("//x" is a network-path reference to "/")
    assert r.status_code < 500, (path, r.status_code, r.text[:500])
    body = r.text
    for value in PII:
        assert value not in body, (path, value, body[:500])
    ctype = r.headers.get("content-type", "")
    if "text/html" in ctype:
        assert path in ("/", "/static/index.html") or path.startswith("/docs") or path.startswith("/redoc"), path
    assert r.headers["x-content-type-options"] == "nosniff"
    if 400 <= r.status_code < 500 and not path.startswith(PROTOCOL_PATHS) and r.request.method != "HEAD":
        error = r.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str), body[:300]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    name = f"bijstand_fuzz_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:  # a missing PostgreSQL fails, not skips
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Fuzzer]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    cfg = make_settings(
        tmp,
        rasa_url="http://127.0.0.1:9",
        database_url=pg_url,
        telegram_token="123456:FUZZ-token",
        telegram_secret="fuzz-secret-unknown-to-the-fuzzer",
        telegram_api_base="http://127.0.0.1:9",
        whatsapp_token="wa-fuzz",
        whatsapp_phone_id="1",
        whatsapp_app_secret="wa-fuzz-secret",
        whatsapp_verify_token="wa-fuzz-verify",
        whatsapp_graph_base="http://127.0.0.1:9",
    )
    engine = EchoEngine()
    app = create_app(cfg, engine=engine)
    with asyncio.Runner() as runner:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://bijstand.test", timeout=30)
        created = runner.run(client.post("/api/chat/conversations", json={})).json()
        f = Fuzzer(app, engine, runner, client, created["conversation_id"], created["token"])
        yield f
        runner.run(app.state.channels.web.drain())
        runner.run(client.aclose())
        elapsed = time.monotonic() - f.started
        print(f"\nfuzz: {f.count} in-process requests in {elapsed:.1f} s; statuses {dict(sorted(f.by_status.items()))}")


# --- strategies ------------------------------------------------------------------------------------------

planted = st.sampled_from(PII)
nasty = st.sampled_from([*HTML, *SQL, "\u202e", "\ufeff", "\u0000", "\r\n\r\nX-Injected: 1", "😀" * 500, "A" * 3000])
texts = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So", "Mn"]), max_size=200),
    st.builds(lambda a, p, b: f"{a} {p} {b}", st.text(max_size=50), planted, st.text(max_size=50)),
    nasty,
    st.text(min_size=1900, max_size=2100),
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=8,
)
conversation_ids = st.one_of(
    st.from_regex(r"\A[A-Za-z0-9_.:-]{1,128}\Z"),
    st.text(max_size=200),
    st.sampled_from(["", " ", "../../etc/passwd", "%2e%2e%2f", "a" * 129, "<b>x</b>", "null", "0"]),
)
deep = st.integers(50, 5000).map(lambda n: ("[" * n + "]" * n).encode())
raw_bodies = st.one_of(
    st.binary(max_size=2000),
    deep,
    st.integers(50, 3000).map(lambda n: ('{"a":' * n + "1" + "}" * n).encode()),
    st.just(b"\xff\xfe\xfd invalid utf-8 \xc3\x28"),
    st.just(b'{"conversation_id": "x", "text": "\\ud800\\udfff\\ud800"}'),
    st.just(b'{"conversation_id": "x", "text": "nul \\u0000 byte"}'),
    st.integers(16_000, 40_000).map(lambda n: b'{"text": "' + b"x" * n + b'"}'),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=100)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept-Language": st.one_of(header_text, st.sampled_from(["en", "nl-NL,nl;q=0.9", "*", "ar"])),
        "X-Forwarded-For": st.one_of(header_text, st.just("127.0.0.1, 10.0.0.1")),
        "Authorization": st.one_of(header_text, st.builds(lambda t: f"Bearer {t}", header_text)),
        "Content-Type": st.one_of(
            header_text, st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x"])
        ),
        "Last-Event-ID": header_text,
        "X-Action-Token": header_text,
        "X-Telegram-Bot-Api-Secret-Token": header_text,
        "X-Hub-Signature-256": st.builds(lambda t: f"sha256={t}", header_text),
        "Origin": st.sampled_from(["https://evil.example", "null", "http://bijstand.test"]),
    },
)


@st.composite
def chat_bodies(draw: st.DrawFn) -> dict[str, Any] | list[Any] | Any:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(json_values)
    body: dict[str, Any] = {
        "conversation_id": draw(st.one_of(conversation_ids, json_scalars)),
        "text": draw(st.one_of(texts, json_values) if kind == 1 else texts),
    }
    for key, strategy in [
        ("gemeente", st.one_of(st.none(), texts, st.sampled_from(["utrecht", "UTRECHT ", "nergens"]))),
        ("language", st.one_of(st.none(), texts, st.sampled_from(["nl", "en", "tr", "xx"]))),
        ("reference_date", st.one_of(st.none(), texts, st.sampled_from(["2026-01-01", "2026-13-45", "0001-01-01"]))),
        ("extra", json_values),
    ]:
        if draw(st.booleans()):
            body[key] = draw(strategy)
    return body


def request_kwargs(draw: st.DrawFn, json_body: Any) -> dict[str, Any]:
    hdrs = draw(headers)
    if draw(st.integers(0, 3)) == 0:
        return {"content": draw(raw_bodies), "headers": hdrs}
    try:
        content = json.dumps(json_body, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):
        content = b"{}"
    return {"content": content, "headers": {"Content-Type": "application/json", **hdrs}}


# --- the endpoints ---------------------------------------------------------------------------------------


@fuzz(4000)
@given(st.data())
def test_fuzz_chat(fuzzer: Fuzzer, data: st.DataObject) -> None:
    kwargs = request_kwargs(data.draw, data.draw(chat_bodies()))
    fuzzer.send("POST", "/api/v1/chat", **kwargs)


@fuzz(2000)
@given(st.data())
def test_fuzz_widget_api(fuzzer: Fuzzer, data: st.DataObject) -> None:
    valid = data.draw(st.booleans())
    cid = fuzzer.widget_id if valid else data.draw(conversation_ids)
    auth = {"Authorization": f"Bearer {fuzzer.widget_token}"} if valid and data.draw(st.booleans()) else {}
    which = data.draw(st.integers(0, 2))
    if which == 0:
        body = data.draw(
            st.one_of(json_values, st.fixed_dictionaries({}, optional={"gemeente": texts, "language": texts}))
        )
        kwargs = request_kwargs(data.draw, body)
        fuzzer.send("POST", "/api/chat/conversations", **kwargs)
    elif which == 1:
        body = data.draw(
            st.one_of(
                json_values,
                st.fixed_dictionaries(
                    {"text": texts}, optional={"display": texts, "language": texts, "gemeente": texts}
                ),
            )
        )
        kwargs = request_kwargs(data.draw, body)
        kwargs["headers"] = {**kwargs["headers"], **auth}
        fuzzer.send("POST", f"/api/chat/conversations/{_quote(cid)}/messages", **kwargs)
    else:  # the event stream, only with a wrong or missing token (a right one streams for ever)
        token = data.draw(st.one_of(st.none(), header_text))
        params = {"token": token} if token is not None else {}
        fuzzer.send("GET", f"/api/chat/conversations/{_quote(cid)}/events", params=params, headers=data.draw(headers))


@fuzz(1600)
@given(st.data())
def test_fuzz_privacy_endpoints(fuzzer: Fuzzer, data: st.DataObject) -> None:
    cid = data.draw(st.one_of(conversation_ids, st.just(fuzzer.widget_id)))
    hdrs = data.draw(headers)
    if data.draw(st.booleans()):
        params = data.draw(st.fixed_dictionaries({}, optional={"after": header_text, "language": header_text}))
        fuzzer.send("GET", f"/api/v1/conversations/{_quote(cid)}/messages", params=params, headers=hdrs)
    else:
        if cid == fuzzer.widget_id:
            hdrs.pop("Authorization", None)  # keep the widget conversation for the other tests
        fuzzer.send("DELETE", f"/api/v1/conversations/{_quote(cid)}", headers=hdrs)


@fuzz(1600)
@given(st.data())
def test_fuzz_pages_static_health_openapi(fuzzer: Fuzzer, data: st.DataObject) -> None:
    path = data.draw(
        st.one_of(
            st.sampled_from(["/", "/healthz", "/openapi.json", "/docs", "/static/widget.js", "/static/page.css"]),
            st.builds(lambda p: "/static/" + p, st.text(max_size=60)),
            st.sampled_from(["/static/../bot/config.py", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/", "//x"]),
            st.builds(lambda p: "/" + p, st.text(max_size=60)),
        )
    )
    method = data.draw(st.sampled_from(["GET", "GET", "HEAD", "POST", "PUT", "OPTIONS", "PATCH"]))
    params = data.draw(st.dictionaries(header_text, header_text, max_size=3))
    fuzzer.send(method, _quote(path, keep="/"), params=params, headers=data.draw(headers))


@fuzz(1000)
@given(st.data())
def test_fuzz_actions_and_webhooks(fuzzer: Fuzzer, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(["/rasa/actions", *WEBHOOKS]))
    body = data.draw(
        st.one_of(
            json_values,
            st.fixed_dictionaries({"next_action": texts, "sender_id": texts, "tracker": json_values}),
            st.fixed_dictionaries({"update_id": st.integers(), "message": json_values}),
            st.fixed_dictionaries({"object": texts, "entry": json_values}),
        )
    )
    kwargs = request_kwargs(data.draw, body)
    method = "GET" if path == "/whatsapp/webhook" and data.draw(st.booleans()) else "POST"
    if method == "GET":
        fuzzer.send(method, path, params=data.draw(st.dictionaries(header_text, header_text, max_size=4)))
    else:
        fuzzer.send(method, path, **kwargs)


def _quote(path: str, keep: str = "") -> str:
    from urllib.parse import quote

    return quote(path, safe=keep + ":@!$&'()*+,;=-._~")


def test_fuzz_totals_and_nothing_personal_stored_or_sent_to_the_engine(fuzzer: Fuzzer) -> None:
    assert fuzzer.count >= 10_000 * SCALE
    assert fuzzer.engine.seen, "some fuzzed messages were valid and reached the engine"
    fuzzer.runner.run(fuzzer.app.state.channels.web.drain())
    for text in fuzzer.engine.seen:
        assert not any(value in text for value in PII), text[:200]
    with fuzzer.app.state.store.session() as s:
        stored = [m.text for m in s.scalars(select(Message))]
        events = [json.dumps(e.data, ensure_ascii=False) for e in s.scalars(select(ChannelEvent))]
    assert stored
    for text in [*stored, *events]:
        assert not any(value in text for value in PII), text[:200]


@settings(
    max_examples=max(1, int(60 * SCALE)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(body=chat_bodies(), hdrs=headers)
def test_fuzz_chat_against_the_real_rasa(stack: Stack, body: Any, hdrs: dict[str, str]) -> None:
    if isinstance(body, dict) and isinstance(body.get("conversation_id"), str):
        body["conversation_id"] = "fz-" + uuid.uuid4().hex[:12]  # no rate limit build-up in one conversation
    try:
        content = json.dumps(body).encode()
    except (ValueError, RecursionError):
        content = b"{}"
    clean = {k: v.strip() for k, v in hdrs.items()}  # over real HTTP, h11 refuses padded header values itself
    r = httpx.post(
        f"{stack.service.url}/api/v1/chat",
        content=content,
        headers={**clean, "Content-Type": "application/json"},
        timeout=60,
    )
    check("/api/v1/chat", r)
