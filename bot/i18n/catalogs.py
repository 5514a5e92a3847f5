"""Read the translation catalogs; a fuzzy (stale) or empty translation counts as missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from bot.config import ROOT

CATALOGS = ROOT / "vertalingen"
DOMAIN = "messages"
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[a-z0-9_]+)?\}")


@dataclass
class Catalog:
    language: str
    current: dict[tuple[str | None, str], str] = field(default_factory=dict)
    stale: set[tuple[str | None, str]] = field(default_factory=set)

    def get(self, msgid: str, context: str | None = None) -> str | None:
        return self.current.get((context, msgid))


def po_path(language: str, root: Path = CATALOGS) -> Path:
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(language: str, root: Path = CATALOGS) -> Catalog:
    catalog = Catalog(language)
    path = po_path(language, root)
    if not path.is_file():
        return catalog
    with path.open("rb") as fh:
        po = read_po(fh, locale=language)
    for message in po:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        key = (message.context, message.id)
        if message.fuzzy:
            catalog.stale.add(key)
        elif message.string.strip():
            catalog.current[key] = message.string
    return catalog


@cache
def catalog(language: str) -> Catalog:
    """The catalog of ``language``, read once per process."""
    return load_catalog(language)
