"""Kennisbank loading, validation messages, rendering by date, and the content checks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.kennisbank.check import B1Rules, check
from bot.kennisbank.loader import Kennisbank, KennisbankError, load
from bot.kennisbank.render import render_card

CARD = """\
id: TST-01
onderwerp: inkomsten
titel: Test
voorbeeldvragen: [hoeveel mag ik bijverdienen]
gemeente_afhankelijk: false
overdracht: nee
review: {{door: test, datum: 2026-12-01, status: concept}}
versies:
  - geldig_vanaf: 2026-01-01
    geldig_tot: 2026-12-31
    tekst: "{tekst}"
    citaties: [participatiewet:31:2:n]
"""
AMOUNT = """\
bedragen:
  - id: test_max
    omschrijving: test
    soort: geld_per_maand
    citatie: participatiewet:31:2:n
    waarden:
      - {waarde: "285.00", geldig_vanaf: 2026-01-01, geldig_tot: 2026-06-30, bron: x, geverifieerd: true}
      - {waarde: "290.10", geldig_vanaf: 2026-07-01, geldig_tot: 2026-12-31, bron: x, geverifieerd: false}
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(ROOT / "kennisbank" / "wet", root / "wet")
    shutil.copy(ROOT / "kennisbank" / "b1.yaml", root / "b1.yaml")
    (root / "bedragen").mkdir()
    (root / "bedragen" / "test.yaml").write_text(AMOUNT)
    (root / "antwoorden" / "inkomsten").mkdir(parents=True)
    return root


def write_card(root: Path, tekst: str) -> None:
    (root / "antwoorden" / "inkomsten" / "TST-01.yaml").write_text(CARD.format(tekst=tekst))


def test_amounts_are_filled_in_for_the_reference_date(kb_dir: Path) -> None:
    write_card(kb_dir, "Je mag maximaal {bedrag:test_max} houden.")
    kb = load(kb_dir)
    march = render_card(kb, "TST-01", dt.date(2026, 3, 1), None).tekst
    august = render_card(kb, "TST-01", dt.date(2026, 8, 1), None).tekst
    assert "€\xa0285,00" in march
    assert "€\xa0290,10" in august
    assert "Bron: artikel 31 lid 2 onderdeel n Participatiewet" in march


def test_broken_file_names_file_field_and_fix(kb_dir: Path) -> None:
    write_card(kb_dir, "Tekst.")
    path = kb_dir / "antwoorden" / "inkomsten" / "TST-01.yaml"
    path.write_text(
        path.read_text().replace("gemeente_afhankelijk: false\n", "gemeente_afhankelijk: false\nkleur: rood\n")
    )
    with pytest.raises(KennisbankError) as err:
        load(kb_dir)
    problem = err.value.problems[0]
    assert "TST-01.yaml" in problem and "'kleur'" in problem and "haal het weg" in problem


def test_check_rejects_literal_amounts_and_long_sentences(kb_dir: Path) -> None:
    rules = B1Rules.load(kb_dir / "b1.yaml")
    write_card(kb_dir, "Je mag € 285 houden.")
    errors = check(load(kb_dir), rules, today=dt.date(2026, 12, 1)).errors
    assert any("letterlijk" in e for e in errors)
    write_card(kb_dir, " ".join(["woord"] * 30) + ".")
    errors = check(load(kb_dir), rules, today=dt.date(2026, 12, 1)).errors
    assert any("splits" in e for e in errors)
    write_card(kb_dir, "Je houdt een deel. Dat is fijn.")
    assert check(load(kb_dir), rules, today=dt.date(2026, 12, 1)).errors == []


def test_check_rejects_a_citation_that_does_not_exist(kb_dir: Path) -> None:
    write_card(kb_dir, "Je houdt een deel.")
    path = kb_dir / "antwoorden" / "inkomsten" / "TST-01.yaml"
    path.write_text(path.read_text().replace("participatiewet:31:2:n]", "participatiewet:31:2:zz]"))
    errors = check(load(kb_dir), B1Rules.load(kb_dir / "b1.yaml"), today=dt.date(2026, 12, 1)).errors
    assert any("participatiewet:31:2:zz" in e for e in errors)


def test_shipped_kennisbank_passes_its_own_check() -> None:
    kb = load(ROOT / "kennisbank")
    report = check(kb, B1Rules.load(ROOT / "kennisbank" / "b1.yaml"))
    assert report.errors == []
    tp = kb.kaarten["TP-01"]
    assert "participatiewet:9:1:c" in tp.versie_op(dt.date(2026, 12, 1)).citaties  # type: ignore[union-attr]


SHIPPED = ROOT / "kennisbank"


@pytest.fixture(scope="module")
def shipped() -> Kennisbank:
    return load(SHIPPED)


def test_answer_says_when_the_rule_changes(shipped: Kennisbank) -> None:
    before = render_card(shipped, "TP-01", dt.date(2026, 12, 15), None)
    after = render_card(shipped, "TP-01", dt.date(2027, 1, 15), None)
    assert "verandert op 1 januari 2027" in before.tekst
    assert "geldt sinds 1 januari 2027" in after.tekst
    assert "participatiewet:9:1:c" in before.citaties
    assert "participatiewet:9:1:c" not in after.citaties  # the 2027 text of art. 9 is not known yet
    assert before.tekst != after.tekst


def test_answer_for_a_gemeente_names_it_and_its_version_date(shipped: Kennisbank) -> None:
    local = render_card(shipped, "TP-01", dt.date(2026, 12, 1), "moerdijk")
    assert "Dit is de regel van Moerdijk" in local.tekst
    assert any(c.startswith("verordening:moerdijk:") for c in local.citaties)
    assert "(versie " in local.tekst
    national = render_card(shipped, "TP-01", dt.date(2026, 12, 1), None)
    assert "verschillen per gemeente" in national.tekst
    historic = render_card(shipped, "TP-01", dt.date(2026, 12, 1), "rotterdam")
    assert "oude beschrijving" in historic.tekst
    assert "Rotterdam" in historic.tekst


def test_amount_not_yet_known_shows_last_value_and_says_so(kb_dir: Path) -> None:
    write_card(kb_dir, "Je mag maximaal {bedrag:test_max} houden.")
    path = kb_dir / "antwoorden" / "inkomsten" / "TST-01.yaml"
    path.write_text(
        path.read_text()
        .replace("geldig_tot: 2026-12-31", "geldig_tot: null")
        .replace("participatiewet:31:2:n]", "awb:6:7]")
    )
    kb = load(kb_dir)
    text = render_card(kb, "TST-01", dt.date(2027, 2, 1), None).tekst
    assert "€\xa0290,10" in text
    assert "gold tot 31 december 2026" in text and "nog niet bekend" in text
    report = check(kb, B1Rules.load(kb_dir / "b1.yaml"), today=dt.date(2026, 12, 1))
    assert report.errors == []
    assert any("test_max" in w and "Normenbrief" in w for w in report.warnings)
