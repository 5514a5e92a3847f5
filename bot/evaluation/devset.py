"""The labelled question format of ``../shared/vragen/dev.yaml`` and how an answer is judged against it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Vraag:
    id: str
    taal: str
    gemeente: str | None
    vraag: str
    onderwerp: str
    bronnen: tuple[str, ...]
    moet_bevatten: tuple[str, ...]
    overdracht: str


def load_devset(path: Path) -> list[Vraag]:
    raw: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Vraag(
            str(r["id"]),
            str(r["taal"]),
            r.get("gemeente"),
            str(r["vraag"]),
            str(r["onderwerp"]),
            tuple(r.get("bronnen") or ()),
            tuple(r.get("moet_bevatten") or ()),
            str(r.get("overdracht") or "nee"),
        )
        for r in raw
    ]


def citation_matches(expected: str, given: str) -> bool:
    """``participatiewet:9:1`` is supported by ``participatiewet:9:1:c`` and vice versa (same article path)."""
    a, b = expected.split(":"), given.split(":")
    n = min(len(a), len(b))
    return a[:n] == b[:n] and n >= 2


def citations_ok(expected: tuple[str, ...], given: list[str] | tuple[str, ...]) -> bool:
    """No expected sources: any answer is fine; otherwise at least one expected source must be cited."""
    return not expected or any(citation_matches(e, g) for e in expected for g in given)
