"""Scale-out: two service workers and two Rasa servers on one PostgreSQL database and one Redis.

The topology is started the way docs/DEPLOYMENT.md describes it, as separate processes: ``bijstand rasa`` twice
(trackers in PostgreSQL, conversation locks in Redis: ``dialogen/endpoints-schaal.yml``) and ``bijstand serve``
twice (widget streams woken across workers over Redis pub/sub), worker A talking to Rasa A and worker B to Rasa
B. A missing PostgreSQL or Redis fails these tests; each run uses a fresh database, dropped afterwards.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis

from bot.config import ROOT
from tests.conftest import free_port

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
TOKEN = "scale-out-action-token"
#: Far longer than any wait below: an event that arrives was pushed by a notification, not found by the
#: stream's periodic re-read of the database at a keep-alive.
KEEPALIVE = 300


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self) -> str:
        return f"--- {self.name} ({self.log}) ---\n" + self.log.read_text(errors="replace")[-3000:]


@dataclass
class Topology:
    a: str  # worker A's base URL
    b: str
    database_url: str
    procs: list[Proc]


def _spawn(name: str, args: list[str], env: dict[str, str], tmp: Path) -> Proc:
    log = tmp / f"{name}.log"
    popen = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Proc(name, popen, log)


def _stop(proc: Proc) -> None:
    if proc.popen.poll() is None:
        proc.popen.send_signal(signal.SIGTERM)  # `bijstand rasa` stops its Rasa child on SIGTERM
        try:
            proc.popen.wait(30)
        except subprocess.TimeoutExpired:
            proc.popen.kill()
            proc.popen.wait()


def _wait(what: str, ok: Any, procs: list[Proc], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        for p in procs:
            if p.popen.poll() is not None:
                raise RuntimeError(f"{p.name} exited ({p.popen.returncode}) while waiting for {what}\n{p.tail()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}\n" + "\n".join(p.tail() for p in procs))
        time.sleep(0.5)


def _get_ok(url: str, check: Any = None) -> bool:
    try:
        r = httpx.get(url, timeout=2)
    except httpx.HTTPError:
        return False
    return r.status_code == 200 and (check is None or check(r.json()))


def _table_exists(database_url: str, table: str) -> bool:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,)


@pytest.fixture(scope="module")
def topology(rasa_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    tmp = tmp_path_factory.mktemp("scale")
    redis.Redis.from_url(REDIS_URL).ping()  # Redis must be there: a connection error fails the test
    name = f"bijstand_scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:  # so must PostgreSQL
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    svc = {"a": free_port(), "b": free_port()}
    rasa = {"a": free_port(), "b": free_port()}
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "KB_", "SSE_", "PORT", "HOST"))}
    base.update(
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        RASA_ACTION_TOKEN=TOKEN,
        RASA_MODEL=str(rasa_model),
        KB_CACHE_DIR=str(ROOT / "data" / "cache"),
        SSE_KEEPALIVE=str(KEEPALIVE),
        PYTHONUNBUFFERED="1",
    )
    procs: list[Proc] = []
    try:
        for k in ("a", "b"):
            # Rasa k calls the actions of worker k; the first server creates Rasa's `events` table, so the
            # second starts once it exists (two servers creating one table at the same moment can collide).
            env = dict(base, RASA_PORT=str(rasa[k]), PORT=str(svc[k]), BIJSTAND_DATA_DIR=str(tmp / f"rasa-{k}"))
            procs.append(_spawn(f"rasa-{k}", ["rasa"], env, tmp))
            if k == "a":
                _wait("the tracker table", lambda: _table_exists(database_url, "events"), procs, 240)
        for k in ("a", "b"):  # both workers at once on the fresh database: migrations must not collide
            env = dict(
                base,
                PORT=str(svc[k]),
                RASA_URL=f"http://127.0.0.1:{rasa[k]}",
                BIJSTAND_DATA_DIR=str(tmp / f"worker-{k}"),
            )
            procs.append(_spawn(f"worker-{k}", ["serve"], env, tmp))
        for k in ("a", "b"):
            status, health = f"http://127.0.0.1:{rasa[k]}/status", f"http://127.0.0.1:{svc[k]}/healthz"
            _wait(f"rasa {k}", functools.partial(_get_ok, status), procs, 300)
            _wait(f"worker {k}", functools.partial(_get_ok, health, lambda b: b["engine"] == "ready"), procs, 120)
        yield Topology(f"http://127.0.0.1:{svc['a']}", f"http://127.0.0.1:{svc['b']}", database_url, procs)
    finally:
        for p in reversed(procs):
            _stop(p)
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def chat(base: str, conv: str, text: str, **extra: Any) -> dict[str, Any]:
    r = httpx.post(f"{base}/api/v1/chat", json={"conversation_id": conv, "text": text, **extra}, timeout=90)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def store_rows(database_url: str, conv: str) -> list[tuple[str, str, str]]:
    """(direction, text, status) of the service's messages for one chat-API conversation, in order."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT m.direction, m.text, m.status FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE c.channel = 'web' AND c.external_id = %s ORDER BY m.id",
            (conv,),
        ).fetchall()
    return [(d, t, s) for d, t, s in rows]


