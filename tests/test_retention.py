"""Retention with an injected clock, on SQLite and PostgreSQL: what is older than the period after the last
activity goes (with every linked row), what is newer stays, cases have their own period, an audit line records
only the fact."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import MetaData, Table, func, select, text, update

from bot.channels.store import ChannelStore
from bot.store import retention
from bot.store.db import make_engine, upgrade
from bot.store.models import (
    Case,
    CaseEvent,
    CaseNote,
    ChannelContact,
    ChannelDelivery,
    ChannelEvent,
    Conversation,
    DeletionAudit,
    Message,
)
from bot.store.repository import Store
from bot.store.retention import RetentionJob, Target, purge

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = dt.datetime.now(dt.UTC)  # the store stamps new rows with the real time


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'retention.sqlite3'}"
        upgrade(url)
        s = Store(make_engine(url))
        yield s
        s.engine.dispose()
        return
    name = f"bijstand_test_{uuid.uuid4().hex[:10]}"
    # PostgreSQL must be there (127.0.0.1:5432): a missing server fails the run, it is not skipped.
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        upgrade(url)
        s = Store(make_engine(url))
        yield s
        s.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def conversation(store: Store, channel: str, external_id: str, last_activity: dt.datetime) -> int:
    conv = store.open_conversation(channel, external_id, "nl")
    store.add_message(conv.id, direction="in", sender="client", text=f"vraag van {external_id}", status="answered")
    store.add_message(conv.id, direction="out", sender="bot", text="antwoord", status="sent")
    ChannelStore(store).touch_inbound(channel, external_id)
    ChannelStore(store).add_events(channel, external_id, "message", [{"from": "user", "text": "vraag"}])
    with store.session() as s:
        s.execute(update(Conversation).where(Conversation.id == conv.id).values(last_activity_at=last_activity))
        s.execute(
            update(ChannelContact)
            .where(ChannelContact.external_id == external_id)
            .values(created_at=last_activity, last_inbound_at=last_activity)
        )
        s.execute(update(ChannelEvent).where(ChannelEvent.external_id == external_id).values(created_at=last_activity))
        s.commit()
    return conv.id


def count(store: Store, model: type, *where: object) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def make_stand_in_table(store: Store) -> Table:
    """Any table with a timestamp column can be a retention target (the hook is generic)."""
    ts = "TIMESTAMP WITH TIME ZONE" if store.engine.dialect.name == "postgresql" else "TIMESTAMP"
    with store.engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE stand_in (id INTEGER PRIMARY KEY, label VARCHAR(20), touched_at {ts})"))
    return Table("stand_in", MetaData(), autoload_with=store.engine)


def add_case(store: Store, conversation_id: int, last_activity: dt.datetime) -> int:
    with store.session() as s:
        case = Case(conversation_id=conversation_id, queue="werk", reason="gevraagd", status="wachtend", summary={})
        s.add(case)
        s.flush()
        s.add(CaseEvent(case_id=case.id, actor="client", action="opened", detail={}))
        s.add(CaseNote(case_id=case.id, author="km1", text="notitie"))
        s.execute(update(Case).where(Case.id == case.id).values(last_activity_at=last_activity))
        s.commit()
        return case.id


async def test_retention_deletes_after_the_period_with_linked_rows_and_cases_separately(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = conversation(store, "web", "oud", NOW - dt.timedelta(days=31))
    young = conversation(store, "web", "jong", NOW - dt.timedelta(days=10))
    tg_old = conversation(store, "telegram", "4711", NOW - dt.timedelta(days=45))
    # a widget session that never sent a message (no conversation), old and new
    cstore = ChannelStore(store)
    cstore.create_contact("web", "w-nooit", token_hash="x" * 64)
    cstore.create_contact("web", "w-net", token_hash="y" * 64)
    cstore.first_delivery("telegram", "update-1")
    cstore.first_delivery("telegram", "update-2")
    with store.session() as s:
        s.execute(
            update(ChannelContact)
            .where(ChannelContact.external_id == "w-nooit")
            .values(created_at=NOW - dt.timedelta(days=40))
        )
        s.execute(
            update(ChannelDelivery)
            .where(ChannelDelivery.delivery_id == "update-1")
            .values(created_at=NOW - dt.timedelta(days=40))
        )
        s.commit()
    # cases have their own period (90 days here): an old conversation with a young case stays with it
    with_young_case = conversation(store, "web", "met-zaak", NOW - dt.timedelta(days=60))
    young_case = add_case(store, with_young_case, NOW - dt.timedelta(days=45))
    with_old_case = conversation(store, "web", "oude-zaak", NOW - dt.timedelta(days=60))
    add_case(store, with_old_case, NOW - dt.timedelta(days=91))
    stand_in = make_stand_in_table(store)
    monkeypatch.setattr(retention, "TARGETS", [*retention.TARGETS, Target("stand_in", "touched_at")])
    with store.engine.begin() as conn:
        conn.execute(
            stand_in.insert(),
            [
                {"id": 1, "label": "oud", "touched_at": NOW - dt.timedelta(days=31)},
                {"id": 2, "label": "jong", "touched_at": NOW - dt.timedelta(days=29)},
            ],
        )
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "oud.log").write_text("oud\n")
    (logs / "rasa.log").write_text("nieuw\n")
    stale = (NOW - dt.timedelta(days=40)).timestamp()
    os.utime(logs / "oud.log", (stale, stale))

    clock = [NOW]
    job = RetentionJob(store, retention_days=30, case_retention_days=90, logs_dir=logs, clock=lambda: clock[0])
    report = await job.run_once()

    assert {c for (c,) in store.session().execute(select(Conversation.external_id))} == {"jong", "met-zaak"}
    assert count(store, Message, Message.conversation_id.in_([old, tg_old, with_old_case])) == 0
    assert count(store, Message, Message.conversation_id == young) == 2
    remaining_contacts = {c for (c,) in store.session().execute(select(ChannelContact.external_id))}
    assert remaining_contacts == {"jong", "met-zaak", "w-net"}
    assert {e for (e,) in store.session().execute(select(ChannelEvent.external_id))} == {"jong", "met-zaak"}
    assert {d for (d,) in store.session().execute(select(ChannelDelivery.delivery_id))} == {"update-2"}
    assert [c for (c,) in store.session().execute(select(Case.id))] == [young_case]
    assert count(store, CaseEvent) == 1 and count(store, CaseNote) == 1  # the old case's trail went with it
    with store.engine.connect() as conn:
        assert [r.label for r in conn.execute(select(stand_in.c.label))] == ["jong"]
    assert not (logs / "oud.log").exists() and (logs / "rasa.log").exists()
    assert report.counts == {
        "conversations": 3,
        "messages": 6,
        "channel_events": 3,
        "channel_contacts": 4,
        "channel_deliveries": 1,
        "cases": 1,
        "case_events": 1,
        "case_notes": 1,
        "stand_in": 1,
    }
    with store.session() as s:
        [audit] = s.scalars(select(DeletionAudit)).all()
    assert audit.reason == "bewaartermijn" and audit.channel is None
    assert audit.counts == report.counts
    assert "oud" not in repr(audit.counts) and "4711" not in repr(audit.counts)

    # nothing more to do at the same time: no second audit line
    assert (await job.run_once()).total == 0
    assert count(store, DeletionAudit) == 1

    # 21 days later the young conversation is 31 days past its last activity; the case is 66 days old
    clock[0] = NOW + dt.timedelta(days=21)
    await job.run_once()
    assert {c for (c,) in store.session().execute(select(Conversation.external_id))} == {"met-zaak"}
    assert count(store, DeletionAudit) == 2
    # 46 days later the case is past 90 days: it goes, and its conversation with it
    clock[0] = NOW + dt.timedelta(days=46)
    await job.run_once()
    assert count(store, Conversation) == 0 and count(store, Case) == 0 and count(store, Message) == 0


def test_new_activity_starts_the_period_again(store: Store) -> None:
    cid = conversation(store, "web", "actief", NOW - dt.timedelta(days=29, hours=23))
    assert purge(store, now=NOW, retention_days=30).counts == {}
    store.add_message(cid, direction="in", sender="client", text="nog een vraag", status="received")
    assert purge(store, now=NOW + dt.timedelta(days=29), retention_days=30).counts == {}
    assert count(store, Conversation, Conversation.id == cid) == 1
    assert purge(store, now=NOW + dt.timedelta(days=31), retention_days=30).counts["messages"] == 3
    assert count(store, Conversation) == 0


async def test_the_job_runs_periodically_until_stopped(store: Store) -> None:
    conversation(store, "web", "periodiek", NOW - dt.timedelta(days=31))
    clock = [NOW - dt.timedelta(days=2)]  # at first not old enough
    job = RetentionJob(store, retention_days=30, case_retention_days=30, interval=0.05, clock=lambda: clock[0])
    task = asyncio.create_task(job.run_forever())
    try:
        while job.runs < 2:
            await asyncio.sleep(0.02)
        assert count(store, Conversation) == 1
        clock[0] = NOW
        started = job.runs
        while job.runs < started + 2:
            await asyncio.sleep(0.02)
        assert count(store, Conversation) == 0
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
