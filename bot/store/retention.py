"""Retention: delete what is older than the configured period after the last activity.

- conversations whose ``last_activity_at`` is older than ``RETENTION_DAYS`` (default 30), with every linked row
  (:data:`bot.store.erasure.LINKED_TABLES`: messages, channel events and contacts, later cases' children);
- channel rows left without a conversation (a widget session that never sent a message) and processed
  delivery ids, by their own timestamps, after the same period;
- every :class:`Target` in :data:`TARGETS` (generic ``(table, timestamp column)``; cases use
  ``CASE_RETENTION_DAYS``; a target whose table does not exist yet is skipped);
- log files under ``data/logs`` not written to for longer than the period.

:class:`RetentionJob` runs :func:`purge` periodically in the service (started from the app lifespan) with an
injectable clock; every run that deletes something writes one audit line (reason ``bewaartermijn``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from anyio import to_thread
from sqlalchemy import ColumnElement, MetaData, Table, delete, exists, func, inspect, select
from sqlalchemy.orm import Session

from bot.store.erasure import _table, audit, erase_rows
from bot.store.models import ChannelContact, ChannelEvent, Conversation, utcnow
from bot.store.repository import Store

log = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class Target:
    """Rows of ``table`` whose ``column`` is older than the period named by ``period`` are deleted."""

    table: str
    column: str
    period: Literal["retention", "case"] = "retention"


#: Generic targets. Cases (bot/handoff/) go by their own ``last_activity_at`` and ``CASE_RETENTION_DAYS``; their
#: events and notes cascade (``ON DELETE CASCADE``). A conversation with a case still within the case period
#: is kept with it. A target whose table does not exist is skipped.
TARGETS: list[Target] = [
    Target("channel_deliveries", "created_at"),
    Target("cases", "last_activity_at", "case"),
]


@dataclass
class PurgeReport:
    cutoff: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)
    log_files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + len(self.log_files)

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value


def _expired(cutoff: dt.datetime, case_cutoff: dt.datetime, existing: set[str]) -> ColumnElement[bool]:
    """Conversations past the period, unless a case of theirs is still within the case period."""
    where: ColumnElement[bool] = Conversation.last_activity_at < cutoff
    cases = _table("cases")
    if cases is not None and "cases" in existing:
        where = where & ~exists().where(
            cases.c.conversation_id == Conversation.id, cases.c.last_activity_at >= case_cutoff
        )
    return where


def _expired_conversations(s: Session, where: ColumnElement[bool]) -> dict[str, list[tuple[int, str]]]:
    rows = s.execute(
        select(Conversation.id, Conversation.channel, Conversation.external_id)
        .where(where)
        .order_by(Conversation.id)
        .limit(BATCH)
    ).all()
    by_channel: dict[str, list[tuple[int, str]]] = {}
    for cid, channel, external_id in rows:
        by_channel.setdefault(channel, []).append((cid, external_id))
    return by_channel


def _orphans(s: Session, cutoff: dt.datetime) -> dict[str, int]:
    """Channel rows of no conversation, older than the cutoff."""
    has_conversation = exists().where(
        Conversation.channel == ChannelContact.channel, Conversation.external_id == ChannelContact.external_id
    )
    contacts = (
        (ChannelContact.created_at < cutoff)
        & ((ChannelContact.last_inbound_at.is_(None)) | (ChannelContact.last_inbound_at < cutoff))
        & ~has_conversation
    )
    event_has_conversation = exists().where(
        Conversation.channel == ChannelEvent.channel, Conversation.external_id == ChannelEvent.external_id
    )
    events = (ChannelEvent.created_at < cutoff) & ~event_has_conversation
    counts = {
        "channel_contacts": s.scalar(select(func.count()).select_from(ChannelContact).where(contacts)) or 0,
        "channel_events": s.scalar(select(func.count()).select_from(ChannelEvent).where(events)) or 0,
    }
    s.execute(delete(ChannelContact).where(contacts))
    s.execute(delete(ChannelEvent).where(events))
    return counts


def purge(
    store: Store,
    *,
    now: dt.datetime | None = None,
    retention_days: int = 30,
    case_retention_days: int = 30,
    logs_dir: Path | None = None,
) -> PurgeReport:
    """Delete everything older than the periods; returns what was deleted. Safe to run concurrently with
    traffic: a conversation that gets a message while it is purged is either kept (new activity) or gone."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=retention_days)
    case_cutoff = now - dt.timedelta(days=case_retention_days)
    report = PurgeReport(cutoff)
    existing = set(inspect(store.engine).get_table_names())
    expired_where = _expired(cutoff, case_cutoff, existing)
    while True:
        with store.session() as s:
            expired = _expired_conversations(s, expired_where)
            if not expired:
                break
            for channel, rows in expired.items():
                # delete only rows still expired now (a message may have arrived since the select)
                ids = list(
                    s.scalars(
                        select(Conversation.id).where(Conversation.id.in_([cid for cid, _ in rows]), expired_where)
                    )
                )
                keep = set(ids)
                report.add(erase_rows(s, channel, [ext for cid, ext in rows if cid in keep], ids))
            s.commit()
    with store.session() as s:
        report.add(_orphans(s, cutoff))
        for target in TARGETS:
            if target.table not in existing:
                continue
            table = _table(target.table)
            if table is None:  # not (yet) a model: read its columns from the database
                table = Table(target.table, MetaData(), autoload_with=s.connection())
            if target.column not in table.c:
                log.error("retention: %s has no column %s", target.table, target.column)
                continue
            limit = case_cutoff if target.period == "case" else cutoff
            where = table.c[target.column] < limit
            n = s.scalar(select(func.count()).select_from(table).where(where)) or 0
            if n:
                s.execute(delete(table).where(where))
            report.add({target.table: n})
        report.counts = {k: v for k, v in report.counts.items() if v}
        if report.counts:
            audit(s, "bewaartermijn", None, report.counts, now)
        s.commit()
    if logs_dir is not None and logs_dir.is_dir():
        for path in sorted(logs_dir.rglob("*")):
            if path.is_file() and dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC) < cutoff:
                path.unlink(missing_ok=True)
                report.log_files.append(path.name)
    return report


class RetentionJob:
    """Runs :func:`purge` every ``interval`` seconds (first run at start). ``clock`` gives "now" (UTC)."""

    def __init__(
        self,
        store: Store,
        *,
        retention_days: int,
        case_retention_days: int,
        interval: float = 3600.0,
        logs_dir: Path | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store = store
        self.retention_days = retention_days
        self.case_retention_days = case_retention_days
        self.interval = interval
        self.logs_dir = logs_dir
        self.clock = clock
        self.runs = 0
        self.last: PurgeReport | None = None

    async def run_once(self) -> PurgeReport:
        report = await to_thread.run_sync(
            lambda: purge(
                self.store,
                now=self.clock(),
                retention_days=self.retention_days,
                case_retention_days=self.case_retention_days,
                logs_dir=self.logs_dir,
            )
        )
        self.runs += 1
        self.last = report
        if report.total:
            log.info("retention: deleted %s and %d log files", report.counts, len(report.log_files))
        return report

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # the database may be restarting: try again next time
                log.exception("retention run failed; next attempt in %.0f s", self.interval)
            await asyncio.sleep(self.interval)
