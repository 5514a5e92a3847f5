"""Rekenhulp inkomsten: an indication, month by month, of how income from work is set off against bijstand.

Pure functions only. Every amount, percentage and period comes from ``kennisbank/bedragen/`` (by id, valid on the
day of each month); nothing is hard-coded here. The gemeente calculates the real amounts and decides.
"""

from bot.rekenhulp.bereken import Berekening, Invoer, Maand, bereken, betaaldata
from bot.rekenhulp.invoer import (
    lees_bedrag,
    lees_datum,
    lees_frequentie,
    lees_huishouden,
    lees_ja_nee,
    lees_leeftijd_kind,
    lees_leeftijdsgroep,
)

__all__ = [
    "Berekening",
    "Invoer",
    "Maand",
    "bereken",
    "betaaldata",
    "lees_bedrag",
    "lees_datum",
    "lees_frequentie",
    "lees_huishouden",
    "lees_ja_nee",
    "lees_leeftijd_kind",
    "lees_leeftijdsgroep",
]
