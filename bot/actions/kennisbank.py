"""``action_kennisbank_antwoord``: choose the answer card for the client's question."""

from __future__ import annotations

from bot.actions.registry import ActionContext, Body, Result, action

INTENT_PREFIX = "vraag_"
#: Lexical search: minimum score to answer a question the NLU did not recognise, and the margin to the next card.
MIN_SCORE = 0.2
MIN_MARGIN = 0.03


@action("action_kennisbank_antwoord")
async def kennisbank_antwoord(ctx: ActionContext, body: Body) -> Result:
    latest = body.get("tracker", {}).get("latest_message") or {}
    text = str(latest.get("text") or "")
    intent = str((latest.get("intent") or {}).get("name") or "")
    onderwerp = intent.removeprefix(INTENT_PREFIX) if intent.startswith(INTENT_PREFIX) else None
    kandidaten = ctx.search.search(text, limit=3, onderwerp=onderwerp)
    if onderwerp and kandidaten:
        # The NLU recognised the topic: the best card within that topic answers.
        return [], [{"custom": {"kaart": kandidaten[0].kaart, "score": round(kandidaten[0].score, 3)}}]
    if kandidaten:
        best = kandidaten[0]
        second = kandidaten[1].score if len(kandidaten) > 1 else 0.0
        if best.score >= MIN_SCORE and best.score - second >= MIN_MARGIN:
            return [], [{"custom": {"kaart": best.kaart, "score": round(best.score, 3)}}]
    return [], [{"custom": {"bericht": "weet_ik_niet", "knoppen": ["knop_klantmanager", "knop_nee"]}}]
