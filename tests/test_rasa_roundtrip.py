"""The real trained Rasa model, and its calls back into the service's action endpoint."""

from __future__ import annotations

import httpx

from tests.conftest import Stack


def test_rasa_listens_on_loopback_with_a_loaded_model(stack: Stack) -> None:
    assert stack.rasa_url.startswith("http://127.0.0.1:")
    status = httpx.get(f"{stack.rasa_url}/status", timeout=10).json()
    assert status["model_id"]
    assert "bijstand-" in status["model_file"]


def test_nlu_recognises_the_tegenprestatie_question(stack: Stack) -> None:
    parsed = httpx.post(f"{stack.rasa_url}/model/parse", json={"text": "Wat is een tegenprestatie?"}, timeout=10).json()
    assert parsed["intent"]["name"] == "vraag_tegenprestatie"
    assert parsed["intent"]["confidence"] > 0.5


def test_rasa_runs_the_custom_action_served_by_the_service(stack: Stack) -> None:
    r = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": "direct-rasa-1", "message": "moet ik een tegenprestatie doen"},
        timeout=30,
    )
    assert r.status_code == 200
    customs = [m["custom"] for m in r.json() if "custom" in m]
    assert str(customs[0].get("kaart")).startswith("TP-")  # a tegenprestatie card, chosen by the service


def test_action_endpoint_refuses_callers_without_the_token(stack: Stack) -> None:
    body = {"next_action": "action_kennisbank_antwoord", "sender_id": "x", "tracker": {}, "domain": {}}
    url = f"{stack.service.url}/rasa/actions"
    assert httpx.post(url, json=body).status_code == 403
    assert httpx.post(url, json=body, headers={"X-Action-Token": "wrong"}).status_code == 403
    ok = httpx.post(
        url,
        json={**body, "next_action": "action_bestaat_niet"},
        headers={"X-Action-Token": stack.service.settings.rasa_action_token},
    )
    assert ok.status_code == 400
    assert ok.json()["action_name"] == "action_bestaat_niet"
