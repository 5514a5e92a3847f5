"""Generate the form domain and the interruption rules of dialogen/ (run after changing the lists below).

    .venv/bin/python dialogen/tools/maak_formulieren.py

Writes domain/rekenhulp.yml, domain/ontheffing.yml and data/rules/onderbrekingen.yml. Every intent in
INTERRUPTS leaves a form's question unanswered, is handled, and the form asks its question again; a handoff or
crisis ends the form.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
ONDERWERPEN = [
    "tegenprestatie", "ontheffing", "inkomsten", "premie", "maatregel", "bezwaar",
    "inlichtingenplicht", "taaleis", "klantmanager", "privacy", "overig",
]
KENNIS = [f"vraag_{o}" for o in ONDERWERPEN]
# intent -> actions that answer it (inside a form the form then continues)
ANTWOORD = {
    **{i: ["action_kennisbank_antwoord"] for i in KENNIS},
    "buiten_bereik": ["action_buiten_bereik"],
    "bot_challenge": ["utter_iamabot"],
    "premie_gemeente": ["action_premie"],
    "kies_gemeente": ["action_kies_gemeente"],
    "wijzig_gemeente": ["action_vraag_gemeente"],
}
# intent -> actions; these end the form (the person is handed to a human)
BEEINDIGT = {
    "vraag_mens": ["action_overdracht"],
    "crisis": ["action_crisis"],
    "spoed_geld": ["action_spoed"],
    "spoed_gekort": ["action_spoed"],
    "verwijder_gegevens": ["action_verwijder_gegevens"],
}
INTERRUPTS = [*ANTWOORD, *BEEINDIGT, "stop", "start_rekenhulp", "start_ontheffing", "goodbye"]

FORMS = {
    "rekenhulp_form": {
        "inkomen_bedrag": {"entity": "bedrag"},
        "inkomen_frequentie": {"entity": "frequentie"},
        "huishouden": {"entity": "huishouden"},
        "kind_onder_12": {"yes_no": True},
        "leeftijdsgroep": {"entity": "leeftijdsgroep"},
        "eerste_betaling": {"entity": "datum"},
    },
    "ontheffing_form": {
        "ont_kind": {"entity": "leeftijd_kind", "deny": "geen"},
        "ont_gezondheid": {"yes_no": True},
        "ont_zorg": {"yes_no": True},
        "ont_andere": {"yes_no": True},
    },
}
ASK = {
    "inkomen_bedrag": {"bericht": "rh_vraag_bedrag"},
    "inkomen_frequentie": {
        "bericht": "rh_vraag_frequentie",
        "knoppen": [
            {"titel": "knop_per_week", "payload": '/inform{"frequentie":"week"}'},
            {"titel": "knop_per_4_weken", "payload": '/inform{"frequentie":"4weken"}'},
            {"titel": "knop_per_maand", "payload": '/inform{"frequentie":"maand"}'},
        ],
    },
    "huishouden": {
        "bericht": "rh_vraag_huishouden",
        "knoppen": [
            {"titel": "knop_alleenstaand", "payload": '/inform{"huishouden":"alleenstaand"}'},
            {"titel": "knop_alleenstaande_ouder", "payload": '/inform{"huishouden":"alleenstaande_ouder"}'},
            {"titel": "knop_gehuwd", "payload": '/inform{"huishouden":"gehuwd"}'},
        ],
    },
    "kind_onder_12": {
        "bericht": "rh_vraag_kind",
        "knoppen": [{"titel": "knop_ja", "payload": "/affirm"}, {"titel": "knop_nee_kort", "payload": "/deny"}],
    },
    "leeftijdsgroep": {
        "bericht": "rh_vraag_leeftijd",
        "knoppen": [
            {"titel": "knop_onder_27", "payload": '/inform{"leeftijdsgroep":"onder_27"}'},
            {"titel": "knop_27_tot_aow", "payload": '/inform{"leeftijdsgroep":"27_tot_aow"}'},
            {"titel": "knop_aow", "payload": '/inform{"leeftijdsgroep":"aow"}'},
        ],
    },
    "eerste_betaling": {"bericht": "rh_vraag_datum"},
    "ont_kind": {
        "bericht": "ont_vraag_kind",
        "knoppen": [
            {"titel": "knop_kind_onder_5", "payload": '/inform{"leeftijd_kind":"onder_5"}'},
            {"titel": "knop_kind_5_tot_12", "payload": '/inform{"leeftijd_kind":"5_tot_12"}'},
            {"titel": "knop_kind_geen", "payload": '/inform{"leeftijd_kind":"geen"}'},
        ],
    },
    "ont_gezondheid": {"bericht": "ont_vraag_gezondheid"},
    "ont_zorg": {"bericht": "ont_vraag_zorg"},
    "ont_andere": {"bericht": "ont_vraag_andere"},
}
JA_NEE = [{"titel": "knop_ja", "payload": "/affirm"}, {"titel": "knop_nee_kort", "payload": "/deny"}]


def slot_def(form: str, slot: str, spec: dict[str, object]) -> dict[str, object]:
    cond = [{"active_loop": form, "requested_slot": slot}]
    mappings: list[dict[str, object]] = []
    if "entity" in spec:
        mappings.append({"type": "from_entity", "entity": spec["entity"], "conditions": cond})
    if spec.get("yes_no"):
        mappings.append({"type": "from_intent", "intent": "affirm", "value": "ja", "conditions": cond})
        mappings.append({"type": "from_intent", "intent": "deny", "value": "nee", "conditions": cond})
    if "deny" in spec:
        mappings.append({"type": "from_intent", "intent": "deny", "value": spec["deny"], "conditions": cond})
    mappings.append({"type": "from_text", "not_intent": INTERRUPTS, "conditions": cond})
    return {"type": "text", "influence_conversation": False, "mappings": mappings}


def domain(form: str, intents: list[str], entities: list[str], actions: list[object], extra: dict) -> dict:
    slots = {s: slot_def(form, s, spec) for s, spec in FORMS[form].items()}
    responses = {}
    for s in FORMS[form]:
        ask = dict(ASK[s])
        if FORMS[form][s].get("yes_no") and "knoppen" not in ask:
            ask["knoppen"] = JA_NEE
        responses[f"utter_ask_{s}"] = [{"custom": ask}]
    responses.update(extra)
    return {
        "version": "3.1",
        "intents": intents,
        "entities": entities,
        "slots": slots,
        "forms": {form: {"required_slots": list(FORMS[form])}},
        "responses": responses,
        "actions": actions,
    }


def rules() -> dict:
    out = []
    for form in FORMS:
        for intent, acts in ANTWOORD.items():
            steps = [{"intent": intent}, *({"action": a} for a in acts), {"action": form}, {"active_loop": form}]
            out.append({"rule": f"{form}: {intent} onderbreekt, daarna verder", "condition": [{"active_loop": form}],
                        "steps": steps})
        for intent, acts in BEEINDIGT.items():
            steps = [{"intent": intent}, {"action": "action_deactivate_loop"}, {"active_loop": None},
                     {"slot_was_set": [{"requested_slot": None}]}, *({"action": a} for a in acts)]
            out.append({"rule": f"{form}: {intent} stopt het formulier", "condition": [{"active_loop": form}],
                        "steps": steps})
        for intent in ("stop", "goodbye"):
            steps = [{"intent": intent}, {"action": "action_deactivate_loop"}, {"active_loop": None},
                     {"slot_was_set": [{"requested_slot": None}]}, {"action": "action_formulier_leegmaken"},
                     {"action": "utter_gestopt" if intent == "stop" else "utter_goodbye"}]
            out.append({"rule": f"{form}: {intent} stopt het formulier", "condition": [{"active_loop": form}],
                        "steps": steps})
        for intent, other in (("start_rekenhulp", "rekenhulp_form"), ("start_ontheffing", "ontheffing_form")):
            steps = [{"intent": intent}, {"action": "action_deactivate_loop"}, {"active_loop": None},
                     {"slot_was_set": [{"requested_slot": None}]}, {"action": "action_formulier_leegmaken"},
                     {"action": f"utter_{other.removesuffix('_form')}_start"}, {"action": other},
                     {"active_loop": other}]
            out.append({"rule": f"{form}: {intent} begint opnieuw", "condition": [{"active_loop": form}],
                        "steps": steps})
    return {"version": "3.1", "rules": out}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(path: Path, data: dict, header: str) -> None:
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(f"# {header}\n# Generated by dialogen/tools/maak_formulieren.py: edit that script, not this file.\n" + text)


def main() -> None:
    dump(
        HERE / "domain" / "rekenhulp.yml",
        domain(
            "rekenhulp_form",
            ["start_rekenhulp"],
            ["bedrag", "frequentie", "huishouden", "leeftijdsgroep", "datum"],
            # send_domain: false, else Rasa posts the whole domain to every validate_* call (the actions never read
            # it, and the service's body limit is small)
            [{"validate_rekenhulp_form": {"send_domain": False}}, "action_rekenhulp_uitkomst",
             "action_formulier_leegmaken"],
            {"utter_rekenhulp_start": [{"custom": {"bericht": "rh_intro"}}]},
        ),
        "Rekenhulp inkomsten: a form; the calculation is action_rekenhulp_uitkomst (bot/actions/rekenhulp.py).",
    )
    dump(
        HERE / "domain" / "ontheffing.yml",
        domain(
            "ontheffing_form",
            ["start_ontheffing"],
            ["leeftijd_kind"],
            [{"validate_ontheffing_form": {"send_domain": False}}, "action_ontheffing_uitkomst"],
            {"utter_ontheffing_start": [{"custom": {"bericht": "ont_intro"}}]},
        ),
        "Ontheffing-verkenner: a form; the outcome is action_ontheffing_uitkomst (bot/actions/ontheffing.py).",
    )
    dump(HERE / "data" / "rules" / "onderbrekingen.yml", rules(), "Interruptions inside the forms.")


if __name__ == "__main__":
    main()
