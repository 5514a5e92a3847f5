"""Mount the configured channels on the app; a channel without credentials stays off (one log line)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import FastAPI

from bot.channels.base import ChannelRouter
from bot.channels.notify import make_notifier
from bot.channels.store import ChannelStore
from bot.channels.telegram import WEBHOOK_PATH as TG_PATH
from bot.channels.telegram import TelegramChannel
from bot.channels.web import WebChannel, web_router
from bot.channels.whatsapp import WEBHOOK_PATH as WA_PATH
from bot.channels.whatsapp import WhatsAppChannel
from bot.config import Settings
from bot.kennisbank.loader import Kennisbank
from bot.pipeline import Pipeline
from bot.store.repository import Store

log = logging.getLogger(__name__)


@dataclass
class Channels:
    router: ChannelRouter
    web: WebChannel
    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.loop = asyncio.get_running_loop()
        async with contextlib.AsyncExitStack() as stack:
            # Entered first, left last: the replies of turns drained at shutdown still reach other workers.
            await stack.enter_async_context(self.web.notifier.running(self.web.wake_from_peer))
            if self.telegram is not None:
                await stack.enter_async_context(self.telegram.running())
            if self.whatsapp is not None:
                stack.push_async_callback(self.whatsapp.aclose)
            stack.push_async_callback(self.web.drain)
            yield


def mount_channels(
    app: FastAPI, settings: Settings, pipeline: Pipeline, store: Store, kennisbank: Kennisbank
) -> Channels:
    cstore = ChannelStore(store)
    router = ChannelRouter(cstore)
    notifier = make_notifier(settings.redis_url)  # REDIS_URL: streams are woken across workers
    web = WebChannel(cstore, pipeline, keepalive=settings.sse_keepalive, notifier=notifier)
    log.info("widget: event streams woken %s", "over Redis pub/sub" if settings.redis_url else "in-process")
    router.register(web)
    app.include_router(web_router(web, kennisbank, settings.max_text_chars))
    channels = Channels(router, web)

    if not settings.telegram_token:
        log.info("telegram: off (TELEGRAM_TOKEN not set)")
    elif settings.telegram_mode not in ("webhook", "polling"):
        log.error("telegram: off (TELEGRAM_MODE must be webhook or polling, not %r)", settings.telegram_mode)
    elif settings.telegram_mode == "webhook" and not settings.telegram_secret:
        log.error("telegram: off (webhook mode needs TELEGRAM_SECRET)")
    else:
        tg = TelegramChannel(
            pipeline,
            cstore,
            token=settings.telegram_token,
            secret=settings.telegram_secret,
            mode=settings.telegram_mode,
            api_base=settings.telegram_api_base,
            public_url=settings.telegram_public_url,
        )
        if settings.telegram_mode == "webhook":
            app.add_api_route(TG_PATH, tg.webhook, methods=["POST"], include_in_schema=False)
        router.register(tg)
        channels.telegram = tg

    wa_needed = {
        "WHATSAPP_TOKEN": settings.whatsapp_token,
        "WHATSAPP_PHONE_ID": settings.whatsapp_phone_id,
        "WHATSAPP_APP_SECRET": settings.whatsapp_app_secret,
        "WHATSAPP_VERIFY_TOKEN": settings.whatsapp_verify_token,
    }
    missing = [name for name, value in wa_needed.items() if not value]
    if missing:
        log.info("whatsapp: off (%s not set)", ", ".join(missing))
    else:
        wa = WhatsAppChannel(
            pipeline,
            cstore,
            token=settings.whatsapp_token,
            phone_id=settings.whatsapp_phone_id,
            app_secret=settings.whatsapp_app_secret,
            verify_token=settings.whatsapp_verify_token,
            graph_base=settings.whatsapp_graph_base,
            graph_version=settings.whatsapp_graph_version,
            template=settings.whatsapp_template,
        )
        app.add_api_route(WA_PATH, wa.verify, methods=["GET"], include_in_schema=False)
        app.add_api_route(WA_PATH, wa.receive, methods=["POST"], include_in_schema=False)
        router.register(wa)
        channels.whatsapp = wa
        log.info("whatsapp: on")
    return channels
