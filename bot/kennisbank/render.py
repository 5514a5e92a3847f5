"""Turn a card version into client text: amounts filled in for the reference date, sources named."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.models import Bedrag, Kaart, KaartVersie
from bot.teksten import tekst

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
    """The amount valid on ``day``, formatted for ``locale``; an amount whose new value is not yet known
    (e.g. before the Normenbrief) shows the last known value and says so."""
    found = bedrag.waarde_op(day)
    if found is None:
        raise RenderError(f"bedrag '{bedrag.id}' heeft geen waarde op {day.isoformat()}")
    waarde, stale = found
    if bedrag.soort in _PER:
        text = format_currency(waarde.waarde, "EUR", locale=locale) + (_PER[bedrag.soort] if with_unit else "")
    else:
        one, many = _UNITS_NL[bedrag.soort]
        text = f"{format_decimal(waarde.waarde.normalize(), locale=locale)} {one if waarde.waarde == 1 else many}"
    if stale and waarde.geldig_tot is not None:
        note = tekst("bedrag_nog_onbekend", locale.split("_")[0])
        text += " " + note.format(datum=format_date(waarde.geldig_tot, "d MMMM y", locale=locale))
    return text


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


#: How far ahead a coming change, or how far back a recent change, is mentioned with the answer.
CHANGE_NOTICE = dt.timedelta(days=183)


def _datum(day: dt.date, language: str) -> str:
    return format_date(day, "d MMMM y", locale=language)


def _bronregel(kb: Kennisbank, citaties: list[str], day: dt.date, gemeente: str | None, language: str) -> str:
    parts = []
    for c in citaties:
        label = citatie_label(kb, c)
        if not c.startswith("verordening:"):
            versie = kb.wetversie(c, day)
            parts.append(
                tekst("bron_geldig", language).format(label=label, datum=_datum(versie.geldig_vanaf, language))
                if versie is not None
                else label
            )
            continue
        g = kb.gemeenten.get(c.split(":")[1])
        datum = next((b.versie_datum for b in g.bronnen if c.split(":")[2] in b.artikelen), None) if g else None
        parts.append(
            tekst("bron_versie", language).format(label=label, datum=_datum(datum, language)) if datum else label
        )
    return tekst("bron_regel", language).format(bronnen="; ".join(parts))


def _gemeente_notes(
    kb: Kennisbank, kaart: Kaart, lokaal: KaartVersie | None, gemeente: str | None, language: str
) -> list[str]:
    if not kaart.gemeente_afhankelijk:
        return []
    g = kb.gemeenten.get(gemeente or "")
    if g is None or g.slug == "landelijk":
        return [tekst("gemeente_verschilt", language)]
    notes = []
    if lokaal is not None:
        cited = [c for c in lokaal.citaties if c.startswith(f"verordening:{g.slug}:")]
        bron = next((b for b in g.bronnen for c in cited if c.split(":")[2] in b.artikelen), None)
        if bron is not None and bron.versie_datum is not None:
            notes.append(
                tekst("gemeente_regel", language).format(
                    gemeente=g.naam, bron=bron.titel, datum=_datum(bron.versie_datum, language)
                )
            )
    else:
        notes.append(tekst("gemeente_geen_regels", language).format(gemeente=g.naam))
    if g.historisch:
        notes.append(tekst("gemeente_historisch", language).format(gemeente=g.naam))
    return notes


def _change_notes(kaart: Kaart, current: KaartVersie, day: dt.date, language: str) -> list[str]:
    notes = []
    later = [v for v in kaart.versies if v.geldig_vanaf > day]
    if later:
        nxt = min(later, key=lambda v: v.geldig_vanaf)
        if nxt.geldig_vanaf - day <= CHANGE_NOTICE:
            notes.append(tekst("regel_verandert", language).format(datum=_datum(nxt.geldig_vanaf, language)))
    earlier = [v for v in kaart.versies if v.geldig_tot is not None and v.geldig_tot < current.geldig_vanaf]
    if earlier and day - current.geldig_vanaf <= CHANGE_NOTICE:
        notes.append(tekst("regel_nieuw", language).format(datum=_datum(current.geldig_vanaf, language)))
    return notes


def render_card(kb: Kennisbank, kaart_id: str, day: dt.date, gemeente: str | None, language: str = "nl") -> Rendered:
    """The card as the client reads it on ``day``: gemeente layer applied, amounts filled in, sources named."""
    found = kb.kaart_versie(kaart_id, day, gemeente)
    if found is None:
        raise RenderError(f"kaart '{kaart_id}' heeft geen versie op {day.isoformat()}")
    kaart, basis, lokaal, modus = found
    citaties = list(basis.citaties)
    if lokaal is None:
        body = basis.tekst.strip()
    elif modus == "vervangen":
        body, citaties = lokaal.tekst.strip(), list(lokaal.citaties)
    else:
        body = basis.tekst.strip() + "\n\n" + lokaal.tekst.strip()
        citaties += [c for c in lokaal.citaties if c not in citaties]
    notes = _change_notes(kaart, basis, day, language) + _gemeente_notes(kb, kaart, lokaal, gemeente, language)
    text = "\n\n".join([fill(kb, body, day), *notes, _bronregel(kb, citaties, day, gemeente, language)])
    return Rendered(
        kaart=kaart.id,
        onderwerp=kaart.onderwerp,
        titel=kaart.titel,
        tekst=text,
        citaties=tuple(citaties),
        gemeente_afhankelijk=kaart.gemeente_afhankelijk,
        overdracht=kaart.overdracht,
    )
