"""Every inbound message is stored (redacted) before the engine is called; SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.channels.store import ChannelStore
from bot.engine import sidecar
from bot.store.db import make_engine, upgrade
from bot.store.models import Conversation, Message
from bot.store.repository import Store
from tests.conftest import DIALOGEN, Stack, free_port, make_settings, serve

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def head_revision() -> str:
    """The newest migration, read from the migration files (the one no other file names as its parent)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from bot.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    name = f"bijstand_test_{uuid.uuid4().hex[:10]}"
    # PostgreSQL must be there (127.0.0.1:5432): a missing server fails the run, it is not skipped.
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_create_the_schema_and_are_idempotent(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    engine.dispose()


def test_store_keeps_one_conversation_per_channel_identity(database_url: str) -> None:
    upgrade(database_url)
    store = Store(make_engine(database_url))
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(store.open_conversation("web", "same", "nl"))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.id for r in results}) == 1
    assert sum(r.is_new for r in results) == 1
    other = store.open_conversation("telegram", "same", None)
    assert other.id != results[0].id
    a = store.add_message(other.id, direction="in", sender="client", text="één", status="received")
    b = store.add_message(other.id, direction="out", sender="bot", text="twee", status="sent", payload={"card": "X"})
    store.set_status(a, "answered")
    msgs = store.messages(other.id)
    assert [(m.id, m.text, m.status) for m in msgs] == [(a, "één", "answered"), (b, "twee", "sent")]
    assert msgs[1].payload == {"card": "X"}
    store.engine.dispose()


def _rows(settings_db: str) -> list[Message]:
    engine = create_engine(settings_db)
    with Session(engine) as s:
        rows = list(s.scalars(select(Message).order_by(Message.id)))
    engine.dispose()
    return rows


def test_message_is_stored_redacted_when_the_engine_is_down(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    settings = make_settings(tmp_path, rasa_url=dead, engine_wait=0.5)
    running = serve(settings)
    try:
        r = httpx.post(
            f"{running.url}/api/v1/chat",
            timeout=30,
            json={"conversation_id": "down-1", "text": "mijn bsn is 111222333, wat is een tegenprestatie?"},
        )
    finally:
        running.stop()
    assert r.status_code == 503
    assert r.headers["retry-after"]
    body = r.json()
    assert body["error"]["code"] == "engine_unavailable"
    assert "bewaard" in body["messages"][-1]["text"]
    rows = _rows(settings.resolved_database_url())
    inbound = [m for m in rows if m.direction == "in"]
    assert len(inbound) == 1
    assert inbound[0].status == "engine_unavailable"
    assert "111222333" not in inbound[0].text
    assert "[BSN verwijderd]" in inbound[0].text
    assert inbound[0].redactions == ["bsn"]


def test_request_during_engine_start_waits_and_is_answered(tmp_path: Path, rasa_model: Path) -> None:
    """While Rasa is still loading, the chat request is held and answered once the engine is ready."""
    rasa_port = free_port()
    settings = make_settings(tmp_path, rasa_url=f"http://127.0.0.1:{rasa_port}", engine_wait=180)
    running = serve(settings)
    proc = None
    try:
        result: dict[str, httpx.Response] = {}
        t = threading.Thread(
            target=lambda: result.setdefault(
                "r",
                httpx.post(
                    f"{running.url}/api/v1/chat",
                    timeout=240,
                    json={"conversation_id": "early-1", "text": "Wat is een tegenprestatie?"},
                ),
            )
        )
        t.start()
        time.sleep(1.0)
        assert httpx.get(f"{running.url}/healthz").json()["engine"] == "loading"
        rows = _rows(settings.resolved_database_url())
        assert [(m.direction, m.status) for m in rows] == [("in", "received")]  # stored before the engine answered
        proc = sidecar.start(
            DIALOGEN,
            rasa_model,
            port=rasa_port,
            service_port=settings.port,
            action_token=settings.rasa_action_token,
            log_path=tmp_path / "rasa.log",
        )
        t.join(240)
        r = result["r"]
        assert r.status_code == 200, r.text
        assert any(m["card"] == "TP-01" for m in r.json()["messages"])
        assert [m.status for m in _rows(settings.resolved_database_url()) if m.direction == "in"] == ["answered"]
    finally:
        running.stop()
        if proc is not None:
            sidecar.stop(proc)


def test_a_turn_stores_the_question_before_the_answers(client: httpx.Client, stack: Stack) -> None:
    r = client.post("/api/v1/chat", json={"conversation_id": "order-1", "text": "Wat is een tegenprestatie?"})
    assert r.status_code == 200
    engine = create_engine(stack.service.settings.resolved_database_url())
    with Session(engine) as s:
        conv = s.scalars(select(Conversation).where(Conversation.external_id == "order-1")).one()
        rows = list(s.scalars(select(Message).where(Message.conversation_id == conv.id).order_by(Message.id)))
    engine.dispose()
    assert conv.channel == "web"
    assert rows[0].direction == "in" and rows[0].status == "answered"
    assert all(m.direction == "out" for m in rows[1:])
    assert any("participatiewet:9:1:c" in m.payload.get("citations", []) for m in rows[1:])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_workers_starting_together_on_a_fresh_database_migrate_once(database_url: str) -> None:
    """Several service workers start at the same moment (scale-out): each runs the migrations; none fails."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            upgrade(database_url)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()


def test_channel_event_log_and_deliveries(database_url: str) -> None:
    """The widget's event log (what SSE streams on every worker read) and webhook de-duplication."""
    upgrade(database_url)
    store = Store(make_engine(database_url))
    channels = ChannelStore(store)
    ids = channels.add_events("web", "w-1", "message", [{"from": "user", "text": "één"}, {"from": "bot", "text": "2"}])
    other = channels.add_events("web", "w-2", "message", [{"from": "user", "text": "x"}])
    [typing] = channels.add_events("web", "w-1", "note", [{"n": 1}])
    assert ids == sorted(ids) and typing > ids[-1] and other[0] not in ids
    assert [(e.id, e.data["text"]) for e in channels.events_after("web", "w-1", 0, "message")] == list(
        zip(ids, ["één", "2"], strict=True)
    )
    assert [e.id for e in channels.events_after("web", "w-1", ids[0])] == [ids[1], typing]
    assert channels.events_after("telegram", "w-1", 0) == []
    # a webhook retried at once by the platform, arriving on several workers: processed exactly once
    barrier = threading.Barrier(6)
    firsts: list[bool] = []

    def deliver() -> None:
        barrier.wait()
        firsts.append(channels.first_delivery("whatsapp", "wamid.abc"))

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(firsts) == [False] * 5 + [True]
    assert channels.first_delivery("telegram", "wamid.abc")  # per channel
    store.engine.dispose()
