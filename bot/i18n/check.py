"""Translation checks for CI: every current Dutch text translated in every language, none stale (fuzzy),
placeholders kept, official Dutch terms kept, and every catalog compiles."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.catalogs import LANGUAGES, PLACEHOLDER, po_path
from bot.i18n.extract import extract_kennisbank

Key = tuple[str | None, str]


@dataclass
class TranslationReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    per_language: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # translated, stale, missing


def expected_messages(kennisbank: Path, service_texts: list[str]) -> dict[Key, str]:
    """What must be translated now: service sentences and every card/layer text, as the extractor sees them."""
    expected: dict[Key, str] = {(None, t): "bot/teksten.py" for t in service_texts}
    for path in sorted([*(kennisbank / "antwoorden").rglob("*.yaml"), *(kennisbank / "gemeenten").glob("*.yaml")]):
        with path.open("rb") as fh:
            for _, _, (context, msgid), _ in extract_kennisbank(fh, {}, [], {}):
                expected[(context, msgid)] = str(path.relative_to(kennisbank.parent))
    return expected


def _terms(root: Path) -> list[str]:
    raw = yaml.safe_load((root / "termen.yaml").read_text(encoding="utf-8"))
    return [str(t) for t in raw["termen"]]


def check_translations(
    kennisbank: Path, catalogs: Path, service_texts: list[str], *, service_missing_is_error: bool = True
) -> TranslationReport:
    report = TranslationReport()
    expected = expected_messages(kennisbank, service_texts)
    terms = _terms(catalogs)
    for lang in LANGUAGES[1:]:
        path = po_path(lang, catalogs)
        if not path.is_file():
            report.errors.append(f"{path}: ontbreekt; maak hem met `make vertalingen` en `pybabel init`")
            continue
        try:
            with path.open("rb") as fh:
                po = read_po(fh, locale=lang)
            write_mo(io.BytesIO(), po)
        except Exception as exc:  # a broken catalog must be reported, whatever the parser raises
            report.errors.append(f"{path}: kan niet worden gelezen of gecompileerd: {exc}")
            continue
        found = {(m.context, m.id): m for m in po if m.id and isinstance(m.id, str)}
        translated = stale = missing = 0
        for key, source in expected.items():
            where = f"{path} [{key[0] or 'tekst'}] (bron: {source})"
            message = found.get(key)
            if message is None or not isinstance(message.string, str) or not message.string.strip():
                missing += 1
                lenient = key[0] is None and not service_missing_is_error
                (report.warnings if lenient else report.errors).append(f"{where}: geen vertaling voor {key[1][:50]!r}")
                continue
            if message.fuzzy:
                stale += 1
                lenient = key[0] is None and not service_missing_is_error
                (report.warnings if lenient else report.errors).append(
                    f"{where}: vertaling is verouderd (fuzzy): de Nederlandse tekst is veranderd"
                )
                continue
            translated += 1
            if sorted(PLACEHOLDER.findall(key[1])) != sorted(PLACEHOLDER.findall(message.string)):
                report.errors.append(f"{where}: de {{...}}-plaatshouders verschillen van het Nederlands")
            plain_source = PLACEHOLDER.sub(" ", key[1]).lower()
            plain_target = PLACEHOLDER.sub(" ", message.string).lower()
            for term in terms:
                if re.search(rf"\b{re.escape(term.lower())}", plain_source) and term.lower() not in plain_target:
                    report.errors.append(f"{where}: de Nederlandse term '{term}' ontbreekt (tussen haakjes)")
        report.per_language[lang] = (translated, stale, missing)
    return report
