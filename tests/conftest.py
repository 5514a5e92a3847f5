"""Shared fixtures: the real Rasa sidecar and the real service, each on a free 127.0.0.1 port."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from bot.app import create_app
from bot.channels.store import ChannelStore
from bot.config import ROOT, Settings
from bot.engine import sidecar
from bot.store.db import make_engine
from bot.store.repository import Store
from tests.fakes.graph import FakeGraph, Meta
from tests.fakes.server import Background, run_in_thread
from tests.fakes.telegram import FakeTelegram

DIALOGEN = ROOT / "dialogen"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Running:
    url: str
    settings: Settings
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def serve(settings: Settings) -> Running:
    """Start the real service in a thread (own event loop) and wait until it accepts requests."""
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=settings.port, log_level="warning", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("service did not start")
        time.sleep(0.05)
    return Running(f"http://127.0.0.1:{settings.port}", settings, server, thread)


def make_settings(tmp: Path, *, rasa_url: str, port: int | None = None, **extra: object) -> Settings:
    return Settings(
        port=port or free_port(),
        data_dir=tmp,
        rasa_url=rasa_url,
        rasa_action_token="test-action-token",
        cache_dir=ROOT / "data" / "cache",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def rasa_model() -> Path:
    return sidecar.ensure_model(DIALOGEN)


@dataclass
class Stack:
    service: Running
    rasa: Popen[bytes]
    rasa_url: str
    rasa_ready_seconds: float


@pytest.fixture(scope="session")
def stack(rasa_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Real Rasa (trained model) + real service, wired together as in production."""
    tmp = tmp_path_factory.mktemp("stack")
    rasa_port, service_port = free_port(), free_port()
    settings = make_settings(tmp, rasa_url=f"http://127.0.0.1:{rasa_port}", port=service_port)
    proc = sidecar.start(
        DIALOGEN,
        rasa_model,
        port=rasa_port,
        service_port=service_port,
        action_token=settings.rasa_action_token,
        log_path=tmp / "rasa.log",
    )
    try:
        ready = sidecar.wait_ready(settings.rasa_url, proc, timeout=240)
        running = serve(settings)
    except Exception:
        sidecar.stop(proc)
        print((tmp / "rasa.log").read_text(errors="replace")[-4000:])
        raise
    yield Stack(running, proc, settings.rasa_url, ready)
    running.stop()
    sidecar.stop(proc)


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.service.url, timeout=60) as c:
        yield c


# --- channels (issue 5): the service with Telegram and WhatsApp configured against fakes on 127.0.0.1 ---------
TG_TOKEN = "123456:TEST-token_abc"
TG_SECRET = "tg-secret_0123456789"
WA_TOKEN = "wa-test-token"
WA_PHONE_ID = "1098765432"
WA_APP_SECRET = "wa-app-secret"
WA_VERIFY_TOKEN = "wa-verify-token"


@dataclass
class ChannelStack:
    service: Running
    telegram: FakeTelegram
    graph: FakeGraph
    meta: Meta
    rasa_url: str
    fakes: list[Background]


@pytest.fixture(scope="session")
def channel_stack(stack: Stack) -> Iterator[ChannelStack]:
    """A second real service (same Rasa, same database) with Telegram (webhook) and WhatsApp switched on."""
    telegram, graph = FakeTelegram(TG_TOKEN), FakeGraph(WA_TOKEN, WA_PHONE_ID)
    fakes = [run_in_thread(telegram.app), run_in_thread(graph.app)]
    port = free_port()
    settings = make_settings(
        stack.service.settings.data_dir,
        rasa_url=stack.rasa_url,
        port=port,
        telegram_token=TG_TOKEN,
        telegram_secret=TG_SECRET,
        telegram_mode="webhook",
        telegram_api_base=fakes[0].url,
        telegram_public_url=f"http://127.0.0.1:{port}",
        whatsapp_token=WA_TOKEN,
        whatsapp_phone_id=WA_PHONE_ID,
        whatsapp_app_secret=WA_APP_SECRET,
        whatsapp_verify_token=WA_VERIFY_TOKEN,
        whatsapp_graph_base=fakes[1].url,
        sse_keepalive=1.0,
    )
    running = serve(settings)
    meta = Meta(f"{running.url}/whatsapp/webhook", WA_APP_SECRET, WA_PHONE_ID)
    yield ChannelStack(running, telegram, graph, meta, stack.rasa_url, fakes)
    running.stop()
    for fake in reversed(fakes):
        fake.stop()


def on_service(running: Running, make: Callable[[Any], Coroutine[Any, Any, T]], timeout: float = 30) -> T:
    """Run a coroutine on the service's own event loop, given its app (e.g. the channel router)."""
    app = running.server.config.app
    loop = app.state.channels.loop
    return asyncio.run_coroutine_threadsafe(make(app), loop).result(timeout)


def channel_store(running: Running) -> ChannelStore:
    """The service's channel data, read from the database it uses (a separate connection)."""
    return ChannelStore(Store(make_engine(running.settings.resolved_database_url())))


# --- a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; never `playwright install`) ---
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per test module (a module with async tests overrides this with a function-scoped one)."""
    with chromium() as b:
        yield b
