"""``bijstand eval``: a labelled question set through the real stack (chat API), judged per language and topic.

Writes a Markdown report with plots and a JSON file, and exits non-zero when a floor in
``evaluatie/floors.yaml`` is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot.config import ROOT
from bot.engine.sidecar import RASA_BIN, model_path, rasa_env
from bot.evaluation.devset import Vraag, citations_ok, load_devset
from bot.evaluation.stack import running_stack

DEVSET = ROOT / "evaluatie" / "dev.yaml"
FLOORS = ROOT / "evaluatie" / "floors.yaml"
LEVELS = ("nee", "aanbieden", "verplicht")


@dataclass
class Judged:
    id: str
    taal: str
    onderwerp: str
    verdict: str  # correct | wrong_topic | wrong_citation | menu_right | menu_wrong | abstained
    topic_given: str | None
    card: str | None
    citations: list[str]
    handoff_expected: str
    handoff_given: str
    language_given: str
    contains_ok: bool | None
    seconds: float


def judge(q: Vraag, body: dict[str, Any], seconds: float) -> Judged:
    messages = body.get("messages") or []
    cards = [m for m in messages if m.get("card")]
    menu = [b for m in messages for b in m.get("buttons") or [] if "kies_kaart" in str(b.get("payload"))]
    citations = [c for m in messages for c in m.get("citations") or []]
    topics = [m.get("topic") for m in messages if m.get("topic")]
    text = "\n".join(str(m.get("text") or "") for m in messages)
    if cards:
        if q.onderwerp not in topics:
            verdict = "wrong_topic"
        elif not citations_ok(q.bronnen, citations):
            verdict = "wrong_citation"
        else:
            verdict = "correct"
    elif menu:
        verdict = "menu_right" if q.onderwerp in topics or any(q.onderwerp in str(b) for b in menu) else "menu"
    elif q.onderwerp == "buiten_bereik" or (topics and topics[0] == q.onderwerp):
        verdict = "correct"
    else:
        verdict = "abstained"
    handoff = body.get("handoff")
    given = "nee" if not handoff else "verplicht" if handoff.get("urgent") else "aanbieden"
    contains = all(re.search(p, text, re.IGNORECASE) for p in q.moet_bevatten) if q.moet_bevatten else None
    return Judged(
        q.id,
        q.taal,
        q.onderwerp,
        verdict,
        topics[0] if topics else None,
        cards[0]["card"] if cards else None,
        citations,
        q.overdracht,
        given,
        str(body.get("language")),
        contains,
        seconds,
    )


def summarise(rows: list[Judged], key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[Judged]] = defaultdict(list)
    for r in rows:
        groups[getattr(r, key)].append(r)
    groups["alle"] = rows
    out = {}
    for name, rs in sorted(groups.items()):
        n = len(rs)
        out[name] = {
            "n": n,
            "correct": sum(r.verdict == "correct" for r in rs) / n,
            "confidently_wrong": sum(r.verdict in ("wrong_topic", "wrong_citation") for r in rs) / n,
            "menu": sum(r.verdict.startswith("menu") for r in rs) / n,
            "abstained": sum(r.verdict == "abstained" for r in rs) / n,
            "language_right": sum(r.language_given == r.taal for r in rs) / n,
        }
    return out


def handoff_scores(rows: list[Judged]) -> dict[str, dict[str, float]]:
    out = {}
    for level in LEVELS[1:]:
        # "aanbieden" counts a given "verplicht" as an offer too; "verplicht" needs the urgent flag.
        want = {r.id for r in rows if LEVELS.index(r.handoff_expected) >= LEVELS.index(level)}
        got = {r.id for r in rows if LEVELS.index(r.handoff_given) >= LEVELS.index(level)}
        tp = len(want & got)
        out[level] = {
            "precision": tp / len(got) if got else 1.0,
            "recall": tp / len(want) if want else 1.0,
            "expected": float(len(want)),
            "given": float(len(got)),
        }
    return out


def rasa_tests(out_dir: Path) -> dict[str, Any]:
    """``rasa test core`` on the test stories and ``rasa test nlu`` on held-out NLU files, if present."""
    project = ROOT / "dialogen"
    model = model_path(project)
    result: dict[str, Any] = {}
    if not model.is_file() or not RASA_BIN.exists():
        return {"skipped": "no trained model or Rasa venv"}
    stories = out_dir / "rasa-core"
    proc = subprocess.run(
        [
            str(RASA_BIN),
            "test",
            "core",
            "--stories",
            "tests",
            "-m",
            str(model),
            "--out",
            str(stories),
            "--fail-on-prediction-errors",
        ],
        cwd=project,
        env=rasa_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    failed = stories / "failed_test_stories.yml"
    count = failed.read_text().count("- story:") if failed.exists() else 0
    # A non-zero exit without a report of failed stories is still a failure.
    result["core"] = {"exit": proc.returncode, "failed_stories": count or (1 if proc.returncode else 0)}
    nlu_dir = project / "tests" / "nlu"
    if nlu_dir.is_dir():
        nlu_out = out_dir / "rasa-nlu"
        subprocess.run(
            [str(RASA_BIN), "test", "nlu", "--nlu", str(nlu_dir), "-m", str(model), "--out", str(nlu_out)],
            cwd=project,
            env=rasa_env(),
            capture_output=True,
            check=False,
        )
        report = nlu_out / "intent_report.json"
        if report.exists():
            data = json.loads(report.read_text())
            result["nlu"] = {
                "accuracy": data.get("accuracy"),
                "weighted_f1": data.get("weighted avg", {}).get("f1-score"),
            }
    return result


def plot(summary: dict[str, dict[str, float]], title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(summary)
    parts = [("correct", "#2e7d32"), ("menu", "#f9a825"), ("abstained", "#9e9e9e"), ("confidently_wrong", "#c62828")]
    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.8), 3.5))
    bottom = [0.0] * len(names)
    for key, colour in parts:
        values = [summary[n][key] for n in names]
        ax.bar(names, values, bottom=bottom, label=key, color=colour)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    plt.xticks(rotation=30, ha="right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def check_floors(result: dict[str, Any], floors: dict[str, float]) -> list[str]:
    total = result["per_language"]["alle"]
    actual = {
        "correct_min": total["correct"],
        "confidently_wrong_max": total["confidently_wrong"],
        "language_right_min": total["language_right"],
        "handoff_recall_aanbieden_min": result["handoff"]["aanbieden"]["recall"],
        "handoff_recall_verplicht_min": result["handoff"]["verplicht"]["recall"],
        "moet_bevatten_min": result["moet_bevatten"],
        "rasa_failed_stories_max": float((result["rasa"].get("core") or {}).get("failed_stories", 0)),
        "rasa_nlu_accuracy_min": float((result["rasa"].get("nlu") or {}).get("accuracy") or 0.0),
    }
    missed = []
    for name, floor in floors.items():
        if name.startswith("rasa_") and not result["rasa"].get("core"):
            continue  # Rasa's own tests were not run (--no-rasa-tests)
        value = actual[name]
        if (name.endswith("_min") and value < floor) or (name.endswith("_max") and value > floor):
            missed.append(f"{name}: {value:.2f} (floor {floor:.2f})")
    return missed


def markdown(result: dict[str, Any], rows: list[Judged]) -> str:
    lines = [f"# Evaluation {result['devset']} (reference date {result['reference_date']})", ""]
    for key, title in (("per_language", "Per language"), ("per_topic", "Per topic")):
        lines += [
            f"## {title}",
            "",
            "| | n | correct | confidently wrong | menu | abstained | language right |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in result[key].items():
            lines.append(
                f"| {name} | {s['n']:.0f} | {s['correct']:.0%} | {s['confidently_wrong']:.0%} | "
                f"{s['menu']:.0%} | {s['abstained']:.0%} | {s['language_right']:.0%} |"
            )
        lines += ["", f"![{title}]({key}.png)", ""]
    lines += ["## Handoff", "", "| level | expected | given | precision | recall |", "|---|---|---|---|---|"]
    for level, s in result["handoff"].items():
        lines.append(f"| {level} | {s['expected']:.0f} | {s['given']:.0f} | {s['precision']:.0%} | {s['recall']:.0%} |")
    lines += [
        "",
        f"`moet_bevatten` satisfied: {result['moet_bevatten']:.0%} of the items that have checks.",
        "",
        "## Rasa",
        "",
        f"```\n{json.dumps(result['rasa'], indent=1)}\n```",
        "",
        "## Items",
        "",
        "| id | taal | onderwerp | verdict | card | handoff exp/given |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.id} | {r.taal} | {r.onderwerp} | {r.verdict} | {r.card or ''} | "
            f"{r.handoff_expected}/{r.handoff_given} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bijstand eval", description=__doc__)
    parser.add_argument("devset", nargs="?", type=Path, default=DEVSET)
    parser.add_argument("--reference-date", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "eval")
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--no-rasa-tests", action="store_true")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # Rasa's tests run with the Rasa project as working directory
    if not args.devset.is_file():
        print(f"error: question file {args.devset} not found", file=sys.stderr)
        return 2
    vragen = load_devset(args.devset)
    args.out.mkdir(parents=True, exist_ok=True)
    day = args.reference_date or dt.date.today()
    rows: list[Judged] = []
    with running_stack(args.out / "stack") as stack, httpx.Client(base_url=stack.url, timeout=120) as client:
        for q in vragen:
            payload = {
                "conversation_id": f"eval-{q.id}-{day.isoformat()}-{dt.datetime.now().timestamp():.0f}",
                "text": q.vraag,
                "gemeente": q.gemeente,
                "reference_date": day.isoformat(),
            }
            r = client.post("/api/v1/chat", json=payload)
            rows.append(judge(q, r.json(), r.elapsed.total_seconds()))
    with_checks = [r for r in rows if r.contains_ok is not None]
    result: dict[str, Any] = {
        "devset": str(args.devset),
        "reference_date": day.isoformat(),
        "n": len(rows),
        "per_language": summarise(rows, "taal"),
        "per_topic": summarise(rows, "onderwerp"),
        "handoff": handoff_scores(rows),
        "moet_bevatten": sum(bool(r.contains_ok) for r in with_checks) / len(with_checks) if with_checks else 1.0,
        "rasa": {} if args.no_rasa_tests else rasa_tests(args.out),
        "items": [asdict(r) for r in rows],
    }
    plot(result["per_language"], "Per language", args.out / "per_language.png")
    plot(result["per_topic"], "Per topic", args.out / "per_topic.png")
    (args.out / "report.md").write_text(markdown(result, rows))
    (args.out / "result.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print((args.out / "report.md").read_text().split("## Items")[0])
    floors = yaml.safe_load(args.floors.read_text()) if args.floors.is_file() else {}
    missed = check_floors(result, floors or {})
    for m in missed:
        print(f"FLOOR MISSED {m}", file=sys.stderr)
    print(f"report: {args.out / 'report.md'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
