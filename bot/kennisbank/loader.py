"""Load and validate every file under ``kennisbank/``; errors name the file, the field and the fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.kennisbank.models import (
    Bedrag,
    BedragenBestand,
    Gemeente,
    Kaart,
    KaartVersie,
    WetArtikel,
    WetVersie,
)

M = TypeVar("M", bound=BaseModel)


class KennisbankError(Exception):
    """One or more kennisbank files are invalid; ``problems`` holds one readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


_FIXES = {
    "extra_forbidden": "dit veld bestaat niet in dit bestandstype; controleer de spelling of haal het weg",
    "missing": "dit veld is verplicht; vul het in",
    "date_from_datetime_parsing": "schrijf een datum als JJJJ-MM-DD",
    "date_parsing": "schrijf een datum als JJJJ-MM-DD",
    "literal_error": "kies een van de toegestane waarden",
    "too_short": "hier hoort minstens één waarde te staan",
}


def _describe(path: Path, exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(bestand)"
        fix = _FIXES.get(err["type"], "")
        lines.append(f"{path}: veld '{where}': {err['msg']}" + (f" — {fix}" if fix else ""))
    return lines


def _read(path: Path, model: type[M], problems: list[str]) -> M | None:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{path}: geen geldige YAML: {exc}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_describe(path, exc))
        return None


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*.yaml") if p.is_file())


@dataclass
class Kennisbank:
    """All validated content, indexed for lookup by id, citation, gemeente and date."""

    root: Path
    kaarten: dict[str, Kaart] = field(default_factory=dict)
    kaart_paden: dict[str, Path] = field(default_factory=dict)
    wet: dict[str, WetArtikel] = field(default_factory=dict)
    bedragen: dict[str, Bedrag] = field(default_factory=dict)
    gemeenten: dict[str, Gemeente] = field(default_factory=dict)

    # --- lookup -----------------------------------------------------------------------------------

    def wetversie(self, citatie: str, day: dt.date) -> WetVersie | None:
        """The law version that contains ``citatie`` and is valid on ``day``."""
        wet, _, rest = citatie.partition(":")
        if wet == "awb":
            parts = rest.split(":")
            artikel = ":".join(parts[:2])
        else:
            artikel = rest.split(":")[0]
        art = self.wet.get(f"{wet}:{artikel}")
        if art is None:
            return None
        for versie in art.versies:
            if versie.geldig_op(day) and citatie in art.citatie_ids(versie):
                return versie
        return None

    def verordening_artikel(self, citatie: str) -> tuple[Gemeente, str] | None:
        _, slug, artikel = citatie.split(":", 2)
        gemeente = self.gemeenten.get(slug)
        if gemeente is None:
            return None
        for bron in gemeente.bronnen:
            if artikel in bron.artikelen:
                return gemeente, bron.titel
        return None

    def citatie_geldig(self, citatie: str, day: dt.date) -> bool:
        if citatie.startswith("verordening:"):
            return self.verordening_artikel(citatie) is not None
        return self.wetversie(citatie, day) is not None

    def kaart_versie(
        self, kaart_id: str, day: dt.date, gemeente: str | None
    ) -> tuple[Kaart, KaartVersie, KaartVersie | None, str] | None:
        """The card version valid on ``day`` plus the gemeente layer, if any, and its mode."""
        kaart = self.kaarten.get(kaart_id)
        if kaart is None:
            return None
        basis = kaart.versie_op(day)
        if basis is None:
            return None
        laag = self.gemeenten[gemeente].kaarten.get(kaart_id) if gemeente in self.gemeenten else None
        if laag is not None:
            lokaal = next((v for v in laag.versies if v.geldig_op(day)), None)
            if lokaal is not None:
                return kaart, basis, lokaal, laag.modus
        return kaart, basis, None, "basis"


def load(root: Path) -> Kennisbank:
    """Read the whole kennisbank; raise :class:`KennisbankError` listing every invalid file."""
    problems: list[str] = []
    kb = Kennisbank(root=root)
    for path in _yaml_files(root / "wet"):
        art = _read(path, WetArtikel, problems)
        if art is not None:
            kb.wet[f"{art.wet}:{art.artikel}"] = art
    for path in _yaml_files(root / "bedragen"):
        bestand = _read(path, BedragenBestand, problems)
        for bedrag in bestand.bedragen if bestand else []:
            if bedrag.id in kb.bedragen:
                problems.append(f"{path}: bedrag '{bedrag.id}' staat twee keer in de kennisbank; houd er één")
            kb.bedragen[bedrag.id] = bedrag
    for path in _yaml_files(root / "antwoorden"):
        kaart = _read(path, Kaart, problems)
        if kaart is None:
            continue
        if kaart.id in kb.kaarten:
            problems.append(f"{path}: kaart-id '{kaart.id}' bestaat al in {kb.kaart_paden[kaart.id]}")
        if path.parent.name != kaart.onderwerp:
            problems.append(f"{path}: onderwerp '{kaart.onderwerp}' past niet bij map '{path.parent.name}'")
        kb.kaarten[kaart.id] = kaart
        kb.kaart_paden[kaart.id] = path
    for path in _yaml_files(root / "gemeenten"):
        gemeente = _read(path, Gemeente, problems)
        if gemeente is None:
            continue
        if path.stem != gemeente.slug:
            problems.append(f"{path}: slug '{gemeente.slug}' moet gelijk zijn aan de bestandsnaam")
        kb.gemeenten[gemeente.slug] = gemeente
    if problems:
        raise KennisbankError(problems)
    return kb
