"""Faults for real: the Rasa process is killed and started again, PostgreSQL is restarted and stopped while the
service runs. Nothing the service accepted is lost, waiting messages are answered by themselves once the
engine is back, and the service keeps working afterwards."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import select

from bot.engine import sidecar
from bot.store.db import make_engine
from bot.store.models import ChannelEvent, Conversation, Message
from bot.store.repository import Store
from tests.conftest import DIALOGEN, Running, Stack, free_port, make_settings, serve

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_VERSION = sorted(os.listdir("/etc/postgresql"))[-1]
#: Restarting the shared PostgreSQL disturbs every other test run on this machine that uses it at that moment.
#: Restarts take this lock exclusively; a PostgreSQL fixture that takes it shared (LOCK_SH) waits for them.
PG_FAULT_LOCK = Path("/tmp/bijstand-postgres-fault.lock")


@contextlib.contextmanager
def postgres_to_ourselves() -> Iterator[None]:
    with PG_FAULT_LOCK.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


def inbound(store: Store) -> list[tuple[str, str, str]]:
    with store.session() as s:
        rows = s.execute(
            select(Conversation.external_id, Message.text, Message.status)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.direction == "in")
            .order_by(Message.id)
        ).all()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def test_rasa_killed_and_restarted_waiting_messages_are_answered(tmp_path: Path, rasa_model: Path) -> None:
    rasa_port = free_port()
    settings = make_settings(
        tmp_path, rasa_url=f"http://127.0.0.1:{rasa_port}", engine_wait=1.0, engine_timeout=5.0, retry_interval=0.5
    )

    def start_rasa() -> subprocess.Popen[bytes]:
        return sidecar.start(
            DIALOGEN,
            rasa_model,
            port=rasa_port,
            service_port=settings.port,
            action_token=settings.rasa_action_token,
            log_path=tmp_path / "rasa.log",
        )

    proc = start_rasa()
    running: Running | None = None
    store = Store(make_engine(settings.resolved_database_url()))
    try:
        running = serve(settings)
        sidecar.wait_ready(settings.rasa_url, proc, timeout=240)
        c = httpx.Client(base_url=running.url, timeout=60)
        r = c.post("/api/v1/chat", json={"conversation_id": "kill-1", "text": "Hallo"})
        assert r.status_code == 200, r.text
        widget = c.post("/api/chat/conversations", json={}).json()
        auth = {"Authorization": f"Bearer {widget['token']}"}

        os.killpg(proc.pid, signal.SIGKILL)  # the whole Rasa process group, no goodbye
        proc.wait(30)
        assert c.get("/healthz").json()["engine"] == "loading"

        r = c.post("/api/v1/chat", json={"conversation_id": "kill-1", "text": "Wat is een tegenprestatie?"})
        assert r.status_code == 503 and r.headers["retry-after"]
        assert r.json()["error"]["code"] == "engine_unavailable"
        r = c.post("/api/v1/chat", json={"conversation_id": "kill-2", "text": "Wat is een tegenprestatie?"})
        assert r.status_code == 503
        r = c.post(
            f"/api/chat/conversations/{widget['conversation_id']}/messages",
            json={"text": "Wat is een tegenprestatie?"},
            headers=auth,
        )
        assert r.status_code == 202
        wait_for(lambda: sum(s == "engine_unavailable" for _, _, s in inbound(store)) == 3, 30, "3 waiting messages")

        started = time.monotonic()
        proc = start_rasa()
        sidecar.wait_ready(settings.rasa_url, proc, timeout=240)
        ready_after = time.monotonic() - started

        def answered() -> bool:
            return all(s == "answered" for _, _, s in inbound(store))

        wait_for(answered, 60, "the waiting messages to be answered")
        print(f"rasa restarted in {ready_after:.1f} s; waiting messages answered {time.monotonic() - started:.1f} s")
        # nothing lost: every message the service accepted is there, answered, in order
        assert inbound(store) == [
            ("kill-1", "Hallo", "answered"),
            ("kill-1", "Wat is een tegenprestatie?", "answered"),
            ("kill-2", "Wat is een tegenprestatie?", "answered"),
            (widget["conversation_id"], "Wat is een tegenprestatie?", "answered"),
        ]
        # the chat API client polls for the answer
        history = c.get("/api/v1/conversations/kill-2/messages").json()["messages"]
        assert any(m["card"] == "TP-01" for m in history)
        # the widget client gets it on its event stream
        with store.session() as s:
            events = [
                e.data
                for e in s.scalars(select(ChannelEvent).where(ChannelEvent.external_id == widget["conversation_id"]))
            ]
        assert any(e.get("card") == "TP-01" for e in events)
        # and the service simply works again
        r = c.post("/api/v1/chat", json={"conversation_id": "kill-3", "text": "Wat is een tegenprestatie?"})
        assert r.status_code == 200 and any(m["card"] == "TP-01" for m in r.json()["messages"])
    finally:
        if running is not None:
            running.stop()
        sidecar.stop(proc)
        store.engine.dispose()


def pg(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", action], check=True, capture_output=True
    )


def pg_up() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def pg_database() -> Iterator[str]:
    name = f"bijstand_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:  # a missing PostgreSQL fails the test
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        if not pg_up():  # whatever happened in the test, PostgreSQL runs again afterwards
            pg("start")
            wait_for(pg_up, 60, "PostgreSQL to start")
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_restart_loses_nothing_and_the_service_keeps_working(
    tmp_path: Path, stack: Stack, pg_database: str
) -> None:
    settings = make_settings(tmp_path, rasa_url=stack.rasa_url, database_url=pg_database, retry_interval=0.5)
    running = serve(settings)
    store = Store(make_engine(pg_database))
    try:
        with postgres_to_ourselves():
            restart_and_stop_postgres(running, store)
    finally:
        running.stop()
        store.engine.dispose()
        if not pg_up():
            pg("start")


def restart_and_stop_postgres(running: Running, store: Store) -> None:
    """Restart, then stop and start PostgreSQL under a running service; check what it answered and stored."""
    c = httpx.Client(base_url=running.url, timeout=60)
    sent: list[tuple[str, str, str]] = []

    def chat(cid: str, text: str) -> httpx.Response:
        r = c.post("/api/v1/chat", json={"conversation_id": cid, "text": text})
        if r.status_code == 200:
            sent.append((cid, text, "answered"))
        return r

    for text in ["Hallo", "Wat is een tegenprestatie?"]:
        assert chat("pg-1", text).status_code == 200

    pg("restart")
    wait_for(pg_up, 60, "PostgreSQL to restart")
    # the pool's connections died with the server; the next request gets a fresh one and works
    r = chat("pg-1", "Wat is een ontheffing?")
    assert r.status_code == 200, r.text
    assert chat("pg-2", "Wat is een tegenprestatie?").status_code == 200

    # while it is down: a kind 503, no 500, and the client is told the message was not saved
    pg("stop")
    r = c.post("/api/v1/chat", json={"conversation_id": "pg-3", "text": "Hallo"})
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "storage_unavailable"
    assert "niet bewaard" in r.json()["error"]["message"] and r.headers["retry-after"]
    assert c.get("/healthz").status_code == 200  # the health check does not need the database
    pg("start")
    wait_for(pg_up, 60, "PostgreSQL to start")
    assert chat("pg-3", "Hallo").status_code == 200

    assert inbound(store) == sent  # everything answered before and after is stored, nothing else
    assert len(sent) == 5
    tasks = running.server.config.app.state.background_tasks  # type: ignore[attr-defined]
    assert all(not t.done() for t in tasks)  # the retry worker and retention job survived the outage
