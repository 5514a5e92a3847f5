"""The handoff summary ("overdrachtsdossier", DOMEIN.md §6.3), built only from what is stored or in the tracker.

Sources, nothing invented:
- Rasa's tracker (``GET {rasa_url}/conversations/c<id>/tracker``): the handoff offers the dialogue made
  (``custom.overdracht``: queue, urgency, trigger), the slots the client filled (the last value each slot had,
  also when a form cleared it at the handoff), the intent and confidence of the client's questions;
- the store: the client's messages (already redacted), and the bot's messages with the card ids and citations
  in their payloads;
- the kennisbank: the gemeente's name and card titles.

Health is passed on as "ja"/"nee" only (no diagnosis, DOMEIN.md §6.3).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from bot.i18n.detect import SUPPORTED
from bot.kennisbank.loader import Kennisbank
from bot.pipeline import queue_for
from bot.store.models import Message
from bot.teksten import tekst

log = logging.getLogger(__name__)

#: Slots that hold facts the client gave, in the order the summary lists them.
FACT_SLOTS = (
    "huishouden",
    "inkomen_bedrag",
    "inkomen_frequentie",
    "kind_onder_12",
    "leeftijdsgroep",
    "eerste_betaling",
    "ont_kind",
    "ont_gezondheid",
    "ont_zorg",
    "ont_andere",
)
#: Shown as yes/no only: free text here could hold medical details.
YES_NO_SLOTS = frozenset({"ont_gezondheid", "ont_zorg", "ont_andere"})
#: Intents that are not a question about the client's situation (answers, button presses, small talk).
NOT_A_QUESTION = frozenset(
    {
        "vraag_mens",
        "affirm",
        "deny",
        "greet",
        "goodbye",
        "thanks",
        "stop",
        "inform",
        "kies_gemeente",
        "wijzig_gemeente",
        "kies_kaart",
        "onzin",
        "beledigend",
        "bot_challenge",
        "start_rekenhulp",
        "start_ontheffing",
    }
)
REASONS = ("gevraagd", "crisis", "geen_geld", "maatregel_opgelegd", "persoonlijke_beoordeling", "onzeker")


@dataclass(frozen=True)
class Offer:
    queue: str | None
    urgent: bool
    reden: str
    timestamp: float


@dataclass
class Said:
    card: str
    titel: str
    citations: list[str]


@dataclass
class Summary:
    """What a consenting client's handoff passes on. ``as_dict`` is what the case stores."""

    queue: str
    urgent: bool
    reason: str
    channel: str
    language: str
    gemeente: str | None = None
    gemeente_naam: str | None = None
    topic: str | None = None
    question: str | None = None
    intent: str | None = None
    confidence: float | None = None
    facts: dict[str, str] = field(default_factory=dict)
    said: list[Said] = field(default_factory=list)
    extra_line: str | None = None

    @property
    def trigger(self) -> str:
        """E.g. ``SPOED_MAATREGEL_OPGELEGD`` (DOMEIN.md §6.3)."""
        return ("SPOED_" if self.urgent else "") + self.reason.upper()

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["trigger"] = self.trigger
        return out

    def client_lines(self, language: str) -> list[str]:
        """The summary as the client sees it before consenting, in their language."""

        def line(key: str, value: str) -> str:
            return "- " + tekst(key, language).format(waarde=value)

        unknown = tekst("samenvatting_onbekend", language)
        lines = [tekst("overdracht_samenvatting", language), line("samenvatting_onderwerp", self.topic or unknown)]
        lines.append(line("samenvatting_gemeente", self.gemeente_naam or unknown))
        if self.urgent:
            lines.append(line("samenvatting_spoed", reason_text(self.reason, language)))
        if self.facts:
            facts = "; ".join(f"{tekst('feit_' + k, language)}: {v}" for k, v in self.facts.items())
            lines.append(line("samenvatting_feiten", facts))
        if self.said:
            lines.append(line("samenvatting_gezegd", ", ".join(f"{s.titel} ({s.card})" for s in self.said)))
        lines.append(line("samenvatting_vraag", self.question or unknown))
        if self.extra_line:
            lines.append(line("samenvatting_regel", self.extra_line))
        return lines