def rasa_events(database_url: str, conv: str) -> list[dict[str, Any]]:
    """Rasa's tracker events for the conversation, from the shared SQL tracker store."""
    with psycopg.connect(database_url) as conn:
        found = conn.execute("SELECT id FROM conversations WHERE channel = 'web' AND external_id = %s", (conv,))
        [cid] = found.fetchall()[0]
        rows = conn.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (f"c{cid}",)).fetchall()
    return [json.loads(d) for (d,) in rows]


def user_texts(events: list[dict[str, Any]]) -> list[str]:
    return [e["text"] for e in events if e["event"] == "user"]


def test_one_conversation_alternating_between_workers_keeps_its_dialogue_state(topology: Topology) -> None:
    """The rekenhulp form over seven turns, A B A B ...: every slot set on one Rasa is read by the other."""
    conv = f"scale-{uuid.uuid4().hex[:8]}"
    day = "2026-03-10"
    turns = [
        "ik wil uitrekenen hoeveel ik overhoud van mijn loon",
        "600 euro",
        '/inform{"frequentie":"4weken"}',
        '/inform{"huishouden":"alleenstaande_ouder"}',
        "/affirm",
        '/inform{"leeftijdsgroep":"27_tot_aow"}',
        "2 maart",
    ]
    replies = []
    for i, text in enumerate(turns):
        replies.append(chat(topology.a if i % 2 == 0 else topology.b, conv, text, reference_date=day))
    assert any("netto bedrag" in m["text"] for m in replies[0]["messages"])
    assert "jonger is dan 12" in replies[3]["messages"][-1]["text"]  # huishouden, set on B, asked on B's turn
    final = replies[-1]["messages"][-1]["text"].replace("\u00a0", " ")
    # the calculation needs the slots from all six earlier turns, half of them filled by the other Rasa server
    assert "maart 2026: 2 keer loon, samen € 1.200,00, vrij € 285,00, verrekend € 915,00." in final

    rows = store_rows(topology.database_url, conv)
    assert [(t, s) for d, t, s in rows if d == "in"] == [(t, "answered") for t in turns]  # each once, in order
    sent = [m["text"] for r in replies for m in r["messages"]]
    assert [t for d, t, _ in rows if d == "out"] == sent  # every reply stored once, none lost
    assert user_texts(rasa_events(topology.database_url, conv)) == turns  # Rasa saw each message exactly once


