"""Static checks of the dialogue layer: every sentence, button and citation it uses exists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from bot.actions.gemeente import LANDELIJK, knop_sleutel
from bot.actions.ontheffing import GRONDEN
from bot.config import ROOT
from bot.kennisbank.loader import load
from bot.teksten import BERICHTEN

DOMAIN = ROOT / "dialogen" / "domain"


def _domain_messages() -> tuple[set[str], set[str]]:
    berichten: set[str] = set()
    knoppen: set[str] = set()
    for path in DOMAIN.glob("*.yml"):
        for variants in (yaml.safe_load(path.read_text()) or {}).get("responses", {}).values():
            for v in variants:
                custom = v.get("custom") or {}
                berichten.add(custom["bericht"])
                for k in custom.get("knoppen") or []:
                    knoppen.add(k["titel"] if isinstance(k, dict) else k)
    return berichten, knoppen


def test_every_domain_response_is_a_known_sentence() -> None:
    berichten, knoppen = _domain_messages()
    assert berichten and knoppen
    assert berichten - set(BERICHTEN) == set()
    assert knoppen - set(BERICHTEN) == set()


def test_every_action_sentence_exists() -> None:
    used = set()
    for path in (ROOT / "bot" / "actions").glob("*.py"):
        used |= set(re.findall(r'"bericht": "([a-z0-9_]+)"', path.read_text()))
        used |= set(re.findall(r'"titel": "([a-z0-9_]+)"', path.read_text()))
    for queue in ("werk", "inkomen"):
        used |= {f"overdracht_{queue}", f"overdracht_aanbod_{queue}"}
    used |= {f"rh_kop_{f}" for f in ("week", "4weken", "maand")}
    used |= {f"rh_niet_begrepen_{s}" for s in ("inkomen_bedrag", "inkomen_frequentie", "huishouden",
                                                "kind_onder_12", "leeftijdsgroep", "eerste_betaling")}  # fmt: skip
    assert used - set(BERICHTEN) == set()


def test_every_configured_gemeente_has_a_button() -> None:
    kb = load(ROOT / "kennisbank")
    missing = [s for s in kb.gemeenten if s != LANDELIJK and knop_sleutel(s) not in BERICHTEN]
    assert missing == [], f"add a BERICHTEN key for each new gemeente: {missing}"


def test_ontheffing_citations_resolve_in_the_kennisbank() -> None:
    kb = load(ROOT / "kennisbank")
    for _, cits in GRONDEN.values():
        for c in cits:
            assert kb.citatie_geldig(c, dt.date(2026, 6, 1)), c


def test_form_slots_do_not_swallow_interruptions() -> None:
    domain = yaml.safe_load((DOMAIN / "rekenhulp.yml").read_text())
    intents = {i for p in Path(DOMAIN).glob("*.yml") for i in (yaml.safe_load(p.read_text()) or {}).get("intents", [])}
    for slot in domain["slots"].values():
        text_mapping = next(m for m in slot["mappings"] if m["type"] == "from_text")
        excluded = set(text_mapping["not_intent"])
        assert {i for i in intents if i.startswith("vraag_")} <= excluded
        assert {"vraag_mens", "crisis", "spoed_geld", "stop"} <= excluded
