"""Background work of the service: answer messages that waited for the engine, and the retention job.

When the engine was down or still loading, the pipeline stored the client's message with status
``engine_unavailable`` and told the client it was kept. :class:`RetryWorker` looks every ``RETRY_INTERVAL``
seconds; once the engine is ready it answers those messages, oldest first, with
:meth:`bot.pipeline.Pipeline.reprocess`, stores the replies and delivers them: over the conversation's channel
(widget event stream, Telegram, WhatsApp), or, for the chat API, the client polls
``GET /api/v1/conversations/{id}/messages``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread

from bot.pipeline import Outcome, Pipeline
from bot.store import retry_queue
from bot.store.repository import Store
from bot.store.retention import RetentionJob

log = logging.getLogger(__name__)


class RetryWorker:
    def __init__(self, store: Store, pipeline: Pipeline, channels: Any = None, *, interval: float = 5.0) -> None:
        self.store = store
        self.pipeline = pipeline
        self.channels = channels  # bot.channels.setup.Channels, when mounted
        self.interval = interval
        self.answered = 0

    async def _deliver(self, item: retry_queue.Waiting, outcome: Outcome) -> None:
        if self.channels is None or not outcome.replies:
            return
        if item.channel == "web":
            contact = await to_thread.run_sync(self.channels.router.store.contact, "web", item.external_id)
            if contact is None:  # the chat API: the client polls the stored replies
                return
        try:
            await self.channels.router.deliver(item.conversation_id, outcome.replies)
        except Exception:  # the reply is stored; the client sees it on the next visit or poll
            log.exception("retry: could not deliver the answer to message %s", item.message_id)

    async def run_once(self) -> int:
        """Answer what waits while the engine is ready; returns how many messages were answered."""
        done = 0
        while await self.pipeline.engine.ready():
            batch = await to_thread.run_sync(retry_queue.waiting, self.store)
            if not batch:
                break
            for item in batch:
                outcome = await self.pipeline.reprocess(item.message_id)
                if outcome is None:
                    if not await self.pipeline.engine.ready():
                        return done
                    continue
                done += 1
                await self._deliver(item, outcome)
        if done:
            log.info("retry: answered %d waiting messages", done)
        self.answered += done
        return done

    async def run_forever(self) -> None:
        released = False
        while True:
            try:
                if not released:
                    await to_thread.run_sync(retry_queue.release_claims, self.store)
                    released = True
                await self.run_once()
            except Exception:  # e.g. the database is restarting: try again next time
                log.exception("retry run failed; next attempt in %.0f s", self.interval)
            await asyncio.sleep(self.interval)


@contextlib.asynccontextmanager
async def background_jobs(app: Any) -> AsyncIterator[None]:
    """The retry worker and the retention job, for the lifetime of the app (see bot/app.py's lifespan)."""
    state = app.state
    settings = state.settings
    state.retry = RetryWorker(
        state.store, state.pipeline, getattr(state, "channels", None), interval=settings.retry_interval
    )
    state.retention = RetentionJob(
        state.store,
        retention_days=settings.retention_days,
        case_retention_days=settings.case_retention_days,
        interval=settings.retention_interval,
        logs_dir=settings.data_dir / "logs",
    )
    tasks = [
        asyncio.create_task(state.retry.run_forever(), name="retry"),
        asyncio.create_task(state.retention.run_forever(), name="retention"),
    ]
    state.background_tasks = tasks
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