def test_concurrent_messages_in_one_conversation_are_serialised_by_the_lock_store(topology: Topology) -> None:
    conv = f"scale-{uuid.uuid4().hex[:8]}"
    chat(topology.a, conv, "Hallo")
    texts = [
        "Wat is een tegenprestatie?",
        "Wat is de kostendelersnorm?",
        "Mag ik bijverdienen naast mijn uitkering?",
        "Hoe maak ik bezwaar?",
    ]
    barrier = threading.Barrier(len(texts))

    def send(i: int) -> dict[str, Any]:
        barrier.wait()
        return chat(topology.a if i % 2 == 0 else topology.b, conv, texts[i])

    with ThreadPoolExecutor(len(texts)) as pool:
        results = list(pool.map(send, range(len(texts))))
    assert all(r["messages"] for r in results)

    events = rasa_events(topology.database_url, conv)
    seen = user_texts(events)
    assert sorted(seen) == sorted(["Hallo", *texts])  # none lost, none twice
    # Each turn ran alone: after a user event come that turn's actions and bot messages up to action_listen,
    # and only then the next user event. Two Rasa servers working on one tracker at once would interleave
    # (or overwrite) each other's events.
    turns: list[list[dict[str, Any]]] = []
    for e in events:
        if e["event"] == "user":
            turns.append([])
        if turns:
            turns[-1].append(e)
    assert len(turns) == len(seen)
    for turn in turns:
        actions = [e.get("name") for e in turn if e["event"] == "action"]
        assert actions and actions[-1] == "action_listen", [e["event"] for e in turn]
        assert actions.count("action_listen") == 1
        assert any(e["event"] == "bot" for e in turn)
    rows = store_rows(topology.database_url, conv)
    inbound = [(t, s) for d, t, s in rows if d == "in"]
    assert sorted(inbound) == sorted((t, "answered") for t in ["Hallo", *texts])


def _read_stream(url: str, token: str, items: list[Any], opened: threading.Event, until: Any) -> None:
    with httpx.stream("GET", url, params={"token": token}, timeout=60) as r:
        assert r.status_code == 200
        block: dict[str, str] = {}
        for line in r.iter_lines():
            if line.startswith("retry:"):
                opened.set()
            elif line.startswith(":"):
                items.append(("comment", line))
            elif line:
                field, _, value = line.partition(": ")
                block[field] = value
            elif block:
                items.append((block.get("event"), block.get("id"), json.loads(block["data"])))
                block = {}
            if until(items):
                return


def test_a_reply_produced_on_worker_b_reaches_the_stream_opened_on_worker_a(topology: Topology) -> None:
    r = httpx.post(f"{topology.a}/api/chat/conversations", json={"language": "nl"})
    assert r.status_code == 201
    conv = r.json()
    cid, token = conv["conversation_id"], conv["token"]
    items: list[Any] = []
    opened = threading.Event()

    def answered(got: list[Any]) -> bool:
        return any(i[0] == "message" and i[2]["from"] == "bot" and i[2].get("card") == "TP-01" for i in got)

    reader = threading.Thread(
        target=_read_stream, args=(f"{topology.a}/api/chat/conversations/{cid}/events", token, items, opened, answered)
    )
    reader.start()
    assert opened.wait(10)
    time.sleep(0.5)  # the stream has read the (empty) log and waits for a wake-up
    started = time.monotonic()
    sent = httpx.post(
        f"{topology.b}/api/chat/conversations/{cid}/messages",
        json={"text": "Wat is een tegenprestatie?"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert sent.status_code == 202, sent.text
    reader.join(60)
    elapsed = time.monotonic() - started
    assert not reader.is_alive() and answered(items), items
    assert elapsed < KEEPALIVE / 5  # pushed by B's notification, not picked up at A's keep-alive re-read
    assert not any(i[0] == "comment" for i in items)  # no keep-alive happened in between
    kinds = [(i[0], i[2].get("from") if i[0] == "message" else i[2].get("typing")) for i in items]
    assert kinds[0] == ("message", "user")  # the client's own message, written by B
    assert ("typing", True) in kinds  # B's typing indicator shown on A's stream
    ids = [int(i[1]) for i in items if i[0] == "message"]
    assert ids == sorted(set(ids))  # in order, none twice

    # The same events, replayed from the start on worker B, match what A's stream delivered live.
    replay: list[Any] = []
    _read_stream(
        f"{topology.b}/api/chat/conversations/{cid}/events", token, replay, threading.Event(), lambda got: answered(got)
    )
    assert [int(i[1]) for i in replay if i[0] == "message"] == ids
