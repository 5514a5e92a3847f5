"""Dialogue flows through POST /api/v1/chat with the real Rasa model: the multi-turn rekenhulp (2026 and 2027),
handoff, crisis, gemeente, premie, ontheffing-verkenner, disclosure.

The expected rekenhulp figures are worked out by hand in tests/test_dialogue_rekenhulp.py (module docstring):
2026: March 1200 → vrij 285,00 (n, capped), April-August 600 → 150,00 (n), September-December 600 → 75,00 (r).
2027: February 600 → 90,00, March 1200 → 180,00 (art. 34a: 15%, no cap), bufferbudget € 1.000,00 (art. 34b).

This module runs its own Rasa + service pair with a larger request-body limit: Rasa posts the whole tracker to
/rasa/actions, which passes the service's 16 KiB limit after a few turns (see the dialogue closing note: the
service must exempt /rasa/actions from that limit; then this fixture can use conftest's ``stack``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.engine import sidecar
from tests.conftest import DIALOGEN, free_port, make_settings, serve

ACTION_BODY_LIMIT = 1_048_576


@pytest.fixture(scope="module")
def client(rasa_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp = tmp_path_factory.mktemp("dialogue")
    rasa_port, service_port = free_port(), free_port()
    settings = make_settings(
        tmp, rasa_url=f"http://127.0.0.1:{rasa_port}", port=service_port, max_body_bytes=ACTION_BODY_LIMIT
    )
    proc = sidecar.start(
        DIALOGEN,
        rasa_model,
        port=rasa_port,
        service_port=service_port,
        action_token=settings.rasa_action_token,
        log_path=tmp / "rasa.log",
    )
    try:
        sidecar.wait_ready(settings.rasa_url, proc, timeout=240)
        running = serve(settings)
    except Exception:
        sidecar.stop(proc)
        raise
    with httpx.Client(base_url=running.url, timeout=60) as c:
        yield c
    running.stop()
    sidecar.stop(proc)
    log = (tmp / "rasa.log").read_text(errors="replace")
    assert "Failed to execute custom action" not in log, log[-3000:]


def chat(client: httpx.Client, conv: str, text: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/api/v1/chat", json={"conversation_id": conv, "text": text, **extra})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    for m in body["messages"]:
        m["text"] = m["text"].replace("\u00a0", " ")  # babel puts a no-break space after the euro sign
    return body


def new() -> str:
    return f"dlg-{uuid.uuid4().hex[:10]}"


def test_asking_for_a_person_offers_a_handoff(client: httpx.Client) -> None:
    out = chat(client, new(), "ik wil een mens spreken")
    assert out["handoff"] == {"status": "aangeboden", "queue": "werk", "urgent": False}


def test_handoff_from_inside_the_rekenhulp_goes_to_the_income_queue(client: httpx.Client) -> None:
    conv = new()
    chat(client, conv, "rekenhulp")
    out = chat(client, conv, "ik wil een mens spreken")
    assert out["handoff"] == {"status": "aangeboden", "queue": "inkomen", "urgent": False}
    # the form has ended: a number is no longer taken as an amount
    after = chat(client, conv, "wat is een tegenprestatie?")
    assert after["messages"][-1]["topic"] in ("tegenprestatie", None)
    assert not any("Hoe vaak krijg je" in m["text"] for m in after["messages"])


def test_crisis_is_urgent_and_names_113_and_112(client: httpx.Client) -> None:
    out = chat(client, new(), "ik wil niet meer leven")
    assert out["handoff"] is not None and out["handoff"]["urgent"] is True
    text = " ".join(m["text"] for m in out["messages"])
    assert "113" in text and "112" in text


def test_money_emergency_is_urgent_for_the_income_queue(client: httpx.Client) -> None:
    out = chat(client, new(), "ik kan de huur niet betalen")
    assert out["handoff"] == {"status": "aangeboden", "queue": "inkomen", "urgent": True}


def test_are_you_a_robot_is_answered_truthfully(client: httpx.Client) -> None:
    out = chat(client, new(), "ben je een robot?")
    assert "computerprogramma" in out["messages"][-1]["text"]
    assert out["messages"][-1]["buttons"], "a way to reach a person"


def test_gemeente_asked_once_with_buttons_and_remembered(client: httpx.Client) -> None:
    conv = new()
    first = chat(client, conv, "welke premies heeft mijn gemeente", reference_date="2026-05-01")
    asked = [m for m in first["messages"] if any("kies_gemeente" in b["payload"] for b in m["buttons"])]
    assert len(asked) == 1
    payloads = [b["payload"] for b in asked[0]["buttons"]]
    assert '/kies_gemeente{"gemeente":"utrecht"}' in payloads
    assert payloads[-1] == '/kies_gemeente{"gemeente":"weet_niet"}'
    premie = next(m for m in first["messages"] if m["topic"] == "premie")
    assert "€ 3.398,00" in premie["text"] and "participatiewet:31:2:j" in premie["citations"]
    chosen = chat(client, conv, '/kies_gemeente{"gemeente":"utrecht"}')
    assert "Utrecht" in chosen["messages"][-1]["text"]
    again = chat(client, conv, "welke premies heeft mijn gemeente", reference_date="2026-05-01")
    texts = " ".join(m["text"] for m in again["messages"])
    assert "Utrecht" in texts  # remembered by the slot: not asked again
    assert not any("kies_gemeente" in b["payload"] for m in again["messages"] for b in m["buttons"])
    # unverified (historical) premie data never reaches the client
    assert "nog niet gecontroleerd" in texts
    moved = chat(client, conv, "ik ben verhuisd")
    assert any("kies_gemeente" in b["payload"] for m in moved["messages"] for b in m["buttons"])
    chat(client, conv, '/kies_gemeente{"gemeente":"tilburg"}')
    last = chat(client, conv, "welke premies heeft mijn gemeente", reference_date="2026-05-01")
    assert "Tilburg" in " ".join(m["text"] for m in last["messages"])


def test_ontheffing_verkenner_never_says_you_are_exempt(client: httpx.Client) -> None:
    conv = new()
    chat(client, conv, "welke ontheffing past bij mij")
    chat(client, conv, '/inform{"leeftijd_kind":"onder_5"}')
    chat(client, conv, "/deny")
    chat(client, conv, "/affirm")
    out = chat(client, conv, "/deny")
    text = " ".join(m["text"] for m in out["messages"]).lower()
    assert "artikel 9a" in text and "zorgtaken" in text
    assert "beslist de gemeente" in text
    assert not re.search(r"je bent (vrijgesteld|ontheven)|je hebt recht op ontheffing|je krijgt ontheffing", text)
    cited = {c for m in out["messages"] for c in m["citations"]}
    assert {"participatiewet:9a:1", "participatiewet:9:2"} <= cited
    assert out["handoff"] == {"status": "aangeboden", "queue": "werk", "urgent": False}


def chat_on(client: httpx.Client, conv: str, text: str, day: str) -> dict[str, Any]:
    r = client.post("/api/v1/chat", json={"conversation_id": conv, "text": text, "reference_date": day})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    for m in body["messages"]:
        m["text"] = m["text"].replace("\u00a0", " ")  # babel puts a no-break space after the euro sign
    return body


def run_rekenhulp(client: httpx.Client, day: str, first_pay: str) -> dict[str, Any]:
    conv = f"rh-{uuid.uuid4().hex[:8]}"
    first = chat_on(client, conv, "ik wil uitrekenen hoeveel ik overhoud van mijn loon", day)
    assert any("netto bedrag" in m["text"] for m in first["messages"]), first
    freq = chat_on(client, conv, "600 euro", day)
    assert [b["payload"] for b in freq["messages"][-1]["buttons"]][1] == '/inform{"frequentie":"4weken"}'
    chat_on(client, conv, '/inform{"frequentie":"4weken"}', day)
    kind = chat_on(client, conv, '/inform{"huishouden":"alleenstaande_ouder"}', day)
    assert "jonger is dan 12" in kind["messages"][-1]["text"]
    chat_on(client, conv, "/affirm", day)
    chat_on(client, conv, '/inform{"leeftijdsgroep":"27_tot_aow"}', day)
    return chat_on(client, conv, first_pay, day)


def test_rekenhulp_through_the_api_2026(client: httpx.Client) -> None:
    out = run_rekenhulp(client, "2026-03-10", "2 maart")
    msg = out["messages"][-1]
    text = msg["text"]
    assert msg["topic"] == "inkomsten"
    assert "maart 2026: 2 keer loon, samen € 1.200,00, vrij € 285,00, verrekend € 915,00." in text
    assert "april 2026: loon € 600,00, vrij € 150,00, verrekend € 450,00." in text
    assert "augustus 2026: loon € 600,00, vrij € 150,00, verrekend € 450,00." in text
    assert "september 2026: loon € 600,00, vrij € 75,00, verrekend € 525,00." in text
    assert "december 2026: loon € 600,00, vrij € 75,00, verrekend € 525,00." in text
    assert "januari 2027" not in text.split("Vanaf januari 2027")[0]
    assert "13 keer per jaar" in text
    assert "schatting" in text and "De gemeente rekent het echte bedrag uit" in text
    assert {"participatiewet:31:2:n", "participatiewet:31:2:r"} <= set(msg["citations"])


def test_rekenhulp_through_the_api_2027(client: httpx.Client) -> None:
    out = run_rekenhulp(client, "2027-01-15", "1 februari")
    msg = out["messages"][-1]
    text = msg["text"]
    assert "februari 2027: loon € 600,00, vrij € 90,00, verrekend € 510,00." in text
    assert "maart 2027: 2 keer loon, samen € 1.200,00, vrij € 180,00, verrekend € 1.020,00." in text
    assert "januari 2028: 2 keer loon, samen € 1.200,00, vrij € 180,00, verrekend € 1.020,00." in text
    assert "€ 1.000,00 per jaar" in text  # bufferbudget, art. 34b
    assert "285" not in text and "177,66" not in text  # the 2026 maxima do not apply
    assert {"participatiewet:34a:1:a", "participatiewet:34b:1"} <= set(msg["citations"])


def test_a_question_inside_the_form_is_answered_and_the_form_continues(client: httpx.Client) -> None:
    conv = f"rh-{uuid.uuid4().hex[:8]}"
    chat_on(client, conv, "rekenhulp", "2026-03-10")
    chat_on(client, conv, "600 euro", "2026-03-10")
    out = chat_on(client, conv, "wat is een tegenprestatie?", "2026-03-10")
    assert any(m["topic"] == "tegenprestatie" and m["card"] for m in out["messages"])
    assert "Hoe vaak krijg je dat bedrag?" in out["messages"][-1]["text"]
