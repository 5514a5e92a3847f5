"""The gettext workflow for cards: a changed Dutch card makes exactly its translations stale, and a stale
translation is never shown as if current."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.config import ROOT
from bot.i18n.catalogs import LANGUAGES, load_catalog, po_path
from bot.i18n.check import check_translations
from bot.kennisbank.loader import load
from bot.kennisbank.render import render_card

PYBABEL = str(Path(sys.executable).with_name("pybabel"))
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "kennisbank", tmp_path / "kennisbank")
    shutil.copytree(ROOT / "vertalingen", tmp_path / "vertalingen")
    return tmp_path


def refresh(root: Path) -> None:
    """What `make vertalingen` does, on the copy."""
    (root / "bot").mkdir(exist_ok=True)
    subprocess.run(
        [
            PYBABEL,
            "extract",
            "-F",
            "vertalingen/babel.cfg",
            "-k",
            "_",
            "--no-default-keywords",
            "-k",
            "pgettext:1c,2",
            "--no-wrap",
            "-o",
            "vertalingen/messages.pot",
            ".",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [PYBABEL, "update", "-i", "vertalingen/messages.pot", "-d", "vertalingen", "--no-wrap", "--previous"],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_shipped_card_translations_are_complete_and_current() -> None:
    report = check_translations(ROOT / "kennisbank", ROOT / "vertalingen", [])
    assert report.errors == []
    assert set(report.per_language) == set(LANGUAGES[1:])


def test_changing_one_card_marks_exactly_its_translations_stale(workspace: Path) -> None:
    card = workspace / "kennisbank" / "antwoorden" / "tegenprestatie" / "TP-01.yaml"
    card.write_text(
        card.read_text().replace(
            "Bijvoorbeeld helpen in een buurthuis.", "Bijvoorbeeld helpen in een buurthuis of een tuin."
        )
    )
    refresh(workspace)
    for lang in LANGUAGES[1:]:
        with po_path(lang, workspace / "vertalingen").open("rb") as fh:
            fuzzy = {m.context for m in read_po(fh) if m.id and m.fuzzy}
        assert fuzzy == {"kaart:TP-01@2026-01-01"}, lang

    report = check_translations(workspace / "kennisbank", workspace / "vertalingen", [])
    assert len(report.errors) == len(LANGUAGES) - 1
    assert all("TP-01" in e and "verouderd" in e for e in report.errors)

    kb = load(workspace / "kennisbank")

    def catalogs(lang: str):  # type: ignore[no-untyped-def]
        return load_catalog(lang, workspace / "vertalingen")

    stale = render_card(kb, "TP-01", DAY, None, "en", catalogs)
    assert stale.language == "nl"
    assert "of een tuin" in stale.tekst  # the current Dutch text, not the old English one
    current = render_card(kb, "TP-02", DAY, None, "en", catalogs)
    assert current.language == "en"
    assert "tegenprestatie" in current.tekst  # the Dutch term stays, in brackets
