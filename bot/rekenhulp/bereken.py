"""Month-by-month indication of the vrijlating (art. 31 lid 2 onder n and r until 2026; art. 34a from 2027)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from bot.kennisbank.loader import Kennisbank

CENT = Decimal("0.01")
STAP_DAGEN = {"week": 7, "4weken": 28}


@dataclass(frozen=True)
class Invoer:
    bedrag: Decimal  # net amount per payment
    frequentie: str  # week | 4weken | maand
    huishouden: str  # alleenstaand | alleenstaande_ouder | gehuwd
    kind_onder_12: bool
    leeftijdsgroep: str  # onder_27 | 27_tot_aow | aow
    eerste_betaling: dt.date


@dataclass(frozen=True)
class Maand:
    jaar: int
    maand: int
    betalingen: int
    inkomen: Decimal
    vrij: Decimal
    verrekend: Decimal
    regel: str  # n | n_aow | r | geen | onder_27 | 34a_a | 34a_c | 34a_geen


@dataclass
class Berekening:
    maanden: list[Maand]
    regime: str  # "2026" (art. 31) | "2027" (art. 34a)
    citaties: list[str]
    #: the kennisbank values used, by bedrag id, as valid in the first month (for the explanation)
    waarden: dict[str, Decimal] = field(default_factory=dict)
    #: the table stops because the law changes on 2027-01-01 and the transition is not known
    overgang_2027: bool = False


class RekenFout(Exception):
    """No rule in the kennisbank for the given start date."""


def waarde(kb: Kennisbank, ident: str, day: dt.date) -> Decimal | None:
    bedrag = kb.bedragen.get(ident)
    if bedrag is None:
        return None
    return next((w.waarde for w in bedrag.waarden if w.geldig_op(day)), None)


def _plus_maanden(day: dt.date, n: int) -> dt.date:
    jaar, maand = divmod(day.month - 1 + n, 12)
    jaar += day.year
    return dt.date(jaar, maand + 1, min(day.day, calendar.monthrange(jaar, maand + 1)[1]))


def betaaldata(eerste: dt.date, frequentie: str, tot: dt.date) -> list[dt.date]:
    """Payment days from ``eerste`` up to and including ``tot``; 4-weekly pay gives 13 payments a year."""
    out: list[dt.date] = []
    if frequentie == "maand":
        n = 0
        while (d := _plus_maanden(eerste, n)) <= tot:
            out.append(d)
            n += 1
        return out
    stap = dt.timedelta(days=STAP_DAGEN[frequentie])
    d = eerste
    while d <= tot:
        out.append(d)
        d += stap
    return out


def _regime(kb: Kennisbank, day: dt.date) -> str | None:
    if waarde(kb, "vrijlating_2027_percentage", day) is not None:
        return "2027"
    if waarde(kb, "vrijlating_algemeen_percentage", day) is not None:
        return "2026"
    return None


def _pct(p: Decimal) -> Decimal:
    return p / Decimal(100)


def _vrij(inkomen: Decimal, percentage: Decimal, maximum: Decimal | None) -> Decimal:
    vrij = (inkomen * _pct(percentage)).quantize(CENT, ROUND_HALF_UP)
    return min(vrij, maximum) if maximum is not None else vrij


def _need(kb: Kennisbank, ident: str, day: dt.date) -> Decimal:
    v = waarde(kb, ident, day)
    if v is None:
        raise RekenFout(f"bedrag '{ident}' heeft geen waarde op {day.isoformat()}")
    return v


def bereken(kb: Kennisbank, invoer: Invoer, maanden: int = 12) -> Berekening:
    """The months from the first payment on, under the rule valid in each month (at most ``maanden``)."""
    start = invoer.eerste_betaling.replace(day=1)
    regime = _regime(kb, start)
    if regime is None:
        raise RekenFout(f"geen vrijlatingsregel in de kennisbank op {start.isoformat()}")
    laatste = _plus_maanden(start, maanden) - dt.timedelta(days=1)
    dagen = betaaldata(invoer.eerste_betaling, invoer.frequentie, laatste)
    result = Berekening([], regime, [])
    gebruikt: list[str] = []

    for k in range(maanden):
        eerste_dag = _plus_maanden(start, k)
        if _regime(kb, eerste_dag) != regime:
            result.overgang_2027 = regime == "2026"
            break
        in_maand = [d for d in dagen if (d.year, d.month) == (eerste_dag.year, eerste_dag.month)]
        inkomen = (invoer.bedrag * len(in_maand)).quantize(CENT)
        regel, pct_id, max_id = _regel(kb, invoer, regime, k, eerste_dag)
        vrij = Decimal("0.00")
        if pct_id is not None:
            maximum = _need(kb, max_id, eerste_dag) if max_id else None
            vrij = _vrij(inkomen, _need(kb, pct_id, eerste_dag), maximum)
            for ident in (pct_id, max_id):
                if ident and ident not in gebruikt:
                    gebruikt.append(ident)
        result.maanden.append(
            Maand(eerste_dag.year, eerste_dag.month, len(in_maand), inkomen, vrij, inkomen - vrij, regel)
        )

    # the durations and limits the explanation names
    extra = {
        "2026": ["vrijlating_algemeen_maanden"]
        + (
            ["vrijlating_alleenstaande_ouder_maanden"]
            if "vrijlating_alleenstaande_ouder_percentage" in gebruikt
            else []
        )
        + (["vrijlating_minimumleeftijd_jaren"] if invoer.leeftijdsgroep == "onder_27" else []),
        "2027": ["vrijlating_2027_maanden", "bufferbudget_max_jaar"],
    }[regime]
    for ident in [*gebruikt, *extra]:
        v = waarde(kb, ident, start)
        if v is not None:
            result.waarden[ident] = v
            citatie = kb.bedragen[ident].citatie
            if citatie not in result.citaties:
                result.citaties.append(citatie)
    return result


def _regel(kb: Kennisbank, invoer: Invoer, regime: str, k: int, day: dt.date) -> tuple[str, str | None, str | None]:
    """(rule, percentage id, maximum id) for month ``k`` (0 = the month of the first payment)."""
    if regime == "2027":
        if invoer.leeftijdsgroep == "aow":
            return "34a_c", "vrijlating_2027_aow_percentage", "vrijlating_2027_aow_max"
        if k < int(_need(kb, "vrijlating_2027_maanden", day)):
            return "34a_a", "vrijlating_2027_percentage", None
        return "34a_geen", None, None
    if invoer.leeftijdsgroep == "onder_27":
        return "onder_27", None, None
    if invoer.leeftijdsgroep == "aow":
        # art. 31 lid 2 onder n: the six-month limit applies only below the AOW age
        return "n_aow", "vrijlating_algemeen_percentage", "vrijlating_algemeen_max"
    n_maanden = int(_need(kb, "vrijlating_algemeen_maanden", day))
    if k < n_maanden:
        return "n", "vrijlating_algemeen_percentage", "vrijlating_algemeen_max"
    if invoer.huishouden == "alleenstaande_ouder" and invoer.kind_onder_12:
        r_maanden = int(_need(kb, "vrijlating_alleenstaande_ouder_maanden", day))
        if k < n_maanden + r_maanden:
            return "r", "vrijlating_alleenstaande_ouder_percentage", "vrijlating_alleenstaande_ouder_max"
    return "geen", None, None
