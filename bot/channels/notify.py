"""Wake widget event streams on every worker when a conversation's event log changes.

The event log itself is in the database (``channel_events``); a waiting stream
(:meth:`bot.channels.web.WebChannel.stream`) re-reads it when its wake-up event is set, and at every
keep-alive anyway. Within one process :class:`WebChannel` sets that event itself. With several service
workers, the reply can be produced by another process than the one holding the client's stream:

- :class:`LocalNotifier` (the default, one worker): nothing to tell anyone else.
- :class:`RedisNotifier` (``REDIS_URL`` set): every change is published on one Redis pub/sub channel as
  ``{"w": <worker id>, "c": <conversation>, "t": <typing: true, false, or null when unchanged>}``; every
  worker subscribes and wakes its own streams for that conversation (and copies the typing indicator). A
  message from the worker itself is ignored: it has already woken its streams.

Pub/sub is fire-and-forget: a worker that is disconnected from Redis misses notifications, so its streams
fall back to the database read at the next keep-alive (``SSE_KEEPALIVE``, 15 s). Nothing is lost, only late.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

#: Called on the receiving worker with (conversation external id, typing indicator or None if unchanged).
Wake = Callable[[str, bool | None], None]
CHANNEL = "bijstand:web-events"


class Notifier(Protocol):
    def publish(self, external_id: str, typing: bool | None) -> None:
        """Tell the other workers (never blocks; called from the event loop)."""

    def running(self, wake: Wake) -> contextlib.AbstractAsyncContextManager[None]:
        """Listen for the other workers' notifications while the app runs."""


class LocalNotifier:
    """One worker: in-process wake-up is all there is."""

    name = "local"

    def publish(self, external_id: str, typing: bool | None) -> None:
        return None

    @contextlib.asynccontextmanager
    async def running(self, wake: Wake) -> AsyncIterator[None]:
        yield


class RedisNotifier:
    """Redis pub/sub between workers (redis-py asyncio). Publishing goes through a queue, in order."""

    name = "redis"

    def __init__(self, url: str, *, channel: str = CHANNEL, retry: float = 1.0) -> None:
        self.url = url
        self.channel = channel
        self.retry = retry
        self.worker = secrets.token_hex(6)
        self._queue: asyncio.Queue[str] | None = None
        self.connected = asyncio.Event()  # set while the subscription is active (tests wait for it)

    def publish(self, external_id: str, typing: bool | None) -> None:
        if self._queue is not None:  # before start-up or after shutdown: no other worker can be waiting on us
            self._queue.put_nowait(json.dumps({"w": self.worker, "c": external_id, "t": typing}))

    async def _send(self, redis: Any) -> None:
        assert self._queue is not None
        while True:
            data = await self._queue.get()
            try:
                await redis.publish(self.channel, data)
            except Exception as exc:  # Redis away: the other workers' keep-alive read delivers it later
                log.warning("redis notify: publish failed (%s)", exc)

    async def _listen(self, redis: Any, wake: Wake) -> None:
        while True:
            try:
                async with redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.connected.set()
                    log.info("redis notify: subscribed to %s as worker %s", self.channel, self.worker)
                    async for message in pubsub.listen():
                        if message.get("type") != "message":
                            continue
                        try:
                            note = json.loads(message["data"])
                            if note["w"] != self.worker:
                                typing = note["t"]
                                wake(str(note["c"]), None if typing is None else bool(typing))
                        except (ValueError, KeyError, TypeError):
                            log.warning("redis notify: ignored a malformed message")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.connected.clear()
                log.warning("redis notify: subscription lost (%s); retrying in %.0f s", exc, self.retry)
                await asyncio.sleep(self.retry)

    @contextlib.asynccontextmanager
    async def running(self, wake: Wake) -> AsyncIterator[None]:
        from redis import asyncio as aioredis

        redis = aioredis.Redis.from_url(self.url, decode_responses=True, health_check_interval=30)
        self._queue = asyncio.Queue()
        tasks = [
            asyncio.create_task(self._listen(redis, wake), name="redis-notify-listen"),
            asyncio.create_task(self._send(redis), name="redis-notify-send"),
        ]
        try:
            yield
        finally:
            queue, self._queue = self._queue, None
            # Let the last notifications (e.g. the final replies of drained turns) go out, briefly.
            for _ in range(20):
                if queue.empty():
                    break
                await asyncio.sleep(0.05)
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await redis.aclose()


def make_notifier(redis_url: str) -> Notifier:
    return RedisNotifier(redis_url) if redis_url else LocalNotifier()
