"""``bijstand bench``: latency, throughput, memory and start-up time of the real stack. Prints figures;
it never passes or fails (targets live in docs, not in tests)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bot.config import ROOT
from bot.evaluation.stack import running_stack

QUESTIONS = [
    "Wat is een tegenprestatie?",
    "hoeveel mag ik bijverdienen naast mijn uitkering",
    "moet ik doorgeven dat ik geld van mijn moeder krijg",
    "ik wil bezwaar maken tegen een brief",
    "ben je een robot?",
    "What is the tegenprestatie?",
    "kan ik ontheffing krijgen omdat ik voor mijn moeder zorg",
    "hallo",
]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for c in children:
            out.append(int(c))
            out.extend(_children(int(c)))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _load(url: str, concurrency: int, turns: int, direct_rasa: bool) -> dict[str, float]:
    latencies: list[float] = []
    tag = f"bench-{'r' if direct_rasa else 's'}{concurrency}-{os.getpid()}"

    async def conversation(i: int, client: httpx.AsyncClient) -> None:
        for t in range(turns):
            text = QUESTIONS[(i + t) % len(QUESTIONS)]
            started = time.perf_counter()
            if direct_rasa:
                r = await client.post("/webhooks/rest/webhook", json={"sender": f"{tag}-{i}", "message": text})
            else:
                r = await client.post("/api/v1/chat", json={"conversation_id": f"{tag}-{i}", "text": text})
            r.raise_for_status()
            latencies.append(1000 * (time.perf_counter() - started))

    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(conversation(i, client) for i in range(concurrency)))
        wall = time.perf_counter() - started
    return {
        "p50_ms": statistics.median(latencies),
        "p95_ms": _pct(latencies, 0.95),
        "p99_ms": _pct(latencies, 0.99),
        "turns_per_s": len(latencies) / wall,
        "turns": float(len(latencies)),
    }


def _search_latency(cold: bool) -> dict[str, float]:
    from bot.app import build_search
    from bot.config import Settings
    from bot.kennisbank.loader import load

    settings = Settings.from_env()
    kb = load(settings.kennisbank_dir)
    out: dict[str, float] = {}
    if cold:  # a fresh machine or a new embedding model: every card text and translation is embedded
        with tempfile.TemporaryDirectory(prefix="bijstand-bench-cache-") as empty:
            started = time.monotonic()
            build_search(kb, dataclasses.replace(settings, cache_dir=Path(empty)))
            out["index_build_s_empty_cache"] = time.monotonic() - started
    started = time.monotonic()
    search = build_search(kb, settings)
    build = time.monotonic() - started
    times = []
    for q in QUESTIONS * 5:
        t = time.perf_counter()
        search.search(q, limit=3)
        times.append(1000 * (time.perf_counter() - t))
    out.update(index_build_s_cached=build, query_p50_ms=statistics.median(times), query_p95_ms=_pct(times, 0.95))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bijstand bench", description=__doc__)
    parser.add_argument("--turns", type=int, default=10, help="turns per conversation")
    parser.add_argument("--levels", default="1,5,20", help="concurrent conversations")
    parser.add_argument("--json", type=Path, default=ROOT / "data" / "bench.json")
    parser.add_argument(
        "--no-cold-index", action="store_true", help="skip the index build from an empty vector cache (minutes)"
    )
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    with running_stack(ROOT / "data" / "bench") as stack:
        result["time_to_ready_s"] = stack.ready_seconds
        levels = [int(x) for x in args.levels.split(",")]
        result["service"] = {str(c): asyncio.run(_load(stack.url, c, args.turns, False)) for c in levels}
        result["rasa_direct"] = {str(c): asyncio.run(_load(stack.rasa_url, c, args.turns, True)) for c in levels}
        rasa_pids = _children(stack.pid)
        result["rss_mb"] = {"service": _rss_mb(stack.pid), "rasa": sum(_rss_mb(p) for p in rasa_pids)}
    result["kennisbank"] = _search_latency(cold=not args.no_cold_index)
    print(f"time to ready (service + Rasa, model trained): {result['time_to_ready_s']:.1f} s")
    print(f"RSS: service {result['rss_mb']['service']:.0f} MB, Rasa {result['rss_mb']['rasa']:.0f} MB")
    print(f"{'conc':>4} {'svc p50':>8} {'p95':>7} {'p99':>7} {'turn/s':>7} | {'rasa p50':>8} {'p95':>7} {'ratio':>6}")
    for c in result["service"]:
        s, r = result["service"][c], result["rasa_direct"][c]
        print(
            f"{c:>4} {s['p50_ms']:8.1f} {s['p95_ms']:7.1f} {s['p99_ms']:7.1f} {s['turns_per_s']:7.1f} | "
            f"{r['p50_ms']:8.1f} {r['p95_ms']:7.1f} {s['p50_ms'] / r['p50_ms']:6.2f}"
        )
    k = result["kennisbank"]
    if "index_build_s_empty_cache" in k:
        print(f"kennisbank: index build from an empty vector cache {k['index_build_s_empty_cache']:.1f} s")
    print(
        f"kennisbank: index build (vectors cached) {k['index_build_s_cached']:.2f} s, "
        f"query p50 {k['query_p50_ms']:.1f} ms, p95 {k['query_p95_ms']:.1f} ms"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
