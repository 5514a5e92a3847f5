"""The kennisbank file formats (see docs/KENNISBANK-FORMAT.md); every file is validated against these models."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Onderwerp = Literal[
    "tegenprestatie",
    "ontheffing",
    "inkomsten",
    "premie",
    "maatregel",
    "bezwaar",
    "inlichtingenplicht",
    "taaleis",
    "klantmanager",
    "privacy",
    "overig",
    "buiten_bereik",
]
ONDERWERPEN: tuple[str, ...] = get_args(Onderwerp)

CITATION = re.compile(
    r"^(participatiewet:[0-9]+[a-z]*(:[0-9]+[a-z]*(:[a-z]+)?)?"
    r"|awb:[0-9]+:[0-9]+[a-z]*(:[0-9]+[a-z]*)?"
    r"|awb:h[0-9]+"
    r"|verordening:[a-z0-9-]+:[0-9A-Za-z.-]+)$"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Periode(_Strict):
    geldig_vanaf: dt.date
    geldig_tot: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Periode:
        if self.geldig_tot is not None and self.geldig_tot < self.geldig_vanaf:
            raise ValueError("geldig_tot ligt voor geldig_vanaf: draai de datums om")
        return self

    def geldig_op(self, day: dt.date) -> bool:
        return self.geldig_vanaf <= day and (self.geldig_tot is None or day <= self.geldig_tot)


def _check_citaties(values: list[str]) -> list[str]:
    for c in values:
        if not CITATION.match(c):
            raise ValueError(
                f"citatie {c!r} heeft niet de vorm participatiewet:<art>[:<lid>[:<onderdeel>]], "
                "awb:<art> of verordening:<gemeente>:<art>"
            )
    return values


# --- law -------------------------------------------------------------------------------------------


class WetBron(_Strict):
    document: str | None = None
    url: str | None = None
    geverifieerd: bool


class Onderdeel(_Strict):
    onderdeel: str
    tekst: str


class Lid(_Strict):
    lid: str
    tekst: str = ""
    onderdelen: list[Onderdeel] = Field(default_factory=list)


class WetVersie(Periode):
    status: Literal["in_werking", "nog_niet_in_werking", "tekst_onbekend"] = "in_werking"
    bron: WetBron
    opmerking: str | None = None
    tekst: str | None = None
    leden: list[Lid] = Field(default_factory=list)


class WetArtikel(_Strict):
    wet: Literal["participatiewet", "awb"]
    artikel: str
    titel: str = ""
    versies: list[WetVersie] = Field(min_length=1)

    def citatie_ids(self, versie: WetVersie) -> set[str]:
        base = f"{self.wet}:{self.artikel}"
        ids = {base}
        for lid in versie.leden:
            ids.add(f"{base}:{lid.lid}")
            ids.update(f"{base}:{lid.lid}:{o.onderdeel}" for o in lid.onderdelen)
        return ids


# --- amounts ---------------------------------------------------------------------------------------

Soort = Literal["geld", "geld_per_maand", "geld_per_jaar", "percentage", "maanden", "weken", "jaren"]


class Waarde(Periode):
    waarde: Decimal
    bron: str
    geverifieerd: bool

    @field_validator("waarde", mode="before")
    @classmethod
    def _no_float(cls, v: object) -> object:
        if isinstance(v, float):
            raise ValueError('schrijf een bedrag als tekst tussen aanhalingstekens, bijvoorbeeld "285.00"')
        return v


class Bedrag(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    omschrijving: str
    soort: Soort
    citatie: str
    waarden: list[Waarde] = Field(min_length=1)

    _cit = field_validator("citatie")(lambda v: _check_citaties([v])[0])

    def waarde_op(self, day: dt.date) -> tuple[Waarde, bool] | None:
        """The value valid on ``day``; else the last known earlier value, flagged as not yet updated."""
        exact = next((w for w in self.waarden if w.geldig_op(day)), None)
        if exact is not None:
            return exact, False
        earlier = [w for w in self.waarden if w.geldig_tot is not None and w.geldig_tot < day]
        return (max(earlier, key=lambda w: w.geldig_vanaf), True) if earlier else None


class BedragenBestand(_Strict):
    bedragen: list[Bedrag]


# --- answer cards ----------------------------------------------------------------------------------


class Review(_Strict):
    door: str
    datum: dt.date
    status: Literal["concept", "gereviewd"]


class KaartVersie(Periode):
    tekst: str = Field(min_length=1)
    citaties: list[str] = Field(min_length=1)

    _cit = field_validator("citaties")(_check_citaties)


class Kaart(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2,4}-[0-9]{2}[a-z]?$")
    onderwerp: Onderwerp
    titel: str
    voorbeeldvragen: list[str] = Field(default_factory=list)
    gemeente_afhankelijk: bool
    overdracht: Literal["nee", "aanbieden", "verplicht"] = "nee"
    review: Review
    versies: list[KaartVersie] = Field(min_length=1)

    def versie_op(self, day: dt.date) -> KaartVersie | None:
        return next((v for v in self.versies if v.geldig_op(day)), None)


# --- gemeenten -------------------------------------------------------------------------------------


class GemeenteBron(_Strict):
    id: str
    titel: str
    cvdr: str | None = None
    document: str | None = None
    url: str | None = None
    versie_datum: dt.date | None = None
    artikelen: dict[str, str] = Field(default_factory=dict)


class Regel(_Strict):
    waarde: str | int | float | bool | list[str] | None
    bron: str | None = None
    versie_datum: dt.date | None = None
    geverifieerd: bool = False
    opmerking: str | None = None


class KaartLaag(_Strict):
    modus: Literal["aanvullen", "vervangen"]
    versies: list[KaartVersie] = Field(min_length=1)


class Contact(_Strict):
    naam: str
    kanaal: str
    openingstijden: str | None = None
    reactietijd: str | None = None


class Gemeente(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    naam: str
    cbs_code: str | None = None
    historisch: bool = False
    opmerking: str | None = None
    bronnen: list[GemeenteBron] = Field(default_factory=list)
    regels: dict[str, Regel] = Field(default_factory=dict)
    kaarten: dict[str, KaartLaag] = Field(default_factory=dict)
    contact: dict[str, Contact] = Field(default_factory=dict)
