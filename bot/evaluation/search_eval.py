"""Search quality on a labelled question set: top-1/top-3 per language and the answer/menu/abstain split."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.config import ROOT, Settings
from bot.evaluation.devset import Vraag, citations_ok, load_devset
from bot.kennisbank.loader import Kennisbank, load
from bot.kennisbank.search import Candidate, SearchBackend, Thresholds, decide, thresholds_for

DEVSET = ROOT / "evaluatie" / "dev.yaml"
OUT_OF_SCOPE = "buiten_bereik"


def card_ok(kb: Kennisbank, card_id: str, q: Vraag, day: dt.date) -> bool:
    kaart = kb.kaarten[card_id]
    versie = kaart.versie_op(day)
    return kaart.onderwerp == q.onderwerp and citations_ok(q.bronnen, versie.citaties if versie else [])


def evaluate(kb: Kennisbank, search: SearchBackend, vragen: list[Vraag], t: Thresholds, day: dt.date) -> dict[str, Any]:
    ranked: list[tuple[Vraag, list[Candidate]]] = []
    latencies = []
    for q in vragen:
        started = time.perf_counter()
        ranked.append((q, search.search(q.vraag, limit=3)))
        latencies.append(1000 * (time.perf_counter() - started))
    return {"latency_ms_p50": statistics.median(latencies), **score(kb, ranked, t, day)}


def score(kb: Kennisbank, ranked: list[tuple[Vraag, list[Candidate]]], t: Thresholds, day: dt.date) -> dict[str, Any]:
    per_lang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q, cands in ranked:
        row = per_lang[q.taal]
        row["n"] += 1
        oks = [card_ok(kb, c.kaart, q, day) for c in cands]
        row["top1"] += bool(oks[:1] and oks[0])
        row["top3"] += any(oks)
        verdict, ids = decide(cands, t)
        if verdict == "answer":
            right = card_ok(kb, ids[0], q, day)
            row["answered_right" if right else "answered_wrong"] += 1
        elif verdict == "menu":
            row["menu_with_right" if any(card_ok(kb, i, q, day) for i in ids) else "menu_without_right"] += 1
        elif q.onderwerp == OUT_OF_SCOPE:
            row["abstained_right"] += 1
        else:
            row["abstained"] += 1
    total: dict[str, int] = defaultdict(int)
    for row in per_lang.values():
        for k, v in row.items():
            total[k] += v
    return {"per_language": {k: dict(v) for k, v in sorted(per_lang.items())}, "total": dict(total)}


def tune(kb: Kennisbank, search: SearchBackend, vragen: list[Vraag], day: dt.date) -> tuple[Thresholds, float]:
    """Grid search: a wrong confident answer costs three times what a right one gains; a menu counts half."""
    ranked = [(q, search.search(q.vraag, limit=3)) for q in vragen]
    top = max(c[0].score for _, c in ranked if c)
    grid = [round(top - 0.005 * i, 3) for i in range(0, 60)]
    best: tuple[float, Thresholds] | None = None
    for low, high in itertools.combinations(sorted(grid), 2):
        for margin in (0.0, 0.005, 0.01, 0.02, 0.03):
            t = Thresholds(low, high, margin)
            tot = score(kb, ranked, t, day)["total"]
            utility = (
                tot.get("answered_right", 0)
                - 3 * tot.get("answered_wrong", 0)
                + 0.5 * tot.get("menu_with_right", 0)
                - 0.5 * tot.get("menu_without_right", 0)
            )
            if best is None or utility > best[0]:
                best = (utility, t)
    assert best is not None
    return best[1], best[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bijstand eval-search", description=__doc__)
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--reference-date", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--backend", choices=["e5", "lexical"], default=None)
    parser.add_argument("--tune", action="store_true", help="also search the thresholds that fit this set best")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    from bot.app import build_search

    settings = Settings.from_env()
    if args.backend:
        settings = Settings(**{**settings.__dict__, "search_backend": args.backend})
    kb = load(settings.kennisbank_dir)
    started = time.monotonic()
    search = build_search(kb, settings)
    build = time.monotonic() - started
    vragen = load_devset(args.devset)
    result = evaluate(kb, search, vragen, thresholds_for(search.name), args.reference_date)
    result["backend"] = search.name
    result["index_build_seconds"] = round(build, 2)
    print(f"backend {search.name}: index built in {build:.1f} s, query p50 {result['latency_ms_p50']:.1f} ms")
    print(
        f"{'taal':5} {'n':>3} {'top1':>6} {'top3':>6} {'right':>6} {'wrong':>6} {'menu+':>6} {'menu-':>6} {'abst':>5}"
    )
    for lang, row in [*result["per_language"].items(), ("all", result["total"])]:
        n = row["n"]
        print(
            f"{lang:5} {n:3d} {row.get('top1', 0) / n:6.0%} {row.get('top3', 0) / n:6.0%} "
            f"{row.get('answered_right', 0):6d} {row.get('answered_wrong', 0):6d} {row.get('menu_with_right', 0):6d} "
            f"{row.get('menu_without_right', 0):6d} {row.get('abstained', 0):5d}"
        )
    if args.tune:
        t, utility = tune(kb, search, vragen, args.reference_date)
        result["tuned"] = {"low": t.low, "high": t.high, "margin": t.margin, "utility": utility}
        print(f"best thresholds on this set: low={t.low} high={t.high} margin={t.margin} (utility {utility})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
