"""Babel extractor for the kennisbank: every card title and card text becomes a catalog entry.

The message context names the card and version (``kaart:TP-01@2026-01-01``), the message id is the Dutch
text. When a Dutch text changes, ``pybabel update`` marks its translations fuzzy, and the service no longer
shows them as current (see :mod:`bot.i18n.catalogs`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

TRANSLATOR_NOTE = (
    "Keep every {bedrag:...} and {waarde:...} placeholder unchanged. "
    "Keep the official Dutch term in brackets at first use, e.g. 'community service (tegenprestatie)'."
)


def card_context(kaart_id: str, geldig_vanaf: object) -> str:
    return f"kaart:{kaart_id}@{geldig_vanaf}"


def title_context(kaart_id: str) -> str:
    return f"kaart:{kaart_id}:titel"


def layer_context(slug: str, kaart_id: str, geldig_vanaf: object) -> str:
    return f"gemeente:{slug}:{kaart_id}@{geldig_vanaf}"


def extract_kennisbank(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    data = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    if "versies" in data and "id" in data:  # an answer card
        kaart_id = str(data["id"])
        yield 1, "pgettext", (title_context(kaart_id), str(data["titel"])), [f"Title of card {kaart_id}"]
        for versie in data["versies"]:
            ctx = card_context(kaart_id, versie["geldig_vanaf"])
            yield 1, "pgettext", (ctx, str(versie["tekst"]).strip()), [TRANSLATOR_NOTE]
    elif "slug" in data:  # a gemeente: its card layers
        for kaart_id, laag in (data.get("kaarten") or {}).items():
            for versie in laag["versies"]:
                ctx = layer_context(str(data["slug"]), str(kaart_id), versie["geldig_vanaf"])
                yield 1, "pgettext", (ctx, str(versie["tekst"]).strip()), [TRANSLATOR_NOTE]
