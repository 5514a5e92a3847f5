"""``action_premie``: the premies of the client's gemeente (only verified values), the legal maximum, and that a
premie must be reported."""

from __future__ import annotations

from typing import Any

from bot.actions import tracker as t
from bot.actions.gemeente import huidige, vraag
from bot.actions.registry import ActionContext, Body, Result, action
from bot.kennisbank.render import RenderError, format_value

PREMIE_MAX = "premie_max_jaar"
REGEL = "premies.lokaal"


@action("action_premie")
async def action_premie(ctx: ActionContext, body: Body) -> Result:
    kb = ctx.kennisbank
    day = t.reference_date(body)
    regels: list[dict[str, Any]] = []
    citaties: list[str] = []
    bedrag = kb.bedragen.get(PREMIE_MAX)
    try:
        if bedrag is None:
            raise RenderError(PREMIE_MAX)
        regels.append({"bericht": "premie_max", "waarden": {"max": format_value(bedrag, day, with_unit=False)}})
        citaties.append(bedrag.citatie)
    except RenderError:
        regels.append({"bericht": "premie_max_onbekend", "waarden": {}})
    slug = huidige(ctx, body)
    events: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    if slug is not None:
        gemeente = kb.gemeenten[slug]
        regel = gemeente.regels.get(REGEL)
        # DOMEIN.md §3.1: only verified local values reach users
        if regel is not None and regel.geverifieerd and regel.waarde:
            w = regel.waarde
            waarde = ", ".join(w) if isinstance(w, list) else str(w)
            regels.append({"bericht": "premie_gemeente_bekend", "waarden": {"naam": gemeente.naam, "premies": waarde}})
        else:
            regels.append({"bericht": "premie_gemeente_niet_gecontroleerd", "waarden": {"naam": gemeente.naam}})
    else:
        regels.append({"bericht": "premie_gemeente_verschilt", "waarden": {}})
        if not t.slots(body).get("gemeente_gevraagd"):
            events.append(t.slot("gemeente_gevraagd", True))
            extra.append(vraag(ctx))
    regels.append({"bericht": "premie_melden", "waarden": {}})
    custom = {"regels": regels, "onderwerp": "premie", "citaties": citaties, "knoppen": ["knop_klantmanager"]}
    return events, [{"custom": custom}, *extra]
