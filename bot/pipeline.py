"""One client message through the system: redact → store → engine → render → store the replies."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from anyio import to_thread

from bot.engine.base import DialogueEngine, EngineLoading, EngineMessage, EngineUnavailable
from bot.i18n.detect import SUPPORTED, detect
from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.render import RenderError, render_card
from bot.privacy.redact import Redaction, redact
from bot.store import retry_queue
from bot.store.repository import ConversationState, Store
from bot.teksten import tekst
from bot.urgentie import detect_urgentie

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

#: Replies a button sends back as the client's next message.
BUTTON_PAYLOADS = {"knop_klantmanager": "Ik wil een klantmanager spreken", "knop_nee": "Nee, dank je"}


def _safe_detect(text: str, current: str) -> str:
    try:
        return detect(text, current)
    except Exception:  # language detection must never cost a message
        log.exception("language detection failed")
        return current


#: Which team takes a handoff about a topic (DOMEIN.md §6.2): work and participation, or income.
INKOMEN_TOPICS = frozenset({"inkomsten", "premie", "inlichtingenplicht", "bezwaar"})


def queue_for(topic: str | None) -> str:
    return "inkomen" if topic in INKOMEN_TOPICS else "werk"


def today() -> dt.date:
    return dt.datetime.now(AMSTERDAM).date()


@dataclass(frozen=True)
class Inbound:
    channel: str
    external_id: str
    text: str
    gemeente: str | None = None
    language: str | None = None
    reference_date: dt.date | None = None


@dataclass
class Reply:
    text: str
    topic: str | None = None
    card: str | None = None
    citations: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    handoff: dict[str, Any] | None = None  # an offer to hand over to a klantmanager: {"queue", "urgent"}

    def as_payload(self) -> dict[str, Any]:
        return {"topic": self.topic, "card": self.card, "citations": self.citations, "buttons": self.buttons}


@dataclass
class Outcome:
    conversation_id: str
    language: str
    replies: list[Reply]
    engine_unavailable: bool = False
    handoff: dict[str, Any] | None = None


class Pipeline:
    def __init__(
        self, store: Store, engine: DialogueEngine, kennisbank: Kennisbank, *, engine_wait: float = 90.0
    ) -> None:
        self.store = store
        self.engine = engine
        self.kennisbank = kennisbank
        self.engine_wait = engine_wait
        #: Handoff (bot/handoff/, set by the app): takes the client's message while conversation.mode != "bot"
        #: and returns the replies to show (it stores them itself), or None to give it back to the engine.
        self.handoff: Callable[[ConversationState, int, Redaction, str], Awaitable[list[Reply] | None]] | None = None

    async def _engine_ready(self) -> bool:
        deadline = time.monotonic() + self.engine_wait
        while True:
            if await self.engine.ready():
                return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.5)

    def _render(self, msg: EngineMessage, day: dt.date, gemeente: str | None, language: str) -> Reply:
        custom = msg.custom or {}
        if "kaart" in custom:
            try:
                card = render_card(self.kennisbank, str(custom["kaart"]), day, gemeente, language)
            except RenderError:
                log.exception("card %s could not be rendered", custom["kaart"])
                return self._bericht("weet_ik_niet", language, ["knop_klantmanager", "knop_nee"])
            reply = Reply(card.tekst, card.onderwerp, card.kaart, list(card.citaties))
            if card.overdracht != "nee":
                # The card's situation needs a personal assessment: offer a klantmanager with the answer.
                reply.buttons = [
                    {"title": tekst("knop_klantmanager", language), "payload": BUTTON_PAYLOADS["knop_klantmanager"]}
                ]
                reply.handoff = {"queue": queue_for(card.onderwerp), "urgent": card.overdracht == "verplicht"}
            return reply
        if "kaarten" in custom:
            reply = self._bericht(str(custom["bericht"]), language, [])
            reply.buttons = [
                {"title": self.kennisbank.kaarten[k].titel, "payload": f'/kies_kaart{{"kaart":"{k}"}}'}
                for k in custom["kaarten"]
                if k in self.kennisbank.kaarten
            ]
            return reply
        if "bericht" in custom or "regels" in custom:
            return self._compose(custom, language)
        return Reply(msg.text or "", buttons=msg.buttons)

    def _compose(self, custom: dict[str, Any], language: str) -> Reply:
        """A service sentence, or several (``regels``), with ``waarden`` filled in; see docs/ARCHITECTURE.md."""
        lines = custom.get("regels") or [{"bericht": custom["bericht"], "waarden": custom.get("waarden") or {}}]
        text = "\n".join(tekst(str(line["bericht"]), language).format(**(line.get("waarden") or {})) for line in lines)
        buttons = []
        for knop in custom.get("knoppen") or []:
            if isinstance(knop, dict) and "label" in knop:  # a name shown as it is, e.g. a gemeente
                buttons.append({"title": str(knop["label"]), "payload": str(knop["payload"])})
            elif isinstance(knop, dict):
                buttons.append({"title": tekst(str(knop["titel"]), language), "payload": str(knop["payload"])})
            else:
                buttons.append({"title": tekst(str(knop), language), "payload": BUTTON_PAYLOADS.get(str(knop), "")})
        topic = custom.get("onderwerp") or ("klantmanager" if custom.get("bericht") == "weet_ik_niet" else None)
        return Reply(text, topic=topic, citations=[str(c) for c in custom.get("citaties") or []], buttons=buttons)

    @staticmethod
    def _bericht(key: str, language: str, knoppen: list[str]) -> Reply:
        buttons = [
            {"title": tekst(k, language), "payload": BUTTON_PAYLOADS.get(k, tekst(k, language))} for k in knoppen
        ]
        topic = "klantmanager" if key == "weet_ik_niet" else None
        return Reply(tekst(key, language), topic=topic, buttons=buttons)

    async def handle(self, inbound: Inbound) -> Outcome:
        cleaned = redact(inbound.text)
        conv = await to_thread.run_sync(
            self.store.open_conversation, inbound.channel, inbound.external_id, inbound.language
        )
        written = inbound.language or _safe_detect(cleaned.text, conv.language)
        message_id = await to_thread.run_sync(
            lambda: self.store.add_message(
                conv.id,
                direction="in",
                sender="client",
                text=cleaned.text,
                status="received",
                redactions=list(cleaned.kinds),
                payload={"language": written},
            )
        )
        # Handoff (issue 6): while the conversation is with a person (mode queued/human) or the client is deciding
        # on the handoff summary, the message goes to the handoff flow (bot/handoff/flow.py), not to the engine.
        if conv.mode != "bot" and self.handoff is not None:
            handed = await self.handoff(conv, message_id, cleaned, written)
            if handed is not None:
                return Outcome(inbound.external_id, conv.language, handed)
        changes: dict[str, Any] = {}
        if inbound.gemeente and inbound.gemeente != conv.gemeente:
            changes["gemeente"] = inbound.gemeente
        if changes:
            await to_thread.run_sync(lambda: self.store.update_conversation(conv.id, **changes))
        gemeente = inbound.gemeente or conv.gemeente
        language = written if written in SUPPORTED else conv.language if conv.language in SUPPORTED else "nl"
        if language != conv.language:
            await to_thread.run_sync(lambda: self.store.update_conversation(conv.id, language=language))
        day = inbound.reference_date or today()

        replies: list[Reply] = []
        if conv.is_new:
            replies.append(Reply(tekst("melding_programma", language)))
        if written not in SUPPORTED:
            # Unsupported language: say so in Dutch and English, then answer in Dutch.
            replies.append(Reply(tekst("taal_niet_ondersteund", "nl") + "\n\n" + tekst("taal_niet_ondersteund", "en")))
        if cleaned.changed:
            replies.append(Reply(tekst("persoonsgegevens_verwijderd", language), topic="privacy"))

        metadata = {
            "lang": language,
            "gemeente": gemeente,
            "reference_date": day.isoformat(),
            "channel": inbound.channel,
        }
        try:
            if not await self._engine_ready():
                raise EngineLoading("engine still loading")
            engine_replies = await self.engine.turn(f"c{conv.id}", cleaned.text, metadata)
        except EngineUnavailable as exc:
            log.warning("engine unavailable for message %s: %s", message_id, exc)
            await to_thread.run_sync(self.store.set_status, message_id, "engine_unavailable")
            key = "motor_start_nog" if isinstance(exc, EngineLoading) else "motor_storing"
            replies.append(self._bericht(key, language, ["knop_klantmanager"]))
            await self._store_replies(conv.id, replies)
            return Outcome(inbound.external_id, language, replies, engine_unavailable=True)

        chosen = [m.custom["gemeente"] for m in engine_replies if m.custom and "gemeente" in m.custom]
        if chosen and (chosen[-1] is None or chosen[-1] in self.kennisbank.gemeenten):
            # The client picked (or changed) the gemeente in the dialogue: remember it and use it this turn.
            gemeente = chosen[-1]
            await to_thread.run_sync(lambda: self.store.update_conversation(conv.id, gemeente=gemeente))
        rendered = [
            r for r in (self._render(m, day, gemeente, language) for m in engine_replies) if r.text or r.buttons
        ]
        offers = [h for m in engine_replies if isinstance(h := (m.custom or {}).get("overdracht"), dict)]
        urgent = detect_urgentie(cleaned.text)
        if urgent is not None:
            # Safety net beside the NLU: emergency numbers first (unless a crisis card already gives them),
            # and an urgent offer of a klantmanager.
            if urgent.pointer and not any((r.card or "").startswith("CRI-") for r in rendered):
                replies.append(self._bericht(urgent.pointer, language, ["knop_klantmanager"]))
            offers.insert(0, {"queue": urgent.queue, "urgent": True, "reden": ",".join(urgent.kinds)})
        replies.extend(rendered)
        offers += [r.handoff for r in replies if r.handoff]
        handoff = (
            {
                "status": "aangeboden",
                "queue": next((o.get("queue") for o in offers if o.get("queue")), None),
                "urgent": any(bool(o.get("urgent")) for o in offers),
            }
            if offers
            else None
        )
        await self._store_replies(conv.id, replies)
        await to_thread.run_sync(self.store.set_status, message_id, "answered")
        return Outcome(inbound.external_id, language, replies, handoff=handoff)

    async def reprocess(self, message_id: int) -> Outcome | None:
        """Answer a stored inbound message that waited for the engine (``engine_unavailable``; bot/retry.py).
        None when it is not waiting (any more), or when the engine failed again (it waits again)."""
        item = await to_thread.run_sync(retry_queue.claim, self.store, message_id)
        if item is None:
            return None
        metadata = {
            "lang": item.language,
            "gemeente": item.gemeente,
            "reference_date": item.reference_date.isoformat(),
            "channel": item.channel,
        }
        try:
            engine_replies = await self.engine.turn(f"c{item.conversation_id}", item.text, metadata)
        except EngineUnavailable as exc:
            log.warning("engine still unavailable for message %s: %s", message_id, exc)
            await to_thread.run_sync(self.store.set_status, message_id, retry_queue.WAITING)
            return None
        rendered = (self._render(m, item.reference_date, item.gemeente, item.language) for m in engine_replies)
        replies = [r for r in rendered if r.text or r.buttons]
        handoff = next(
            (
                {"status": "aangeboden", "queue": h.get("queue"), "urgent": bool(h.get("urgent"))}
                for m in engine_replies
                if isinstance(h := (m.custom or {}).get("overdracht"), dict)
            ),
            None,
        )
        await self._store_replies(item.conversation_id, replies)
        await to_thread.run_sync(self.store.set_status, message_id, "answered")
        return Outcome(item.external_id, item.language, replies, handoff=handoff)

    async def _store_replies(self, conversation_id: int, replies: list[Reply]) -> None:
        def write() -> None:
            for r in replies:
                self.store.add_message(
                    conversation_id,
                    direction="out",
                    sender="bot",
                    text=r.text,
                    status="sent",
                    payload=r.as_payload(),
                )

        await to_thread.run_sync(write)
