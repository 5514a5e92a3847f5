"""Kennisbank search behind one interface; this module holds the lexical backend (no model needed)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.kennisbank.models import Kaart


@dataclass(frozen=True)
class Candidate:
    kaart: str
    score: float


class SearchBackend(Protocol):
    name: str

    def search(self, query: str, limit: int = 5, onderwerp: str | None = None) -> list[Candidate]: ...


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", " ", text).strip()


def _grams(text: str, n: int = 4) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in _normalise(text).split():
        padded = f" {word} "
        if len(padded) <= n:
            grams[padded] += 1
        for i in range(len(padded) - n + 1):
            grams[padded[i : i + n]] += 1
    return grams


class LexicalSearch:
    """TF-IDF over character 4-grams of each card's title, example questions and text: robust to typos."""

    name = "lexical-char4"

    def __init__(self, kaarten: Sequence[Kaart]) -> None:
        self._cards = list(kaarten)
        docs = [_grams(" ".join([k.titel, *k.voorbeeldvragen, *(v.tekst for v in k.versies)])) for k in self._cards]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = max(len(docs), 1)
        self._idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self._vectors = [self._weigh(doc) for doc in docs]

    def _weigh(self, grams: Counter[str]) -> dict[str, float]:
        vec = {g: (1 + math.log(c)) * self._idf.get(g, 0.0) for g, c in grams.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}

    def search(self, query: str, limit: int = 5, onderwerp: str | None = None) -> list[Candidate]:
        q = self._weigh(_grams(query))
        scored = [
            Candidate(k.id, sum(w * vec.get(g, 0.0) for g, w in q.items()))
            for k, vec in zip(self._cards, self._vectors, strict=True)
            if onderwerp is None or k.onderwerp == onderwerp
        ]
        scored.sort(key=lambda c: -c.score)
        return scored[:limit]


@dataclass(frozen=True)
class Thresholds:
    """When to answer, when to offer a menu of cards, and when to say "I don't know"."""

    low: float
    high: float
    margin: float


#: Per backend; tuned on ../shared/vragen/dev.yaml (see docs/KENNISBANK.md).
THRESHOLDS = {
    "lexical-char4": Thresholds(low=0.12, high=0.2, margin=0.03),
    "semantic": Thresholds(low=0.84, high=0.87, margin=0.02),
}


def thresholds_for(backend_name: str) -> Thresholds:
    return THRESHOLDS[backend_name.split(":", 1)[0]]


def decide(candidates: list[Candidate], t: Thresholds) -> tuple[str, list[str]]:
    """``("answer", [id])``, ``("menu", [2-3 ids])`` or ``("no_answer", [])``."""
    if not candidates or candidates[0].score < t.low:
        return "no_answer", []
    second = candidates[1].score if len(candidates) > 1 else 0.0
    if candidates[0].score >= t.high and candidates[0].score - second >= t.margin:
        return "answer", [candidates[0].kaart]
    return "menu", [c.kaart for c in candidates[:3] if c.score >= t.low]
