"""``action_kennisbank_antwoord``: choose the answer card for the client's question, or say it is not sure."""

from __future__ import annotations

from typing import Any

from bot.actions.registry import ActionContext, Body, Result, action
from bot.kennisbank.search import decide, thresholds_for

INTENT_PREFIX = "vraag_"
CHOOSE_INTENT = "kies_kaart"
#: Below this NLU confidence the intent's topic is not trusted; the open search decides alone.
MIN_INTENT_CONFIDENCE = 0.5


def _answer(kaart: str, score: float | None = None) -> list[dict[str, Any]]:
    custom: dict[str, Any] = {"kaart": kaart}
    if score is not None:
        custom["score"] = round(score, 3)
    return [{"custom": custom}]


def _not_sure() -> list[dict[str, Any]]:
    return [{"custom": {"bericht": "weet_ik_niet", "knoppen": ["knop_klantmanager", "knop_nee"]}}]


@action("action_kennisbank_antwoord")
async def kennisbank_antwoord(ctx: ActionContext, body: Body) -> Result:
    latest = body.get("tracker", {}).get("latest_message") or {}
    text = str(latest.get("text") or "")
    intent = str((latest.get("intent") or {}).get("name") or "")
    if intent == CHOOSE_INTENT:
        chosen = next((str(e.get("value")) for e in latest.get("entities") or [] if e.get("entity") == "kaart"), "")
        return [], _answer(chosen) if chosen in ctx.kennisbank.kaarten else _not_sure()
    onderwerp = intent.removeprefix(INTENT_PREFIX) if intent.startswith(INTENT_PREFIX) else None
    thresholds = thresholds_for(ctx.search.name)
    kandidaten = ctx.search.search(text, limit=3)
    confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
    if onderwerp is not None and confidence >= MIN_INTENT_CONFIDENCE:
        # The NLU recognised the topic. Answer with the best card of that topic only when the open search
        # agrees (same card, or nearly as good); when the two disagree, let the client choose.
        within = ctx.search.search(text, limit=3, onderwerp=onderwerp)
        if within and within[0].score >= thresholds.low:
            best = within[0]
            if (
                not kandidaten
                or kandidaten[0].kaart == best.kaart
                or kandidaten[0].score - best.score < thresholds.margin
            ):
                return [], _answer(best.kaart, best.score)
            ids = list(dict.fromkeys([best.kaart, *(c.kaart for c in kandidaten[:2])]))
            return [], [{"custom": {"bericht": "welke_vraag", "kaarten": ids}}]
    verdict, ids = decide(kandidaten, thresholds)
    if verdict == "answer":
        return [], _answer(ids[0], kandidaten[0].score)
    if verdict == "menu" and len(ids) > 1:
        return [], [{"custom": {"bericht": "welke_vraag", "kaarten": ids}}]
    if verdict == "menu":
        return [], _answer(ids[0], kandidaten[0].score)
    return [], _not_sure()
