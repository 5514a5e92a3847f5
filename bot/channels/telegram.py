"""Telegram through python-telegram-bot 22: webhook inside our ASGI app, or long polling.

Commands: ``/start`` (the computer-program and privacy notice), ``/taal`` (language), ``/verwijder`` (erase my
conversation). Text and inline-keyboard presses go through the pipeline; voice notes, photos and files are
acknowledged and not stored. A typing indicator is shown while the engine works.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Sequence

from anyio import to_thread
from fastapi import Request
from fastapi.responses import Response
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.api.schemas import SUPPORTED_LANGUAGES
from bot.channels.format import split_text
from bot.channels.store import ChannelStore
from bot.channels.teksten import TAALNAMEN, welkom, zin
from bot.pipeline import Inbound, Pipeline, Reply
from bot.teksten import tekst

log = logging.getLogger(__name__)
CHANNEL = "telegram"
WEBHOOK_PATH = "/telegram/webhook"
CALLBACK_LIMIT = 64  # bytes of callback_data
Context = ContextTypes.DEFAULT_TYPE
MEDIA = filters.VOICE | filters.AUDIO | filters.PHOTO | filters.VIDEO | filters.Document.ALL | filters.Sticker.ALL


def keyboard(buttons: Sequence[dict[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per row; a payload too long for callback_data sends the title as text instead."""
    rows = []
    for b in buttons:
        data = b.get("payload") or b["title"]
        if len(data.encode()) > CALLBACK_LIMIT:
            data = b["title"].encode()[:CALLBACK_LIMIT].decode(errors="ignore")
        rows.append([InlineKeyboardButton(b["title"], callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramChannel:
    name = CHANNEL

    def __init__(
        self,
        pipeline: Pipeline,
        store: ChannelStore,
        *,
        token: str,
        secret: str,
        mode: str = "webhook",
        api_base: str = "https://api.telegram.org",
        public_url: str = "",
    ) -> None:
        self.pipeline = pipeline
        self.store = store
        self.secret = secret
        self.mode = mode
        self.public_url = public_url.rstrip("/")
        self.bot_id = token.split(":", 1)[0]
        builder = Application.builder().token(token).base_url(f"{api_base}/bot").base_file_url(f"{api_base}/file/bot")
        if mode != "polling":
            builder = builder.updater(None)
        self.ptb = builder.build()
        self.ptb.add_handler(TypeHandler(Update, self._dedupe), group=-1)
        self.ptb.add_handler(CommandHandler("start", self._start))
        self.ptb.add_handler(CommandHandler("taal", self._taal))
        self.ptb.add_handler(CommandHandler("verwijder", self._verwijder))
        self.ptb.add_handler(CallbackQueryHandler(self._callback))
        self.ptb.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self._text))
        self.ptb.add_handler(MessageHandler(MEDIA, self._media))
        self.ptb.add_error_handler(self._error)

    # --- the Channel interface -------------------------------------------------------------------------------
    async def send(self, external_id: str, replies: Sequence[Reply], *, sender: str = "bot") -> None:
        for reply in replies:
            text = f"Klantmanager: {reply.text}" if sender == "klantmanager" else reply.text
            chunks = split_text(text, MessageLimit.MAX_TEXT_LENGTH) or ["…"]
            for i, chunk in enumerate(chunks):
                markup = keyboard(reply.buttons) if i == len(chunks) - 1 else None
                await self.ptb.bot.send_message(chat_id=int(external_id), text=chunk, reply_markup=markup)

    # --- lifecycle and webhook --------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self.ptb:  # initialize() calls getMe; shutdown() on exit
            await self.ptb.bot.set_my_commands(
                [
                    BotCommand("start", "Uitleg over deze assistent"),
                    BotCommand("taal", "Kies je taal"),
                    BotCommand("verwijder", "Wis je gesprek en je gegevens"),
                ]
            )
            if self.mode == "polling":
                assert self.ptb.updater is not None
                await self.ptb.updater.start_polling(poll_interval=0.0, allowed_updates=Update.ALL_TYPES)
            elif self.public_url:
                await self.ptb.bot.set_webhook(
                    self.public_url + WEBHOOK_PATH, secret_token=self.secret, allowed_updates=Update.ALL_TYPES
                )
            await self.ptb.start()
            log.info("telegram: on (%s)", self.mode)
            try:
                yield
            finally:
                if self.ptb.updater is not None and self.ptb.updater.running:
                    await self.ptb.updater.stop()
                await self.ptb.stop()

    async def webhook(self, request: Request) -> Response:
        """Telegram's POST; the secret header must match (else 403). Answers at once, handles in the queue."""
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self.ptb.bot)
        except Exception:
            log.warning("telegram: update that could not be read")
            return Response(status_code=400)
        await self.ptb.update_queue.put(update)
        return Response(status_code=200)

    # --- handlers ---------------------------------------------------------------------------------------------
    async def _dedupe(self, update: Update, context: Context) -> None:
        # update_id counts per bot: key it on the bot's id (the token's first part).
        delivery = f"{self.bot_id}:{update.update_id}"
        first = await to_thread.run_sync(self.store.first_delivery, CHANNEL, delivery)
        if not first:
            log.info("telegram: update %s seen before, skipped", update.update_id)
            raise ApplicationHandlerStop

    @staticmethod
    def _chat_id(update: Update) -> str:
        assert update.effective_chat is not None
        return str(update.effective_chat.id)

    @staticmethod
    def _language(update: Update) -> str | None:
        code = (update.effective_user.language_code or "") if update.effective_user else ""
        code = code.split("-")[0].lower()
        return code if code in SUPPORTED_LANGUAGES else None

    async def _say(self, chat_id: str, text: str, buttons: list[dict[str, str]] | None = None) -> None:
        await self.send(chat_id, [Reply(text, buttons=buttons or [])], sender="system")

    async def _start(self, update: Update, context: Context) -> None:
        chat_id = self._chat_id(update)
        # Opening the conversation here means the first question does not repeat the notice.
        await to_thread.run_sync(
            self.pipeline.store.open_conversation, CHANNEL, chat_id, self._language(update) or "nl"
        )
        await self._say(chat_id, welkom(self._language(update) or "nl"))

    async def _taal(self, update: Update, context: Context) -> None:
        chat_id = self._chat_id(update)
        wanted = (context.args or [""])[0].lower()
        if wanted:
            await self._set_language(update, chat_id, wanted)
            return
        await self._say(chat_id, zin("taal_kies", self._language(update) or "nl"), self._language_buttons())

    @staticmethod
    def _language_buttons() -> list[dict[str, str]]:
        return [{"title": TAALNAMEN[c], "payload": f"/taal {c}"} for c in SUPPORTED_LANGUAGES]

    async def _set_language(self, update: Update, chat_id: str, code: str) -> None:
        if code not in SUPPORTED_LANGUAGES:
            await self._say(chat_id, zin("taal_onbekend", self._language(update) or "nl"), self._language_buttons())
            return
        conv = await to_thread.run_sync(self.pipeline.store.open_conversation, CHANNEL, chat_id, code)
        await to_thread.run_sync(lambda: self.pipeline.store.update_conversation(conv.id, language=code))
        await self._say(chat_id, zin("taal_gezet", code).format(taal=TAALNAMEN[code]))

    async def _verwijder(self, update: Update, context: Context) -> None:
        lang = self._language(update) or "nl"
        buttons = [
            {"title": zin("verwijder_ja", lang), "payload": "/verwijder_ja"},
            {"title": zin("verwijder_nee", lang), "payload": "/verwijder_nee"},
        ]
        await self._say(self._chat_id(update), zin("verwijder_vraag", lang), buttons)

    async def _callback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        data = query.data or ""
        chat_id = self._chat_id(update)
        if data.startswith("/taal "):
            await self._set_language(update, chat_id, data.split(" ", 1)[1])
        elif data == "/verwijder_ja":
            await to_thread.run_sync(self.store.forget, CHANNEL, chat_id)
            await self._say(chat_id, zin("verwijderd", self._language(update) or "nl"))
        elif data == "/verwijder_nee":
            await self._say(chat_id, zin("niet_verwijderd", self._language(update) or "nl"))
        elif data:
            await self._turn(update, chat_id, data)

    async def _text(self, update: Update, context: Context) -> None:
        assert update.effective_message is not None
        await self._turn(update, self._chat_id(update), update.effective_message.text or "")

    async def _turn(self, update: Update, chat_id: str, text: str) -> None:
        await self.ptb.bot.send_chat_action(chat_id=int(chat_id), action=ChatAction.TYPING)
        outcome = await self.pipeline.handle(Inbound(CHANNEL, chat_id, text))
        await self.send(chat_id, outcome.replies)

    async def _media(self, update: Update, context: Context) -> None:
        await self._say(self._chat_id(update), zin("media", self._language(update) or "nl"))

    async def _error(self, update: object, context: Context) -> None:
        log.error("telegram: handling an update failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            with contextlib.suppress(Exception):
                await self._say(str(update.effective_chat.id), tekst("motor_storing"))
