"""Rekenhulp inkomsten: the form's validation (``validate_rekenhulp_form``) and the month-by-month outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bot.actions import tracker as t
from bot.actions.overdracht import leegmaken
from bot.actions.registry import ActionContext, Body, Result, action
from bot.rekenhulp import (
    Invoer,
    bereken,
    lees_bedrag,
    lees_datum,
    lees_frequentie,
    lees_huishouden,
    lees_ja_nee,
    lees_leeftijdsgroep,
)
from bot.rekenhulp.bereken import Berekening, RekenFout

LOCALE = "nl_NL"
NVT = "nvt"


def geld(value: Decimal, locale: str = LOCALE) -> str:
    return format_currency(value, "EUR", locale=locale)


def getal(value: Decimal, locale: str = LOCALE) -> str:
    return format_decimal(value.normalize(), locale=locale)


def client_locale(body: Body) -> str:
    """The babel locale of the conversation's language (metadata sent by the service with each message)."""
    from bot.kennisbank.render import LOCALES

    meta = (body.get("tracker", {}).get("latest_message") or {}).get("metadata") or {}
    return LOCALES.get(str(meta.get("lang") or "nl"), LOCALE)


def _valideer(slot: str, value: Any, day: dt.date) -> str | None:
    raw = "" if value is None else str(value)
    if slot == "inkomen_bedrag":
        bedrag = lees_bedrag(raw)
        return str(bedrag) if bedrag is not None else None
    if slot == "inkomen_frequentie":
        return lees_frequentie(raw)
    if slot == "huishouden":
        return lees_huishouden(raw)
    if slot == "kind_onder_12":
        return lees_ja_nee(raw) or (raw if raw == NVT else None)
    if slot == "leeftijdsgroep":
        return lees_leeftijdsgroep(raw)
    if slot == "eerste_betaling":
        datum = lees_datum(raw, day)
        return datum.isoformat() if datum else None
    return raw or None


@action("validate_rekenhulp_form")
async def validate_rekenhulp_form(ctx: ActionContext, body: Body) -> Result:
    day = t.reference_date(body)
    events: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    for slot, value in t.slots_this_turn(body).items():
        if slot not in ("inkomen_bedrag", "inkomen_frequentie", "huishouden", "kind_onder_12", "leeftijdsgroep",
                        "eerste_betaling"):  # fmt: skip
            continue
        normal = _valideer(slot, value, day)
        events.append(t.slot(slot, normal))
        if normal is None:
            responses.append({"custom": {"bericht": f"rh_niet_begrepen_{slot}"}})
        elif slot == "huishouden" and normal != "alleenstaande_ouder":
            events.append(t.slot("kind_onder_12", NVT))  # the child question is only for single parents
    return events, responses


def _uitleg(b: Berekening, invoer: Invoer, locale: str = LOCALE) -> list[dict[str, Any]]:
    w = b.waarden
    regels_gebruikt = {m.regel for m in b.maanden}
    out: list[dict[str, Any]] = []

    def _geld(value: Decimal) -> str:
        return geld(value, locale)

    def _getal(value: Decimal) -> str:
        return getal(value, locale)

    def pct(ident: str) -> str:
        return f"{_getal(w[ident])}%"

    if b.regime == "2026":
        if "onder_27" in regels_gebruikt:
            out.append(
                {
                    "bericht": "rh_uitleg_onder_27",
                    "waarden": {"leeftijd": _getal(w["vrijlating_minimumleeftijd_jaren"])},
                }
            )
        if "n" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_n", "waarden": {
                "maanden": _getal(w["vrijlating_algemeen_maanden"]),
                "percentage": pct("vrijlating_algemeen_percentage"),
                "max": _geld(w["vrijlating_algemeen_max"]),
            }})  # fmt: skip
        if "n_aow" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_n_aow", "waarden": {
                "percentage": pct("vrijlating_algemeen_percentage"), "max": _geld(w["vrijlating_algemeen_max"]),
            }})  # fmt: skip
        if "r" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_r", "waarden": {
                "percentage": pct("vrijlating_alleenstaande_ouder_percentage"),
                "max": _geld(w["vrijlating_alleenstaande_ouder_max"]),
                "maanden": _getal(w["vrijlating_alleenstaande_ouder_maanden"]),
            }})  # fmt: skip
        if "geen" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_geen_meer", "waarden": {}})
    else:
        if "34a_a" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_34a", "waarden": {
                "percentage": pct("vrijlating_2027_percentage"), "maanden": _getal(w["vrijlating_2027_maanden"]),
            }})  # fmt: skip
        if "34a_c" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_34a_aow", "waarden": {
                "percentage": pct("vrijlating_2027_aow_percentage"), "max": _geld(w["vrijlating_2027_aow_max"]),
            }})  # fmt: skip
        if "34a_geen" in regels_gebruikt:
            out.append({"bericht": "rh_uitleg_34a_verlengen", "waarden": {}})
        if "bufferbudget_max_jaar" in w:
            out.append({"bericht": "rh_bufferbudget", "waarden": {"max": _geld(w["bufferbudget_max_jaar"])}})
    return out


@action("action_rekenhulp_uitkomst")
async def action_rekenhulp_uitkomst(ctx: ActionContext, body: Body) -> Result:
    s = t.slots(body)
    loc = client_locale(body)
    try:
        invoer = Invoer(
            bedrag=Decimal(str(s.get("inkomen_bedrag"))),
            frequentie=str(s.get("inkomen_frequentie")),
            huishouden=str(s.get("huishouden")),
            kind_onder_12=s.get("kind_onder_12") == "ja",
            leeftijdsgroep=str(s.get("leeftijdsgroep")),
            eerste_betaling=dt.date.fromisoformat(str(s.get("eerste_betaling"))),
        )
        b = bereken(ctx.kennisbank, invoer)
    except (ValueError, ArithmeticError, KeyError, RekenFout):
        return leegmaken(), [{"custom": {"bericht": "rh_kan_niet_rekenen", "knoppen": ["knop_klantmanager"]}}]
    regels: list[dict[str, Any]] = [
        {"bericht": f"rh_kop_{invoer.frequentie}", "waarden": {"bedrag": geld(invoer.bedrag, loc)}},
    ]
    for m in b.maanden:
        waarden = {
            "maand": format_date(dt.date(m.jaar, m.maand, 1), "LLLL y", locale=loc),
            "inkomen": geld(m.inkomen, loc),
            "vrij": geld(m.vrij, loc),
            "verrekend": geld(m.verrekend, loc),
            "aantal": str(m.betalingen),
        }
        regels.append({"bericht": "rh_maand" if m.betalingen == 1 else "rh_maand_meer", "waarden": waarden})
    regels.extend(_uitleg(b, invoer, loc))
    if invoer.frequentie == "4weken" and any(m.betalingen > 1 for m in b.maanden):
        regels.append({"bericht": "rh_vierwekelijks", "waarden": {}})
    if invoer.frequentie == "week":
        regels.append({"bericht": "rh_wekelijks", "waarden": {}})
    if b.overgang_2027:
        regels.append({"bericht": "rh_overgang_2027", "waarden": {}})
    regels.append({"bericht": "rh_indicatie", "waarden": {}})
    custom = {"regels": regels, "onderwerp": "inkomsten", "citaties": b.citaties, "knoppen": ["knop_klantmanager"]}
    return leegmaken(), [{"custom": custom}]
