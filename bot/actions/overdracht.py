"""Handoff to a person (reply protocol: ``{"overdracht": {"queue", "urgent", "reden"}}``), crisis and emergencies,
deleting data, out-of-scope questions, and the follow-up after a kennisbank answer."""

from __future__ import annotations

import re
from typing import Any

from bot.actions import tracker as t
from bot.actions.gemeente import huidige, vraag
from bot.actions.registry import ActionContext, Body, Result, action

FORM_SLOTS = (
    "inkomen_bedrag",
    "inkomen_frequentie",
    "huishouden",
    "kind_onder_12",
    "leeftijdsgroep",
    "eerste_betaling",
    "ont_kind",
    "ont_gezondheid",
    "ont_zorg",
    "ont_andere",
)
FORM_QUEUE = {"rekenhulp_form": "inkomen", "ontheffing_form": "werk"}


def overdracht(queue: str, urgent: bool, reden: str) -> dict[str, Any]:
    return {"queue": queue, "urgent": urgent, "reden": reden}


def kaart_of(ctx: ActionContext, kaart: str, bericht: str) -> dict[str, Any]:
    """The card if the kennisbank has it, else a service sentence (a card may be renamed by a policy officer)."""
    return {"kaart": kaart} if kaart in ctx.kennisbank.kaarten else {"bericht": bericht}


def laatste_onderwerp(ctx: ActionContext, body: Body) -> str | None:
    for custom in reversed(t.bot_customs(body)):
        kaart = ctx.kennisbank.kaarten.get(str(custom.get("kaart")))
        if kaart is not None:
            return kaart.onderwerp
        if isinstance(custom.get("onderwerp"), str):
            return str(custom["onderwerp"])
    return None


def form_deze_beurt(body: Body) -> str | None:
    """The form the person was in when writing this message (also when a rule just deactivated it)."""
    loop = t.active_loop(body)
    if loop:
        return loop
    ev = t.events(body)
    users = [i for i, e in enumerate(ev) if e.get("event") == "user"]
    last_user = users[-1] if users else -1
    if any(e.get("event") == "active_loop" and e.get("name") is None for e in ev[last_user + 1 :]):
        for e in reversed(ev[: last_user + 1]):
            if e.get("event") == "active_loop":
                return str(e["name"]) if e.get("name") else None
    return None


def queue_voor(ctx: ActionContext, body: Body) -> str:
    """Which queue fits the conversation: the form the person was in, else the topic of the last answer."""
    form = form_deze_beurt(body)
    if form in FORM_QUEUE:
        return FORM_QUEUE[str(form)]
    return t.QUEUE.get(laatste_onderwerp(ctx, body) or "", "werk")


def leegmaken() -> list[dict[str, Any]]:
    return [t.slot(s, None) for s in FORM_SLOTS]


@action("action_overdracht")
async def action_overdracht(ctx: ActionContext, body: Body) -> Result:
    queue = queue_voor(ctx, body)
    return leegmaken(), [
        {"custom": {"bericht": f"overdracht_{queue}", "overdracht": overdracht(queue, False, "gevraagd")}}
    ]


@action("action_crisis")
async def action_crisis(ctx: ActionContext, body: Body) -> Result:
    dakloos = re.search(r"straat|slaapplek|dak boven|daklo|buiten slapen|homeless", t.text(body).lower())
    payload = kaart_of(ctx, "CRI-02", "crisis_hulp") if dakloos else kaart_of(ctx, "CRI-01", "crisis_hulp")
    payload["overdracht"] = overdracht("werk", True, "crisis")
    return leegmaken(), [{"custom": payload}]


@action("action_spoed")
async def action_spoed(ctx: ActionContext, body: Body) -> Result:
    if t.intent(body) == "spoed_gekort":
        payload: dict[str, Any] = {"bericht": "spoed_gekort", "onderwerp": "maatregel"}
        payload["overdracht"] = overdracht("werk", True, "maatregel_opgelegd")
        payload["knoppen"] = ["knop_klantmanager", "knop_nee"]
    else:
        payload = kaart_of(ctx, "OVR-02", "spoed_geld")
        payload["overdracht"] = overdracht("inkomen", True, "geen_geld")
    return leegmaken(), [{"custom": payload}]


@action("action_verwijder_gegevens")
async def action_verwijder_gegevens(ctx: ActionContext, body: Body) -> Result:
    # "verzoek" asks the service to delete this conversation's stored messages (it owns the store).
    payload = kaart_of(ctx, "PRIV-06", "verwijderen_verzoek")
    payload["verzoek"] = "gegevens_verwijderen"
    return leegmaken(), [{"custom": payload}]


@action("action_buiten_bereik")
async def action_buiten_bereik(ctx: ActionContext, body: Body) -> Result:
    found = ctx.search.search(t.text(body), limit=1, onderwerp="buiten_bereik")
    if found:
        return [], [{"custom": {"kaart": found[0].kaart}}]
    return [], [{"custom": {"bericht": "buiten_bereik", "onderwerp": "buiten_bereik"}}]


@action("action_formulier_leegmaken")
async def action_formulier_leegmaken(ctx: ActionContext, body: Body) -> Result:
    return leegmaken(), []


@action("action_na_antwoord")
async def action_na_antwoord(ctx: ActionContext, body: Body) -> Result:
    """After a kennisbank answer: ask the gemeente once if the answer depends on it; offer the rekenhulp, the
    ontheffing-verkenner or a person where the card asks for it; offer a person after two unsure answers."""
    events: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    customs = t.bot_customs_this_turn(body)
    kaart = next((ctx.kennisbank.kaarten.get(str(c["kaart"])) for c in reversed(customs) if "kaart" in c), None)
    teller = float(t.slots(body).get("onzeker_teller") or 0)
    if kaart is None:
        if any(c.get("bericht") == "weet_ik_niet" for c in customs):
            teller += 1
            if teller >= 2:
                responses.append(
                    {"custom": {"bericht": "twee_keer_onzeker", "overdracht": overdracht("werk", False, "onzeker")}}
                )
                teller = 0
        return [t.slot("onzeker_teller", teller)], responses
    events.append(t.slot("onzeker_teller", 0.0))
    if kaart.gemeente_afhankelijk and huidige(ctx, body) is None and not t.slots(body).get("gemeente_gevraagd"):
        events.append(t.slot("gemeente_gevraagd", True))
        responses.append(vraag(ctx))
    queue = t.QUEUE.get(kaart.onderwerp, "werk")
    aanbod = overdracht(queue, False, "persoonlijke_beoordeling") if kaart.overdracht != "nee" else None
    if kaart.onderwerp == "inkomsten" and kaart.id != "INK-09":
        custom: dict[str, Any] = {
            "bericht": "aanbod_rekenhulp",
            "knoppen": [{"titel": "knop_rekenhulp", "payload": "/start_rekenhulp"}, "knop_klantmanager"],
        }
    elif kaart.onderwerp == "ontheffing":
        custom = {
            "bericht": "aanbod_ontheffing",
            "knoppen": [{"titel": "knop_ontheffing", "payload": "/start_ontheffing"}, "knop_klantmanager"],
        }
    elif aanbod is not None:
        custom = {"bericht": f"overdracht_aanbod_{queue}", "knoppen": ["knop_klantmanager", "knop_nee"]}
    else:
        return events, responses
    if aanbod is not None:
        custom["overdracht"] = aanbod
    responses.append({"custom": custom})
    return events, responses
