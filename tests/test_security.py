"""Security headers (and a real browser that finds nothing to block), rate limits, the action token, and Rasa
bound to loopback only."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from playwright.sync_api import Browser

from bot.api.security import RateLimiter, TokenBuckets, content_security_policy
from bot.app import create_app
from bot.engine.rasa import RasaEngine
from tests.conftest import Stack, chromium, make_settings

#: One event loop for the async tests: the app (and its engine client's connections) is shared by them.
module_loop = pytest.mark.asyncio(loop_scope="module")


def strict_settings(tmp: Path, stack: Stack, **extra: object) -> object:
    return make_settings(
        tmp,
        rasa_url=stack.rasa_url,
        rate_limit_exempt="",
        rate_limit_ip_burst=8,
        rate_limit_ip_per_minute=6,
        rate_limit_conversation_burst=3,
        rate_limit_conversation_per_minute=6,
        **extra,
    )


@pytest.fixture(scope="module")
def limited_app(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    settings = strict_settings(tmp_path_factory.mktemp("limited"), stack, frame_ancestors="https://www.utrecht.nl")
    return create_app(settings, engine=RasaEngine(stack.rasa_url))  # type: ignore[arg-type]


@pytest_asyncio.fixture(loop_scope="module")
async def asgi(limited_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    limiter: RateLimiter = limited_app.state.rate_limiter
    limiter.per_ip._buckets.clear()
    limiter.per_conversation._buckets.clear()
    transport = httpx.ASGITransport(app=limited_app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://bijstand.test", timeout=60) as c:
        yield c


# --- headers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/static/widget.js", "/static/page.css", "/healthz", "/openapi.json", "/nee"])
def test_every_response_has_the_security_headers(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp  # nothing from other sites
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


@module_loop
async def test_frame_ancestors_are_configurable_for_embedding_gemeenten(asgi: httpx.AsyncClient) -> None:
    r = await asgi.get("/")
    assert "frame-ancestors https://www.utrecht.nl;" in r.headers["content-security-policy"] + ";"
    assert "x-frame-options" not in r.headers  # it cannot name an origin; frame-ancestors decides
    assert content_security_policy("https://a.nl, https://b.nl").endswith("frame-ancestors https://a.nl https://b.nl")


def test_unknown_paths_and_methods_answer_in_the_error_shape(client: httpx.Client) -> None:
    r = client.get("/bestaat/niet")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.put("/api/v1/chat", json={})
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert "allow" in r.headers


@pytest.fixture
def browser() -> Iterator[Browser]:
    # function scope: Playwright's sync API holds an event loop while it runs, which async tests cannot share
    with chromium() as b:
        yield b


def test_the_widget_page_works_under_the_csp_with_nothing_blocked(browser: Browser, stack: Stack) -> None:
    page = browser.new_page()
    violations: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda req: hosts.add(urlsplit(req.url).netloc))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.log('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(stack.service.url + "/")
    page.get_by_label("Je vraag").fill("Wat is een tegenprestatie?")
    page.keyboard.press("Enter")
    page.get_by_role("log").get_by_text("Bron: artikel 9 lid 1 onderdeel c Participatiewet").wait_for(timeout=30_000)
    page.close()
    assert violations == []
    assert hosts == {urlsplit(stack.service.url).netloc}  # no third-party requests


# --- rate limits -----------------------------------------------------------------------------------------


@module_loop
async def test_a_conversation_sending_too_fast_gets_a_polite_429(asgi: httpx.AsyncClient) -> None:
    body = {"conversation_id": "snel-1", "text": "Wat is een tegenprestatie?"}
    statuses = [(await asgi.post("/api/v1/chat", json=body)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    r = await asgi.post("/api/v1/chat", json=body)
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
    error = r.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Je stuurt veel berichten kort na elkaar.")
    assert f"Wacht {r.headers['retry-after']} seconden" in error["message"]
    r = await asgi.post("/api/v1/chat", json={**body, "language": "en"})
    assert r.json()["error"]["message"].startswith("You are sending many messages")
    # another conversation from the same address is not held up by this one
    r = await asgi.post("/api/v1/chat", json={"conversation_id": "rustig-1", "text": "Hallo"})
    assert r.status_code == 200


@module_loop
async def test_one_address_is_limited_across_conversations_and_cannot_spoof_forwarded_for(
    asgi: httpx.AsyncClient,
) -> None:
    codes = []
    for i in range(10):
        r = await asgi.get(f"/api/v1/conversations/ip-{i}/messages", headers={"X-Forwarded-For": f"198.51.100.{i}"})
        codes.append(r.status_code)
    assert codes[:8] == [404] * 8  # 8 at once, whatever X-Forwarded-For says (no trusted proxy)
    assert codes[8:] == [429, 429]
    assert (await asgi.get("/healthz")).status_code == 200  # not an /api/ path: the health check stays up


def test_behind_a_trusted_proxy_the_forwarded_address_counts(tmp_path: Path) -> None:
    settings = dataclasses.replace(
        make_settings(tmp_path, rasa_url="http://127.0.0.1:9"),
        rate_limit_exempt="",
        rate_limit_trusted_proxies="127.0.0.1",
    )
    limiter = RateLimiter(settings)
    assert limiter.client_ip("127.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"  # the proxy appended this one
    assert limiter.client_ip("127.0.0.1", "") == "127.0.0.1"
    assert limiter.client_ip("192.0.2.1", "203.0.113.9") == "192.0.2.1"  # not a proxy: its header is ignored


def test_token_buckets_refill_and_forget_the_least_recent_keys() -> None:
    now = [0.0]
    buckets = TokenBuckets(2, 60, max_keys=3, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") == pytest.approx(1.0)  # one token per second
    now[0] = 0.5
    assert buckets.take("a") == pytest.approx(0.5)
    now[0] = 1.6
    assert buckets.take("a") == 0.0
    for key in "bcdef":
        buckets.take(key)
    assert len(buckets) == 3  # bounded, whatever the number of conversation ids
    assert TokenBuckets(0, 60).take("x") == 0.0  # burst 0: no limit


# --- the action endpoint and loopback --------------------------------------------------------------------


@module_loop
@pytest.mark.parametrize("headers", [{}, {"X-Action-Token": ""}, {"X-Action-Token": "raden"}])
async def test_the_action_endpoint_refuses_calls_without_the_shared_token(
    asgi: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    body = {"next_action": "action_kennisbank_antwoord", "sender_id": "x", "tracker": {}, "domain": {}}
    r = await asgi.post("/rasa/actions", json=body, headers=headers)
    assert r.status_code == 403


def _listeners(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6; state 0A = LISTEN)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_is_started_and_listening_on_loopback_only(stack: Stack) -> None:
    args = [str(a) for a in stack.rasa.args]  # type: ignore[union-attr]
    assert args[args.index("-i") + 1] == "127.0.0.1"
    port = int(stack.rasa_url.rsplit(":", 1)[1])
    assert _listeners(port) == {"0100007F"}  # 127.0.0.1, and nothing on 0.0.0.0 or ::
    service_port = stack.service.settings.port
    assert _listeners(service_port) == {"0100007F"}
