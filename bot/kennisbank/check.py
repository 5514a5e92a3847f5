"""``bijstand kennisbank check``: everything CI verifies about the content before it can ship."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.kennisbank.loader import Kennisbank, KennisbankError, load
from bot.kennisbank.models import Periode
from bot.kennisbank.render import PLACEHOLDER

SOON = dt.timedelta(days=90)
#: Missing or stale translations of cards always fail; those of service sentences too while this is True
#: (set it to False only for the short time between `make vertalingen` and a translation batch).
SERVICE_TRANSLATIONS_REQUIRED = True
_LITERAL = re.compile(r"€|\d\s*%|\d+\s*procent|\d+[.,]\d+|\d")
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
#: Dates and years are not amounts: "1 januari 2027" may be written out.
_DATES = re.compile(
    rf"\b\d{{1,2}} (?:{_MONTHS})(?: (?:19|20)\d{{2}})?\b|\b(?:{_MONTHS}) (?:19|20)\d{{2}}\b|\b(?:19|20)\d{{2}}\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ'-]+")
_VOWELS = re.compile(r"[aeiouyáéíóúàèëïöüij]+", re.IGNORECASE)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    readability: list[tuple[str, float, int, float]] = field(default_factory=list)


def syllables(word: str) -> int:
    """A rough Dutch syllable count: groups of vowels (``ij``, ``oe``, ``ui`` count once)."""
    return max(1, len(_VOWELS.findall(word.lower().replace("ij", "i"))))


@dataclass(frozen=True)
class B1Rules:
    avg_max: float
    sentence_max: int
    long_pct_max: float
    difficult: dict[str, str]
    official: frozenset[str]
    digits_allowed: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> B1Rules:
        raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        m = raw["maatstaf"]
        return cls(
            float(m["gemiddelde_zinslengte_max"]),
            int(m["zinslengte_max"]),
            float(m["lange_woorden_max_procent"]),
            {str(k).lower(): str(v) for k, v in raw["moeilijke_woorden"].items()},
            frozenset(w.lower() for w in raw["officiele_termen"]),
            frozenset(raw.get("cijfers_toegestaan") or []),
        )


def readability(text: str, rules: B1Rules) -> tuple[float, int, float, list[str]]:
    """Average and longest sentence (words), share of long words, and difficult words used."""
    plain = PLACEHOLDER.sub("X", text)
    sentences = [s for s in _SENTENCE.split(plain) if _WORD.search(s)]
    lengths = [len(_WORD.findall(s)) for s in sentences] or [0]
    words = _WORD.findall(plain)
    long_words = [
        w
        for w in words
        if syllables(w) >= 4
        and w.lower() not in rules.official
        and not any(w.lower().startswith(t) or w.lower().endswith(t) for t in rules.official)
    ]
    lowered = " " + " ".join(w.lower() for w in words) + " "
    hard = [w for w in rules.difficult if f" {w} " in lowered]
    return sum(lengths) / len(lengths), max(lengths), 100 * len(long_words) / max(len(words), 1), hard


def _checkpoints(period: Periode, horizon: dt.date, extra: list[dt.date]) -> list[dt.date]:
    end = period.geldig_tot or horizon
    points = {period.geldig_vanaf, end}
    points.update(d for d in extra if period.geldig_vanaf <= d <= end)
    return sorted(points)


def check(kb: Kennisbank, rules: B1Rules, today: dt.date | None = None) -> Report:
    today = today or dt.date.today()
    horizon = today + SOON
    report = Report()
    boundaries = sorted(
        {v.geldig_vanaf for a in kb.wet.values() for v in a.versies}
        | {v.geldig_tot + dt.timedelta(days=1) for a in kb.wet.values() for v in a.versies if v.geldig_tot}
        | {w.geldig_vanaf for b in kb.bedragen.values() for w in b.waarden}
    )
    for kaart in kb.kaarten.values():
        path = kb.kaart_paden[kaart.id]
        for i, versie in enumerate(kaart.versies):
            where = f"{path}: versie {i + 1} ({versie.geldig_vanaf}..{versie.geldig_tot or 'open'})"
            end = versie.geldig_tot or horizon
            successor = versie.geldig_tot is not None and any(
                v.geldig_vanaf == versie.geldig_tot + dt.timedelta(days=1) for v in kaart.versies
            )
            if successor:
                pass
            elif versie.geldig_tot and versie.geldig_tot < today:
                report.warnings.append(f"{where}: verlopen op {versie.geldig_tot}")
            elif versie.geldig_tot and versie.geldig_tot < horizon:
                report.warnings.append(f"{where}: verloopt binnenkort, op {versie.geldig_tot}")
            for day in _checkpoints(versie, max(end, versie.geldig_vanaf), boundaries):
                for c in versie.citaties:
                    if not kb.citatie_geldig(c, day):
                        report.errors.append(f"{where}: citatie {c} bestaat niet of is niet geldig op {day}")
                for kind, ident in PLACEHOLDER.findall(versie.tekst):
                    bedrag = kb.bedragen.get(ident)
                    if bedrag is None:
                        report.errors.append(f"{where}: {{{kind}:{ident}}} verwijst naar een onbekend bedrag")
                    elif (found := bedrag.waarde_op(day)) is None:
                        report.errors.append(f"{where}: bedrag {ident} heeft geen waarde op {day}")
                    elif found[1]:
                        report.warnings.append(
                            f"{where}: bedrag {ident} heeft nog geen waarde op {day}; de kaart toont de laatst "
                            f"bekende waarde met een opmerking. Vul het nieuwe bedrag in (Normenbrief)."
                        )
            stripped = _DATES.sub("", PLACEHOLDER.sub("", versie.tekst))
            if kaart.id not in rules.digits_allowed and (m := _LITERAL.search(stripped)):
                report.errors.append(
                    f"{where}: '{m.group(0)}' staat letterlijk in de tekst; gebruik {{bedrag:...}} of {{waarde:...}}"
                )
            avg, longest, long_pct, hard = readability(versie.tekst, rules)
            report.readability.append((f"{kaart.id} v{i + 1}", avg, longest, long_pct))
            if avg > rules.avg_max:
                report.errors.append(
                    f"{where}: zinnen gemiddeld {avg:.1f} woorden (max {rules.avg_max:g}); maak ze korter"
                )
            if longest > rules.sentence_max:
                report.errors.append(f"{where}: een zin heeft {longest} woorden (max {rules.sentence_max}); splits hem")
            if long_pct > rules.long_pct_max:
                report.errors.append(
                    f"{where}: {long_pct:.0f}% lange woorden (max {rules.long_pct_max:g}%); kies kortere woorden"
                )
            for w in hard:
                report.errors.append(f"{where}: moeilijk woord '{w}'; schrijf '{rules.difficult[w]}'")
    for gemeente in kb.gemeenten.values():
        for kaart_id, laag in gemeente.kaarten.items():
            if kaart_id not in kb.kaarten:
                report.errors.append(f"gemeente {gemeente.slug}: laag voor onbekende kaart {kaart_id}")
            for versie in laag.versies:
                for c in versie.citaties:
                    if not kb.citatie_geldig(c, versie.geldig_vanaf):
                        report.errors.append(f"gemeente {gemeente.slug}: kaart {kaart_id}: citatie {c} onbekend")
        unknown = [k for k, r in gemeente.regels.items() if r.waarde is None and not r.opmerking]
        if unknown:
            report.warnings.append(
                f"gemeente {gemeente.slug}: geen waarde en geen toelichting voor {', '.join(unknown)}"
            )
    if not kb.kaarten:
        report.errors.append("de kennisbank heeft geen antwoordkaarten")
    return report


def run_check(root: Path, verbose: bool = False) -> int:
    try:
        kb = load(root)
    except KennisbankError as exc:
        print(f"kennisbank: {len(exc.problems)} fout(en) in de bestanden:")
        for p in exc.problems:
            print(f"  FOUT {p}")
        return 1
    report = check(kb, B1Rules.load(root / "b1.yaml"))
    print(
        f"kennisbank: {len(kb.kaarten)} kaarten, {len(kb.wet)} wetsartikelen, {len(kb.bedragen)} bedragen, "
        f"{len(kb.gemeenten)} gemeenten"
    )
    print("B1-leesbaarheid per kaartversie (gem. zinslengte / langste zin / % lange woorden):")
    for name, avg, longest, pct in report.readability:
        print(f"  {name:10} {avg:5.1f} {longest:4d} {pct:5.1f}%")
    shown: set[str] = set()
    for w in report.warnings:
        key = re.sub(r" op \d{4}-\d{2}-\d{2}", "", w)
        if key not in shown:
            shown.add(key)
            print(f"  LET OP {w}")
    from bot.i18n.catalogs import CATALOGS
    from bot.i18n.check import check_translations
    from bot.teksten import BERICHTEN

    vertaald = check_translations(
        root, CATALOGS, list(BERICHTEN.values()), service_missing_is_error=SERVICE_TRANSLATIONS_REQUIRED
    )
    print("vertalingen (vertaald / verouderd / ontbreekt):")
    for lang, (ok, stale, missing) in vertaald.per_language.items():
        print(f"  {lang}: {ok} / {stale} / {missing}")
    report.errors.extend(vertaald.errors)
    if vertaald.warnings:
        print(f"  LET OP {len(vertaald.warnings)} zinnen van de service zijn nog niet vertaald")
    for e in report.errors:
        print(f"  FOUT {e}")
    print(f"{len(report.errors)} fout(en), {len(report.warnings)} waarschuwing(en)")
    return 1 if report.errors else 0
