"""Rekenhulp inkomsten: the pure calculation (the multi-turn API conversation is in test_dialogue_api.py).

Expected figures, worked out by hand from the law and kennisbank/bedragen/ (not from the code):

Case: € 600 net per 4 weeks, alleenstaande ouder with a child under 12, age 27 to AOW age.

2026 (reference date 2026-03-10, first pay day 2 March 2026) — art. 31 lid 2 onder n and r:
  4-weekly pay days: 2 Mar, 30 Mar, 27 Apr, 25 May, 22 Jun, 20 Jul, 17 Aug, 14 Sep, 12 Oct, 9 Nov, 7 Dec
  (13 payments a year; March has two). Onder n (vrijlating_algemeen_percentage 25, _max € 285,00 per month,
  _maanden 6) applies in the first six months, March-August:
    March:   2 x 600 = 1200; 25% = 300, capped at 285,00 -> vrij 285,00, verrekend 915,00
    Apr-Aug: 600; 25% = 150,00 (below the cap)       -> vrij 150,00, verrekend 450,00
  Then onder r (vrijlating_alleenstaande_ouder_percentage 12,5, _max € 177,66) from September:
    Sep-Dec: 600; 12,5% = 75,00                        -> vrij 75,00, verrekend 525,00
  n, r end on 2026-12-31 (art. 31 from 2027 not known): the table stops after December, with that warning.

2027 (reference date 2027-01-15, first pay day 1 February 2027) — art. 34a lid 1 onder a:
  vrijlating_2027_percentage 15, no euro cap, for vrijlating_2027_maanden 12 months, whatever the household.
  Pay days: 1 Feb, 1 Mar, 29 Mar, 26 Apr, ... -> March has two payments.
    Feb:   600;  15% = 90,00  -> vrij 90,00,  verrekend 510,00
    March: 1200; 15% = 180,00 -> vrij 180,00, verrekend 1020,00 (no cap in 34a)
  plus the bufferbudget line (art. 34b, bufferbudget_max_jaar € 1.000,00 per calendar year).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bot.config import ROOT
from bot.kennisbank.loader import Kennisbank, load
from bot.rekenhulp import Invoer, bereken, betaaldata, lees_bedrag, lees_datum, lees_frequentie


@pytest.fixture(scope="module")
def kb() -> Kennisbank:
    return load(ROOT / "kennisbank")


def invoer(day: dt.date, **kw: Any) -> Invoer:
    base: dict[str, Any] = dict(
        bedrag=Decimal("600"), frequentie="4weken", huishouden="alleenstaande_ouder", kind_onder_12=True,
        leeftijdsgroep="27_tot_aow", eerste_betaling=day,
    )  # fmt: skip
    base.update(kw)
    return Invoer(**base)


def test_four_weekly_pay_is_13_payments_a_year() -> None:
    days = betaaldata(dt.date(2026, 1, 5), "4weken", dt.date(2026, 12, 31))
    assert len(days) == 13
    per_month = [sum(1 for d in days if d.month == m) for m in range(1, 13)]
    assert sorted(per_month) == [1] * 11 + [2]


def test_2026_single_parent_figures(kb: Kennisbank) -> None:
    b = bereken(kb, invoer(dt.date(2026, 3, 2)))
    got = [(m.maand, m.betalingen, m.inkomen, m.vrij, m.verrekend, m.regel) for m in b.maanden]
    assert got[0] == (3, 2, Decimal("1200.00"), Decimal("285.00"), Decimal("915.00"), "n")
    assert all(g[1:] == (1, Decimal("600.00"), Decimal("150.00"), Decimal("450.00"), "n") for g in got[1:6])
    assert all(g[1:] == (1, Decimal("600.00"), Decimal("75.00"), Decimal("525.00"), "r") for g in got[6:])
    assert [g[0] for g in got] == list(range(3, 13))
    assert b.overgang_2027
    assert b.citaties[:2] == ["participatiewet:31:2:n", "participatiewet:31:2:r"]


def test_2026_without_child_under_12_nothing_is_free_after_six_months(kb: Kennisbank) -> None:
    b = bereken(kb, invoer(dt.date(2026, 3, 2), kind_onder_12=False))
    assert [m.regel for m in b.maanden[6:]] == ["geen"] * 4
    assert all(m.vrij == 0 for m in b.maanden[6:])


def test_2026_under_27_keeps_nothing(kb: Kennisbank) -> None:
    b = bereken(kb, invoer(dt.date(2026, 3, 2), leeftijdsgroep="onder_27"))
    assert all(m.vrij == 0 for m in b.maanden)
    assert "participatiewet:31:5" in b.citaties


def test_2027_art_34a_has_no_cap_and_twelve_months(kb: Kennisbank) -> None:
    b = bereken(kb, invoer(dt.date(2027, 2, 1)))
    assert b.regime == "2027"
    assert len(b.maanden) == 12
    assert (b.maanden[0].vrij, b.maanden[0].verrekend) == (Decimal("90.00"), Decimal("510.00"))
    assert (b.maanden[1].betalingen, b.maanden[1].vrij) == (2, Decimal("180.00"))
    assert "participatiewet:34a:1:a" in b.citaties and "participatiewet:34b:1" in b.citaties


def test_2027_after_twelve_months_the_college_may_extend(kb: Kennisbank) -> None:
    b = bereken(kb, invoer(dt.date(2027, 2, 1)), maanden=14)
    assert [m.regel for m in b.maanden[12:]] == ["34a_geen", "34a_geen"]


def test_readers() -> None:
    assert lees_bedrag("€600") == Decimal("600.00")
    assert lees_bedrag("ongeveer 1.250,50 euro netto") == Decimal("1250.50")
    assert lees_bedrag("elke 4 weken") is None
    assert lees_frequentie("elke vier weken") == "4weken"
    assert lees_frequentie("per maand") == "maand"
    assert lees_datum("2 maart", dt.date(2026, 3, 10)) == dt.date(2026, 3, 2)
    assert lees_datum("01-02-2027", dt.date(2026, 12, 1)) == dt.date(2027, 2, 1)
    assert lees_datum("geen idee", dt.date(2026, 3, 10)) is None
