"""Turn a card version into client text: amounts filled in for the reference date, sources named."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.models import Bedrag

PLACEHOLDER = re.compile(r"\{(bedrag|waarde):([a-z0-9_]+)\}")

_UNITS_NL = {
    "percentage": ("procent", "procent"),
    "maanden": ("maand", "maanden"),
    "weken": ("week", "weken"),
    "jaren": ("jaar", "jaar"),
}
_PER = {"geld_per_maand": " per maand", "geld_per_jaar": " per jaar", "geld": ""}


class RenderError(Exception):
    """A card refers to something the kennisbank cannot supply for the reference date."""


@dataclass(frozen=True)
class Rendered:
    kaart: str
    onderwerp: str
    titel: str
    tekst: str
    citaties: tuple[str, ...]
    gemeente_afhankelijk: bool
    overdracht: str


def format_value(bedrag: Bedrag, day: dt.date, locale: str = "nl_NL", with_unit: bool = True) -> str:
    waarde = next((w for w in bedrag.waarden if w.geldig_op(day)), None)
    if waarde is None:
        raise RenderError(f"bedrag '{bedrag.id}' heeft geen waarde op {day.isoformat()}")
    if bedrag.soort in _PER:
        money = format_currency(waarde.waarde, "EUR", locale=locale)
        return money + (_PER[bedrag.soort] if with_unit else "")
    number = format_decimal(waarde.waarde.normalize(), locale=locale)
    one, many = _UNITS_NL[bedrag.soort]
    return f"{number} {one if waarde.waarde == 1 else many}"


def fill(kb: Kennisbank, text: str, day: dt.date) -> str:
    def sub(match: re.Match[str]) -> str:
        kind, ident = match.groups()
        bedrag = kb.bedragen.get(ident)
        if bedrag is None:
            raise RenderError(f"onbekend bedrag '{ident}'")
        return format_value(bedrag, day, with_unit=kind == "waarde")

    return PLACEHOLDER.sub(sub, text)


def citatie_label(kb: Kennisbank, citatie: str) -> str:
    """``participatiewet:9:1:c`` → ``artikel 9 lid 1 onderdeel c Participatiewet``."""
    kind, _, rest = citatie.partition(":")
    if kind == "verordening":
        slug, _, art = rest.partition(":")
        found = kb.verordening_artikel(citatie)
        titel = found[1] if found else f"verordening {slug}"
        return f"artikel {art} {titel}"
    parts = rest.split(":")
    if kind == "awb":
        label = f"artikel {parts[0]}:{parts[1]}" + (f" lid {parts[2]}" if len(parts) > 2 else "")
        return f"{label} Algemene wet bestuursrecht"
    label = f"artikel {parts[0]}"
    if len(parts) > 1:
        label += f" lid {parts[1]}"
    if len(parts) > 2:
        label += f" onderdeel {parts[2]}"
    return f"{label} Participatiewet"


def _bronregel(kb: Kennisbank, citaties: list[str], day: dt.date, gemeente: str | None) -> str:
    parts = []
    for c in citaties:
        versie = None if c.startswith("verordening:") else kb.wetversie(c, day)
        if versie is not None:
            since = format_date(versie.geldig_vanaf, "d MMMM y", locale="nl_NL")
            parts.append(f"{citatie_label(kb, c)} (tekst geldig vanaf {since})")
        else:
            label = citatie_label(kb, c)
            g = kb.gemeenten.get(gemeente or "")
            datum = next((b.versie_datum for b in g.bronnen if c.split(":")[2] in b.artikelen), None) if g else None
            parts.append(label + (f" (versie {format_date(datum, 'd MMMM y', locale='nl_NL')})" if datum else ""))
    return "Bron: " + "; ".join(parts) + "."


def render_card(kb: Kennisbank, kaart_id: str, day: dt.date, gemeente: str | None) -> Rendered:
    found = kb.kaart_versie(kaart_id, day, gemeente)
    if found is None:
        raise RenderError(f"kaart '{kaart_id}' heeft geen versie op {day.isoformat()}")
    kaart, basis, lokaal, modus = found
    citaties = list(basis.citaties)
    if lokaal is None:
        tekst = basis.tekst.strip()
    elif modus == "vervangen":
        tekst, citaties = lokaal.tekst.strip(), list(lokaal.citaties)
    else:
        tekst = basis.tekst.strip() + "\n\n" + lokaal.tekst.strip()
        citaties += [c for c in lokaal.citaties if c not in citaties]
    body = fill(kb, tekst, day)
    if kaart.gemeente_afhankelijk and gemeente in kb.gemeenten and lokaal is None:
        naam = kb.gemeenten[gemeente or ""].naam
        body += f"\n\nVoor {naam} heb ik hierover nog geen gecontroleerde regels. Vraag het je klantmanager."
    elif kaart.gemeente_afhankelijk and gemeente not in kb.gemeenten:
        body += "\n\nDe regels verschillen per gemeente. In welke gemeente woon je?"
    return Rendered(
        kaart=kaart.id,
        onderwerp=kaart.onderwerp,
        titel=kaart.titel,
        tekst=body + "\n\n" + _bronregel(kb, citaties, day, gemeente),
        citaties=tuple(citaties),
        gemeente_afhankelijk=kaart.gemeente_afhankelijk,
        overdracht=kaart.overdracht,
    )