def reason_text(reason: str, language: str) -> str:
    return tekst(f"reden_{reason}", language) if reason in REASONS else reason


def minimal(channel: str) -> dict[str, Any]:
    """All that is passed on without consent."""
    return {"verzoek": "Cliënt vraagt om contact", "kanaal": channel}


# --- the tracker --------------------------------------------------------------------------------------------
async def fetch_tracker(client: httpx.AsyncClient, rasa_url: str, conversation_id: int) -> dict[str, Any]:
    """Rasa's tracker of ``c<id>``; empty when Rasa cannot be reached (the summary then has fewer facts)."""
    try:
        r = await client.get(f"{rasa_url}/conversations/c{conversation_id}/tracker", timeout=10)
        r.raise_for_status()
        data = r.json()
        return data if isinstance(data, dict) else {}
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("handoff: tracker of conversation %s not available (%s)", conversation_id, exc)
        return {}


def _events(tracker: dict[str, Any], since: float) -> list[dict[str, Any]]:
    return [e for e in tracker.get("events") or [] if isinstance(e, dict) and float(e.get("timestamp") or 0) >= since]


def offers(tracker: dict[str, Any], since: float = 0.0) -> list[Offer]:
    """Every handoff offer the dialogue made since ``since`` (a Unix time), oldest first."""
    found = []
    for e in _events(tracker, since):
        custom = (e.get("data") or {}).get("custom") if e.get("event") == "bot" else None
        h = custom.get("overdracht") if isinstance(custom, dict) else None
        if isinstance(h, dict):
            q = h.get("queue")
            found.append(
                Offer(
                    str(q) if q else None,
                    bool(h.get("urgent")),
                    str(h.get("reden") or "gevraagd"),
                    float(e.get("timestamp") or 0),
                )
            )
    return found


def accepted_this_turn(tracker: dict[str, Any]) -> bool:
    """True when the dialogue's answer to the client's latest message is the handoff they asked for
    (``action_overdracht``: reden ``gevraagd``), not just an offer."""
    events = [e for e in tracker.get("events") or [] if isinstance(e, dict)]
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return False
    turn = events[users[-1] + 1 :]
    return any(o.reden == "gevraagd" for o in offers({"events": turn}))


def facts(tracker: dict[str, Any], since: float = 0.0) -> dict[str, str]:
    """The last value each fact slot had (forms clear their slots at a handoff; the events keep them)."""
    values: dict[str, str] = {}
    for e in _events(tracker, since):
        if e.get("event") == "slot" and e.get("name") in FACT_SLOTS and e.get("value") not in (None, ""):
            values[str(e["name"])] = str(e["value"])
    for name, value in (tracker.get("slots") or {}).items():
        if name in FACT_SLOTS and value not in (None, ""):
            values[name] = str(value)
    out = {}
    for name in FACT_SLOTS:
        if name in values:
            v = values[name]
            out[name] = ("nee" if v.strip().lower() in ("nee", "geen", "no") else "ja") if name in YES_NO_SLOTS else v
    return out


def question(tracker: dict[str, Any], since: float = 0.0) -> tuple[str | None, str | None, float | None]:
    """The client's last real question (text, intent, confidence): not a button, an answer or small talk."""
    for e in reversed(_events(tracker, since)):
        if e.get("event") != "user":
            continue
        text = str(e.get("text") or "").strip()
        intent = (e.get("parse_data") or {}).get("intent") or {}
        name = str(intent.get("name") or "")
        if text and not text.startswith("/") and name not in NOT_A_QUESTION:
            conf = intent.get("confidence")
            return text, name or None, float(conf) if isinstance(conf, int | float) else None
    return None, None, None


