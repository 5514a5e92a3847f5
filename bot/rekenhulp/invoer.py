"""Read the client's answers (typed text or button values) into normalised values; ``None`` = not understood."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
_MAAND_AFK = {m[:3]: i + 1 for i, m in enumerate(MAANDEN)} | {"mrt": 3, "okt": 10}


def _month_names() -> dict[str, int]:
    """Month names in all our languages (CLDR via babel), wide and abbreviated, in both grammatical contexts
    (Polish "marca", Ukrainian "березня"), lower case, without a trailing dot."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in ("nl", "en", "tr", "pl", "uk", "ar"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(name.lower().rstrip("."), number)
    return names


_MAANDNAMEN = _month_names()

_BEDRAG = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?(?![\d])|(\d+)\.(\d{1,2})(?!\d)")


def lees_bedrag(text: str) -> Decimal | None:
    """``"€ 600"``, ``"600 euro"``, ``"1.250,50"``, ``"450.5"`` → Decimal; the first positive amount in the text."""
    cleaned = text.replace("€", " ").replace("\u00a0", " ")
    for m in _BEDRAG.finditer(cleaned):
        try:
            if m.group(3) is not None:
                value = Decimal(f"{m.group(3)}.{m.group(4)}")
            else:
                value = Decimal(m.group(1).replace(".", "") + ("." + m.group(2) if m.group(2) else ""))
        except InvalidOperation:
            continue
        # "4 weken" is a frequency, not an amount
        after = cleaned[m.end() :].lstrip().lower()
        if after.startswith(("week", "weken", "wekelijks", "maand", "jaar", "keer", "x")):
            continue
        if value > 0:
            return value.quantize(Decimal("0.01"))
    return None


def lees_frequentie(text: str) -> str | None:
    """``week`` | ``4weken`` | ``maand``."""
    t = text.lower().replace("-", " ")
    if t.strip() in ("week", "4weken", "maand"):
        return t.strip()
    if re.search(
        r"\b(4|vier)\s*(weken|wekelijks|wekelijk)\b|vierwekelijks|4weken"
        r"|every 4 weeks|4 haft|4 tygodni|4 тижн|4 أسابيع",
        t,
    ):
        return "4weken"
    if re.search(r"maand|maandelijks|month|ay\b|aylık|miesi|місяц|شهر", t):
        return "maand"
    if re.search(r"\bweek\b|wekelijks|weekly|hafta|tydzie|тижд|أسبوع", t):
        return "week"
    return None


def lees_huishouden(text: str) -> str | None:
    """``alleenstaand`` | ``alleenstaande_ouder`` | ``gehuwd``."""
    t = text.lower().replace("_", " ")
    if re.search(
        r"alleenstaande? (ouder|moeder|vader)|single (parent|mother|father)|alleen met (mijn )?kind"
        r"|tek ebeveyn|samotn\w* (rodzic|matk|ojc)|одинок\w* (батьк|мат)|والد وحيد|وحدي طفل|طفلي وحدي",
        t,
    ):
        return "alleenstaande_ouder"
    if re.search(r"gehuwd|getrouwd|samenwon|woon samen|partner|married|evli|żonat|zamężn|одружен|متزوج", t):
        return "gehuwd"
    if re.search(r"alleenstaand|alleen|single|bekar|samotn|самотн|أعزب", t):
        return "alleenstaand"
    return None


def lees_leeftijdsgroep(text: str) -> str | None:
    """``onder_27`` | ``27_tot_aow`` | ``aow``."""
    t = text.lower().replace("-", " ")
    if t.strip() in ("onder_27", "27_tot_aow", "aow"):
        return t.strip()
    if re.search(
        r"jonger dan 27|onder (de )?27|under 27|mniej ni[żz] 27|27 ya[şs][ıi]ndan k[üu][çc][üu]k|молодш\w* 27"
        r"|менше 27|أصغر من 27",
        t,
    ):
        return "onder_27"
    if re.search(r"\b27 tot|tussen 27|27 en (de )?aow|27 or older", t):
        return "27_tot_aow"
    if re.search(r"\baow\b|pensioen", t):
        return "aow"
    m = re.search(r"\b(\d{2})\b", t)
    if m:
        age = int(m.group(1))
        if age < 27:
            return "onder_27"
        # The AOW age depends on the birth date (about 67); from 67 the person is asked to choose the AOW button.
        return "27_tot_aow" if age < 67 else "aow"
    return None


def lees_ja_nee(text: str) -> str | None:
    t = text.strip().lower()
    if t in ("ja", "nee"):
        return t
    if re.match(r"^(ja|jazeker|jawel|klopt|yes|evet|tak|так|نعم)\b", t):
        return "ja"
    if re.match(r"^(nee|neen|niet|no|hayır|nie|ні|لا)\b", t):
        return "nee"
    return None


def lees_leeftijd_kind(text: str) -> str | None:
    """``onder_5`` | ``5_tot_12`` | ``geen`` (no child at home, or the youngest is 12 or older, or no single parent)."""
    t = text.lower()
    if t.strip() in ("onder_5", "5_tot_12", "geen"):
        return t.strip()
    if re.search(r"\bbaby|peuter|pasgeboren|maanden oud", t):
        return "onder_5"
    if re.search(r"geen kind|geen alleenstaande|niet alleenstaand|ouder dan 12|no child", t):
        return "geen"
    m = re.search(r"\b(\d{1,2})\b", t)
    if m:
        age = int(m.group(1))
        return "onder_5" if age < 5 else "5_tot_12" if age < 12 else "geen"
    return (lees_ja_nee(t) == "nee" and "geen") or None


def lees_datum(text: str, referentie: dt.date) -> dt.date | None:
    """The day of the first payment: ``"2 maart"``, ``"02-03-2026"``, ``"1/4"``; ``"deze maand"`` → the 1st.

    Without a year, the year of the reference date is used.
    """
    t = text.lower().strip()
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", t)
    if m:
        return _datum(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?\b", t)
    if m:
        jaar = int(m.group(3)) if m.group(3) else referentie.year
        jaar = jaar + 2000 if jaar < 100 else jaar
        return _datum(jaar, int(m.group(2)), int(m.group(1)))
    for m in re.finditer(r"(?:\b(\d{1,2})\s+)?(?<!\w)([^\W\d_]{3,12})(?!\w)\.?(?:\s+(\d{4}))?", t):
        naam = m.group(2)
        maand = _MAANDNAMEN.get(naam) or (_MAAND_AFK.get(naam[:3]) if len(naam) <= 4 else None)
        if maand is None:
            continue
        dag = int(m.group(1)) if m.group(1) else 1
        return _datum(int(m.group(3)) if m.group(3) else referentie.year, maand, dag)
    if "volgende maand" in t or "next month" in t:
        return (referentie.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    if "deze maand" in t or "this month" in t or "vandaag" in t or "today" in t:
        return referentie.replace(day=1) if "maand" in t or "month" in t else referentie
    return None


def _datum(jaar: int, maand: int, dag: int) -> dt.date | None:
    try:
        return dt.date(jaar, maand, dag)
    except ValueError:
        return None
