"""Ontheffing-verkenner: a few gentle questions, then which grounds *may* apply, what evidence usually helps, and
an offer to prepare the request for the klantmanager. It never says that someone is exempt: the gemeente decides."""

from __future__ import annotations

from typing import Any

from bot.actions import tracker as t
from bot.actions.gemeente import huidige
from bot.actions.overdracht import leegmaken, overdracht
from bot.actions.registry import ActionContext, Body, Result, action
from bot.rekenhulp import lees_ja_nee, lees_leeftijd_kind

SLOTS = ("ont_kind", "ont_gezondheid", "ont_zorg", "ont_andere")
#: ground → (sentence key, citations); every citation must resolve in kennisbank/wet/ (tested)
GRONDEN: dict[str, tuple[str, list[str]]] = {
    "kind_onder_5": ("ont_grond_9a", ["participatiewet:9a:1"]),
    "kind_onder_12": ("ont_grond_9_4", ["participatiewet:9:4"]),
    "gezondheid": ("ont_grond_gezondheid", ["participatiewet:9:2", "participatiewet:9:5", "participatiewet:6b"]),
    "zorg": ("ont_grond_zorg", ["participatiewet:9:2"]),
    "andere": ("ont_grond_andere", ["participatiewet:9:2"]),
}


@action("validate_ontheffing_form")
async def validate_ontheffing_form(ctx: ActionContext, body: Body) -> Result:
    events: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    for slot, value in t.slots_this_turn(body).items():
        if slot not in SLOTS:
            continue
        raw = "" if value is None else str(value)
        normal = lees_leeftijd_kind(raw) if slot == "ont_kind" else lees_ja_nee(raw)
        events.append(t.slot(slot, normal))
        if normal is None:
            responses.append({"custom": {"bericht": "ont_niet_begrepen"}})
    return events, responses


def gronden(s: dict[str, Any]) -> list[str]:
    out = []
    if s.get("ont_kind") == "onder_5":
        out.append("kind_onder_5")
    if s.get("ont_kind") in ("onder_5", "5_tot_12"):
        out.append("kind_onder_12")
    for slot, grond in (("ont_gezondheid", "gezondheid"), ("ont_zorg", "zorg"), ("ont_andere", "andere")):
        if s.get(slot) == "ja":
            out.append(grond)
    return out


@action("action_ontheffing_uitkomst")
async def action_ontheffing_uitkomst(ctx: ActionContext, body: Body) -> Result:
    found = gronden(t.slots(body))
    citaties: list[str] = []
    regels: list[dict[str, Any]] = []
    if found:
        regels.append({"bericht": "ont_kop", "waarden": {}})
        for g in found:
            key, cit = GRONDEN[g]
            regels.append({"bericht": key, "waarden": {}})
            citaties += [c for c in cit if c not in citaties]
    else:
        regels.append({"bericht": "ont_geen_grond", "waarden": {}})
        citaties.append("participatiewet:9:2")
    slug = huidige(ctx, body)
    if slug is not None:
        regels.append({"bericht": "ont_gemeente_regels", "waarden": {"naam": ctx.kennisbank.gemeenten[slug].naam}})
    else:
        regels.append({"bericht": "ont_gemeente_onbekend", "waarden": {}})
    regels.append({"bericht": "ont_gemeente_beslist", "waarden": {}})
    uitkomst = {"regels": regels, "onderwerp": "ontheffing", "citaties": citaties}
    aanbod = {
        "bericht": "ont_aanbod",
        "knoppen": ["knop_klantmanager", "knop_nee"],
        "overdracht": overdracht("werk", False, "ontheffing_verzoek"),
    }
    return leegmaken(), [{"custom": uitkomst}, {"custom": aanbod}]