def choose_queue(found: list[Offer], topic: str | None) -> tuple[str, bool, str]:
    """(queue, urgent, reason). An urgent offer in this stretch of the conversation decides (crisis, no money,
    a maatregel); else the newest offer with a queue; else the topic (DOMEIN.md §6.2)."""
    urgent = [o for o in found if o.urgent]
    if urgent:
        o = urgent[-1]
        return o.queue or queue_for(topic), True, o.reden
    queued = [o for o in found if o.queue]
    queue = queued[-1].queue if queued else queue_for(topic)
    reasons = [o.reden for o in found if o.reden != "gevraagd"]
    return queue or "werk", False, reasons[-1] if reasons else "gevraagd"


# --- the store ----------------------------------------------------------------------------------------------
def said(messages: list[Message], kennisbank: Kennisbank) -> list[Said]:
    """The cards the bot showed, in order, once each, with their citations."""
    out: dict[str, Said] = {}
    for m in messages:
        card = (m.payload or {}).get("card") if m.sender == "bot" else None
        if card and card not in out:
            kaart = kennisbank.kaarten.get(str(card))
            out[str(card)] = Said(
                str(card), kaart.titel if kaart else str(card), [str(c) for c in m.payload.get("citations") or []]
            )
    return list(out.values())


def last_topic(messages: list[Message]) -> str | None:
    for m in reversed(messages):
        topic = (m.payload or {}).get("topic") if m.sender == "bot" else None
        if topic and topic not in ("klantmanager", "privacy"):
            return str(topic)
    return None


def transcript(messages: list[Message], language: str = "nl") -> list[dict[str, Any]]:
    """The conversation as stored (redacted before it was stored), for staff. A bot message's language is the
    one the pipeline answered in: that of the client's message before it when supported (bot/pipeline.py)."""
    out = []
    current = language
    for m in messages:
        written = (m.payload or {}).get("language")
        if m.sender == "client" and written in SUPPORTED:
            current = str(written)
        out.append(
            {
                "at": (m.created_at if m.created_at.tzinfo else m.created_at.replace(tzinfo=dt.UTC)).isoformat(),
                "from": m.sender,
                "text": m.text,
                "language": written or (current if m.sender == "bot" else None),
                "card": (m.payload or {}).get("card"),
                "citations": (m.payload or {}).get("citations") or [],
            }
        )
    return out


def build(
    *,
    tracker: dict[str, Any],
    messages: list[Message],
    kennisbank: Kennisbank,
    channel: str,
    language: str,
    gemeente: str | None,
    since: float = 0.0,
    fallback: dict[str, Any] | None = None,
) -> Summary:
    """The summary of the conversation since ``since`` (Unix time; the end of its previous case).
    ``fallback`` is this turn's offer from the pipeline (queue, urgent), used when the tracker is unavailable."""
    topic = last_topic(messages)
    found = offers(tracker, since)
    if not found and fallback:
        found = [Offer(fallback.get("queue"), bool(fallback.get("urgent")), "gevraagd", since)]
    queue, urgent, reason = choose_queue(found, topic)
    text, intent, confidence = question(tracker, since)
    if text is None:  # without the tracker: the client's last message before the request
        inbound = [m.text for m in messages if m.sender == "client" and not m.text.startswith("/")]
        text = inbound[-2] if len(inbound) >= 2 else None
    g = kennisbank.gemeenten.get(gemeente) if gemeente else None
    return Summary(
        queue=queue,
        urgent=urgent,
        reason=reason,
        channel=channel,
        language=language,
        gemeente=gemeente,
        gemeente_naam=g.naam if g else None,
        topic=topic,
        question=text,
        intent=intent,
        confidence=confidence,
        facts=facts(tracker, since),
        said=said(messages, kennisbank),
    )


def from_dict(data: dict[str, Any]) -> Summary:
    fields = {k: v for k, v in data.items() if k in Summary.__dataclass_fields__}
    fields["said"] = [Said(**s) for s in data.get("said") or []]
    return Summary(**fields)
