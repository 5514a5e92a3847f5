"""Turn a card version into client text: amounts filled in for the reference date, sources named."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency
from babel.units import format_unit

from bot.i18n.catalogs import Catalog, catalog
from bot.i18n.extract import card_context, layer_context, title_context
from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.models import Bedrag, Kaart, KaartVersie
from bot.teksten import tekst

PLACEHOLDER = re.compile(r"\{(bedrag|waarde):([a-z0-9_]+)\}")

_UNITS = {
    "percentage": "concentr-percent",
    "maanden": "duration-month",
    "weken": "duration-week",
    "jaren": "duration-year",
}
_PER = {"geld_per_maand": "per_maand", "geld_per_jaar": "per_jaar", "geld": None}


class RenderError(Exception):
    """A card refers to something the kennisbank cannot supply for the reference date."""


LOCALES = {"nl": "nl_NL", "en": "en_GB", "tr": "tr_TR", "ar": "ar", "pl": "pl_PL", "uk": "uk_UA"}


@dataclass(frozen=True)
class Rendered:
    kaart: str
    onderwerp: str
    titel: str
    language: str
    tekst: str
    citaties: tuple[str, ...]
    gemeente_afhankelijk: bool
    overdracht: str


def _unit(value: Decimal, unit: str, locale: str) -> str:
    """CLDR unit names with the locale's plural rules; the short form where a locale lacks the long one."""
    number = value.normalize()
    text = format_unit(number, unit, length="long", locale=locale)
    if unit in text:
        text = format_unit(number, unit, length="short", locale=locale)
    return str(text)


def format_value(bedrag: Bedrag, day: dt.date, locale: str = "nl_NL", with_unit: bool = True) -> str:
    """The amount valid on ``day``, formatted for ``locale``; an amount whose new value is not yet known
    (e.g. before the Normenbrief) shows the last known value and says so."""
    found = bedrag.waarde_op(day)
    if found is None:
        raise RenderError(f"bedrag '{bedrag.id}' heeft geen waarde op {day.isoformat()}")
    waarde, stale = found
    language = locale.split("_")[0]
    if bedrag.soort in _PER:
        text = format_currency(waarde.waarde, "EUR", locale=locale)
        per = _PER[bedrag.soort]
        if with_unit and per:
            text += " " + tekst(per, language)
    else:
        text = _unit(waarde.waarde, _UNITS[bedrag.soort], locale)
    if stale and waarde.geldig_tot is not None:
        note = tekst("bedrag_nog_onbekend", language)
        text += " " + note.format(datum=format_date(waarde.geldig_tot, "d MMMM y", locale=locale))
    return text


def fill(kb: Kennisbank, text: str, day: dt.date, locale: str = "nl_NL") -> str:
    def sub(match: re.Match[str]) -> str:
        kind, ident = match.groups()
        bedrag = kb.bedragen.get(ident)
        if bedrag is None:
            raise RenderError(f"onbekend bedrag '{ident}'")
        return format_value(bedrag, day, locale=locale, with_unit=kind == "waarde")

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


Catalogs = Callable[[str], Catalog]


def kaart_titel(kaart: Kaart, language: str, catalogs: Catalogs = catalog) -> str:
    if language == "nl":
        return kaart.titel
    return catalogs(language).get(kaart.titel, title_context(kaart.id)) or kaart.titel


def _translate_body(
    kaart: Kaart,
    basis: KaartVersie,
    lokaal: KaartVersie | None,
    modus: str,
    gemeente: str | None,
    dutch: str,
    language: str,
    catalogs: Catalogs,
) -> tuple[str, bool]:
    """The card text in ``language``; the Dutch text and ``False`` when any part has no current translation."""
    if language == "nl":
        return dutch, True
    cat = catalogs(language)
    parts: list[str | None] = []
    if lokaal is None or modus == "aanvullen":
        parts.append(cat.get(basis.tekst.strip(), card_context(kaart.id, basis.geldig_vanaf)))
    if lokaal is not None:
        parts.append(cat.get(lokaal.tekst.strip(), layer_context(gemeente or "", kaart.id, lokaal.geldig_vanaf)))
    if any(p is None for p in parts):
        return dutch, False
    return "\n\n".join(p for p in parts if p), True


def render_card(
    kb: Kennisbank,
    kaart_id: str,
    day: dt.date,
    gemeente: str | None,
    language: str = "nl",
    catalogs: Catalogs = catalog,
) -> Rendered:
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
    body, translated = _translate_body(kaart, basis, lokaal, modus, gemeente, body, language, catalogs)
    notes = _change_notes(kaart, basis, day, language) + _gemeente_notes(kb, kaart, lokaal, gemeente, language)
    if not translated:
        notes.insert(0, tekst("vertaling_ontbreekt", language))
    locale = LOCALES.get(language, language)
    parts = [fill(kb, body, day, locale), *notes, _bronregel(kb, citaties, day, gemeente, language)]
    return Rendered(
        kaart=kaart.id,
        onderwerp=kaart.onderwerp,
        titel=kaart_titel(kaart, language, catalogs),
        language=language if translated else "nl",
        tekst="\n\n".join(parts),
        citaties=tuple(citaties),
        gemeente_afhankelijk=kaart.gemeente_afhankelijk,
        overdracht=kaart.overdracht,
    )
