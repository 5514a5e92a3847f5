"""The client's side of a handoff, in the service (DOMEIN.md §6.3, TECHNIEK.md §2.6):

1. The dialogue answers "ik wil een mens spreken" (or the client presses "Ja, naar een klantmanager" under an
   offer) with ``action_overdracht``. :class:`HandoffPipeline` sees that turn, builds the summary, stores it as
   a draft case, shows it to the client in their language and asks for consent; ``conversation.mode`` becomes
   ``toestemming`` (consent pending).
2. While the mode is not ``bot``, the pipeline hands every client message to :meth:`HandoffFlow.on_message`
   instead of the engine. In ``toestemming`` the buttons mean: send the summary and the conversation / add a
   line / send only "client asks for contact" with the channel / stop. Then the case opens in the backend,
   the mode becomes ``queued``, and the client hears what happens next: office hours and the usual response
   time of their gemeente's team (``kennisbank/gemeenten/<slug>.yaml`` ``contact``), and 112/113.
3. In ``queued``/``human`` the client's messages go to the backend. A staff member's claim makes the mode
   ``human``; their replies reach the client on their own channel through the :class:`ChannelRouter`; closing
   or handing back makes it ``bot`` again, and the client is told the bot is back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import httpx
from anyio import to_thread

from bot.handoff import summary as dossier
from bot.handoff.backend import ClientMessage, HandoffBackend, HandoffConversation
from bot.handoff.cases import DRAFT, OPEN, CaseStore, CaseView
from bot.i18n.catalogs import catalog
from bot.i18n.detect import detect
from bot.kennisbank.loader import Kennisbank
from bot.pipeline import Inbound, Outcome, Pipeline, Reply
from bot.privacy.redact import Redaction
from bot.store.repository import ConversationState, Store
from bot.teksten import tekst

if TYPE_CHECKING:
    from bot.channels.base import ChannelRouter

log = logging.getLogger(__name__)

SEND, ADD_LINE, ONLY_CONTACT, STOP = (
    "/overdracht_versturen",
    "/overdracht_regel",
    "/overdracht_niet",
    "/overdracht_stop",
)
CONSENT_MODE = "toestemming"
MAX_EXTRA_LINE = 500


def consent_buttons(language: str) -> list[dict[str, str]]:
    return [
        {"title": tekst("knop_versturen", language), "payload": SEND},
        {"title": tekst("knop_regel_toevoegen", language), "payload": ADD_LINE},
        {"title": tekst("knop_niet_versturen", language), "payload": ONLY_CONTACT},
        {"title": tekst("knop_stoppen", language), "payload": STOP},
    ]


class HandoffFlow:
    """Client side of the handoff and the :class:`~bot.handoff.backend.HandoffCallbacks` for the backend."""

    def __init__(
        self,
        store: Store,
        cases: CaseStore,
        kennisbank: Kennisbank,
        backend: HandoffBackend,
        *,
        rasa_url: str,
    ) -> None:
        self.store = store
        self.cases = cases
        self.kennisbank = kennisbank
        self.backend = backend
        self.rasa_url = rasa_url.rstrip("/")
        self.router: ChannelRouter | None = None  # set once the channels are mounted
        backend.set_callbacks(self)

    # --- helpers ----------------------------------------------------------------------------------------------
    async def _store_out(self, conversation_id: int, replies: Sequence[Reply], sender: str, language: str) -> None:
        def write() -> None:
            for r in replies:
                self.store.add_message(
                    conversation_id,
                    direction="out",
                    sender=sender,
                    text=r.text,
                    status="sent",
                    payload={**r.as_payload(), "language": language},
                )

        await to_thread.run_sync(write)

    async def _set_mode(self, conversation_id: int, mode: str) -> None:
        await to_thread.run_sync(lambda: self.store.update_conversation(conversation_id, mode=mode))

    def _conv(self, case: CaseView) -> HandoffConversation:
        return HandoffConversation(case.conversation_id, case.id, case.channel, case.language, case.queue, case.urgent)

    def what_next(self, gemeente: str | None, queue: str, language: str) -> str:
        """Office hours and the usual response time of the team (kennisbank), defaults when unknown."""
        g = self.kennisbank.gemeenten.get(gemeente) if gemeente else None
        contact = g.contact.get(queue) if g else None

        def local(value: str | None, default: str) -> str:
            if not value:
                return tekst(default, language)
            return (catalog(language).get(value) or value) if language != "nl" else value

        return tekst("overdracht_wat_nu", language).format(
            openingstijden=local(contact.openingstijden if contact else None, "standaard_openingstijden"),
            reactietijd=local(contact.reactietijd if contact else None, "standaard_reactietijd"),
        )

    def consent_reply(self, summary: dossier.Summary, language: str) -> Reply:
        lines = summary.client_lines(language)
        text = "\n".join(lines) + "\n\n" + tekst("overdracht_gesprek_mee", language)
        text += "\n\n" + tekst("overdracht_toestemming", language)
        return Reply(text, topic="klantmanager", buttons=consent_buttons(language))

    # --- 1. the turn in which the client accepted a handoff ---------------------------------------------------
    async def after_turn(self, inbound: Inbound, outcome: Outcome) -> list[Reply]:
        if not outcome.handoff or outcome.engine_unavailable:
            return []
        conv = await to_thread.run_sync(self.store.open_conversation, inbound.channel, inbound.external_id, None)
        if conv.mode != "bot" or await to_thread.run_sync(self.cases.current, conv.id) is not None:
            return []
        async with httpx.AsyncClient() as http:
            tracker = await dossier.fetch_tracker(http, self.rasa_url, conv.id)
        if not dossier.accepted_this_turn(tracker):
            return []  # only an offer: the client can still press "Ja, naar een klantmanager"
        finished = await to_thread.run_sync(self.cases.last_finished_at, conv.id)
        messages = await to_thread.run_sync(self.cases.messages_since, conv.id, finished)
        summary = dossier.build(
            tracker=tracker,
            messages=messages,
            kennisbank=self.kennisbank,
            channel=conv.channel,
            language=outcome.language,
            gemeente=conv.gemeente,
            since=finished.timestamp() if finished else 0.0,
            fallback=outcome.handoff,
        )
        await to_thread.run_sync(
            lambda: self.cases.create_draft(
                conv.id, queue=summary.queue, urgent=summary.urgent, reason=summary.reason, summary=summary.as_dict()
            )
        )
        await self._set_mode(conv.id, CONSENT_MODE)
        replies = [self.consent_reply(summary, outcome.language)]
        await self._store_out(conv.id, replies, "bot", outcome.language)
        return replies

    # --- 2. every client message while mode != bot (the pipeline's hook) ---------------------------------------
    async def on_message(
        self, conv: ConversationState, message_id: int, cleaned: Redaction, written: str
    ) -> list[Reply] | None:
        """The replies to a client message while mode != bot; None gives the message back to the dialogue
        (the client asked something else instead of answering the consent question)."""
        language = conv.language
        case = await to_thread.run_sync(self.cases.current, conv.id)
        replies: list[Reply] = []
        if cleaned.changed:
            replies.append(Reply(tekst("persoonsgegevens_verwijderd", language), topic="privacy"))
        if case is None:  # nothing open any more (e.g. closed by another worker): the dialogue takes it
            await self._set_mode(conv.id, "bot")
            return None
        if case.status in DRAFT:
            answer = await self._consent(conv, case, cleaned.text.strip(), language)
            if answer is None:
                return None
            replies += answer
        elif case.status in OPEN:
            msg = ClientMessage(message_id, cleaned.text, written, self.store.now())
            await to_thread.run_sync(
                lambda: self.cases.record(case.id, "client", "bericht_client", message_id=message_id, taal=written)
            )
            await self.backend.client_message(self._conv(case), msg)
            if case.status == "wachtend":
                replies.append(Reply(tekst("overdracht_bericht_bewaard", language)))
        await to_thread.run_sync(self.store.set_status, message_id, "doorgegeven")
        await self._store_out(conv.id, replies, "bot", language)
        return replies

    async def _intent(self, text: str) -> str | None:
        """Rasa's NLU only (no dialogue turn): what a typed answer to the consent question means."""
        try:
            async with httpx.AsyncClient() as http:
                r = await http.post(f"{self.rasa_url}/model/parse", json={"text": text}, timeout=10)
                r.raise_for_status()
                intent = r.json().get("intent") or {}
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("handoff: NLU not available for a consent answer (%s)", exc)
            return None
        return str(intent.get("name")) if float(intent.get("confidence") or 0) >= 0.5 else None

    async def _consent(self, conv: ConversationState, case: CaseView, text: str, language: str) -> list[Reply] | None:
        draft = dossier.from_dict(case.summary)
        if text and not text.startswith("/") and case.status != "regel":
            # Typed instead of pressed: "ja" sends, "stop" stops, a new question goes to the dialogue.
            intent = await self._intent(text)
            if intent == "affirm":
                text = SEND
            elif intent in ("stop", "goodbye"):
                text = STOP
            elif intent is not None and intent not in ("deny", "vraag_mens", "onzin", "thanks", "greet"):
                await to_thread.run_sync(
                    lambda: self.cases.update(
                        case.id, "client", "ingetrokken", status="ingetrokken", closed_at=self.store.now()
                    )
                )
                await self._set_mode(conv.id, "bot")
                return None
        if text in (SEND, ONLY_CONTACT):
            consented = text == SEND
            if consented:
                finished = await to_thread.run_sync(self.cases.last_finished_at, conv.id)
                messages = await to_thread.run_sync(self.cases.messages_since, conv.id, finished)
                content, transcript = draft.as_dict(), dossier.transcript(messages)
            else:
                content, transcript = dossier.minimal(conv.channel), None
            now = self.store.now()
            await to_thread.run_sync(
                lambda: self.cases.update(
                    case.id,
                    "client",
                    "geopend",
                    {"toestemming": "ja" if consented else "nee", "gedeeld": sorted(content)},
                    status="wachtend",
                    consent="ja" if consented else "nee",
                    summary=content,
                    transcript=transcript,
                    opened_at=now,
                )
            )
            await self._set_mode(conv.id, "queued")
            opened = await to_thread.run_sync(self.cases.get, case.id)
            assert opened is not None
            await self.backend.open(self._conv(opened), content, transcript)
            team = tekst(f"team_{case.queue}", language)
            first = tekst("overdracht_verstuurd", language).format(team=team)
            if not consented:
                first += " " + tekst("overdracht_alleen_contact", language)
            if case.urgent:
                first += " " + tekst("overdracht_spoed", language)
            return [
                Reply(first, topic="klantmanager"),
                Reply(self.what_next(conv.gemeente, case.queue, language), topic="klantmanager"),
                Reply(tekst("overdracht_noodgeval", language), topic="klantmanager"),
            ]
        if text == STOP:
            await to_thread.run_sync(
                lambda: self.cases.update(
                    case.id, "client", "ingetrokken", status="ingetrokken", closed_at=self.store.now()
                )
            )
            await self._set_mode(conv.id, "bot")
            return [Reply(tekst("overdracht_gestopt", language))]
        if text == ADD_LINE:
            await to_thread.run_sync(lambda: self.cases.update(case.id, "client", "regel_gevraagd", status="regel"))
            return [Reply(tekst("overdracht_regel_vraag", language))]
        if case.status == "regel" and text:
            draft.extra_line = text[:MAX_EXTRA_LINE]
            await to_thread.run_sync(
                lambda: self.cases.update(
                    case.id, "client", "regel_toegevoegd", status="concept", summary=draft.as_dict()
                )
            )
            return [self.consent_reply(draft, language)]
        return [Reply(tekst("overdracht_kies_knop", language), buttons=consent_buttons(language))]

    # --- 3. HandoffCallbacks: what staff do reaches the client --------------------------------------------------
    async def _notify_client(self, conversation_id: int, replies: list[Reply], language: str) -> None:
        """A notice from the service (claimed, bot is back): stored; delivered where the channel can push."""
        await self._store_out(conversation_id, replies, "system", language)
        try:
            if self.router is not None:
                await self.router.deliver(conversation_id, replies, sender="system")
        except Exception as exc:  # e.g. the JSON API has no push channel; the notice is in the store
            log.warning("handoff: notice for conversation %s not delivered (%s)", conversation_id, exc)

    async def _language(self, conversation_id: int) -> str:
        def read() -> str:
            from bot.store.models import Conversation

            with self.store.session() as s:
                return str(s.get_one(Conversation, conversation_id).language)

        return await to_thread.run_sync(read)

    async def klantmanager_message(self, conversation_id: int, text: str, *, by: str) -> None:
        try:
            written = detect(text, "nl")
        except Exception:  # language detection must never cost a message
            written = "nl"
        await self._store_out(conversation_id, [Reply(text)], "klantmanager", written)
        if self.router is None:
            raise RuntimeError("no channel router")
        await self.router.deliver(conversation_id, [Reply(text)], sender="klantmanager")

    async def claimed(self, conversation_id: int, *, by: str) -> None:
        await self._set_mode(conversation_id, "human")
        language = await self._language(conversation_id)
        await self._notify_client(conversation_id, [Reply(tekst("overdracht_opgepakt", language))], language)

    async def closed(self, conversation_id: int, outcome: str, *, handed_back: bool) -> None:
        await self._set_mode(conversation_id, "bot")
        language = await self._language(conversation_id)
        await self._notify_client(conversation_id, [Reply(tekst("overdracht_bot_terug", language))], language)


class HandoffPipeline(Pipeline):
    """The pipeline with the handoff's consent step after a turn in which the client accepted a handoff.
    (The other half, routing messages while mode != bot, is the hook in :meth:`Pipeline.handle`.)"""

    flow: HandoffFlow | None = None

    def attach(self, flow: HandoffFlow) -> None:
        self.flow = flow
        self.handoff = flow.on_message

    async def handle(self, inbound: Inbound) -> Outcome:
        outcome = await super().handle(inbound)
        if self.flow is not None:
            try:
                outcome.replies.extend(await self.flow.after_turn(inbound, outcome))
            except Exception:  # the answer itself must still reach the client
                log.exception("handoff: the consent step failed for %s", inbound.external_id)
        return outcome
