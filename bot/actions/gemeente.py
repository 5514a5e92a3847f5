"""The gemeente slot: asked once when an answer depends on it, remembered, changeable, and kept in step with the
service's conversation gemeente (``metadata.gemeente`` on every message)."""

from __future__ import annotations

import re
from typing import Any

from bot.actions import tracker as t
from bot.actions.registry import ActionContext, Body, Result, action
from bot.kennisbank.loader import Kennisbank
from bot.teksten import BERICHTEN

#: button value for "weet ik niet"
WEET_NIET = "weet_niet"
LANDELIJK = "landelijk"


def knop_sleutel(slug: str) -> str:
    return "knop_gemeente_" + slug.replace("-", "_")


def normaliseer(kb: Kennisbank, value: object) -> str | None:
    """A slug for a typed name, a slug or a button value; ``None`` when it is no configured gemeente."""
    if value is None:
        return None
    raw = re.sub(r"\s+", " ", str(value).strip().lower())
    for slug, g in kb.gemeenten.items():
        if slug == LANDELIJK:
            continue
        naam = g.naam.lower()
        if raw in (slug, slug.replace("-", " "), naam, naam.split(" (")[0]):
            return slug
    return None


def huidige(ctx: ActionContext, body: Body) -> str | None:
    slug = t.slots(body).get("gemeente")
    return slug if isinstance(slug, str) and slug in ctx.kennisbank.gemeenten and slug != LANDELIJK else None


def vraag(ctx: ActionContext, bericht: str = "vraag_gemeente") -> dict[str, Any]:
    knoppen: list[dict[str, str]] = [
        {"titel": knop_sleutel(slug), "payload": f'/kies_gemeente{{"gemeente":"{slug}"}}'}
        for slug in sorted(ctx.kennisbank.gemeenten)
        if slug != LANDELIJK and knop_sleutel(slug) in BERICHTEN
    ]
    knoppen.append({"titel": "knop_weet_niet", "payload": f'/kies_gemeente{{"gemeente":"{WEET_NIET}"}}'})
    return {"custom": {"bericht": bericht, "knoppen": knoppen}}


@action("action_validate_slot_mappings")
async def validate_slot_mappings(ctx: ActionContext, body: Body) -> Result:
    """Runs after every user message: normalise an extracted gemeente, adopt a changed ``metadata.gemeente``."""
    events: list[dict[str, Any]] = []
    extracted = t.slots_this_turn(body)
    if "gemeente" in extracted:
        raw = extracted["gemeente"]
        slug = normaliseer(ctx.kennisbank, raw)
        if slug is None and str(raw).strip().lower() == WEET_NIET:
            events += [t.slot("gemeente", None), t.slot("gemeente_gevraagd", True)]
        elif slug is None:
            previous = t.slots(body).get("gemeente") if t.intent(body) != "kies_gemeente" else None
            events.append(t.slot("gemeente", previous if previous != raw else None))
        else:
            events.append(t.slot("gemeente", slug))
    md = t.metadata(body).get("gemeente")
    md = md if isinstance(md, str) and md in ctx.kennisbank.gemeenten else None
    if md != t.slots(body).get("gemeente_metadata"):
        # The service changed the conversation gemeente (e.g. an API request with "gemeente"): it wins, unless the
        # client chose one in this very message.
        events.append(t.slot("gemeente_metadata", md))
        if md is not None and "gemeente" not in extracted:
            events.append(t.slot("gemeente", md))
    return events, []


@action("action_kies_gemeente")
async def kies_gemeente(ctx: ActionContext, body: Body) -> Result:
    raw = t.entity(body, "gemeente")
    slug = huidige(ctx, body)
    if raw is not None and raw.strip().lower() == WEET_NIET:
        return [t.slot("gemeente_gevraagd", True)], [{"custom": {"bericht": "gemeente_onbekend_ok", "gemeente": None}}]
    if slug is None or normaliseer(ctx.kennisbank, raw) is None:
        return [t.slot("gemeente_gevraagd", True)], [vraag(ctx, "gemeente_niet_gevonden")]
    naam = ctx.kennisbank.gemeenten[slug].naam
    # "gemeente" tells the service which gemeente the client chose, so the conversation and the slot agree.
    return [t.slot("gemeente_gevraagd", True)], [
        {"custom": {"bericht": "gemeente_gekozen", "waarden": {"naam": naam}, "gemeente": slug}}
    ]


@action("action_vraag_gemeente")
async def vraag_gemeente(ctx: ActionContext, body: Body) -> Result:
    """ "Andere gemeente": ask again, unless the message already names the new one ("ik woon nu in Tilburg")."""
    if normaliseer(ctx.kennisbank, t.entity(body, "gemeente")) is not None:
        return await kies_gemeente(ctx, body)
    return [t.slot("gemeente_gevraagd", True)], [vraag(ctx)]
