"""The web chat contract (POST /api/v1/chat, GET /healthz, OpenAPI) against the real stack."""

from __future__ import annotations

import uuid

import httpx

TOPICS = {
    "tegenprestatie",
    "ontheffing",
    "inkomsten",
    "premie",
    "maatregel",
    "bezwaar",
    "inlichtingenplicht",
    "taaleis",
    "klantmanager",
    "privacy",
    "overig",
    "buiten_bereik",
    None,
}


def cid() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"


def chat(client: httpx.Client, text: str, **extra: object) -> httpx.Response:
    return client.post(
        "/api/v1/chat", json={"conversation_id": extra.pop("conversation_id", cid()), "text": text, **extra}
    )


def test_healthz_reports_engine_ready(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "engine": "ready"}


def test_tegenprestatie_question_gets_cited_dutch_answer(client: httpx.Client) -> None:
    r = chat(client, "Wat is een tegenprestatie?")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["language"] == "nl"
    assert body["handoff"] is None
    answers = [m for m in body["messages"] if m["topic"] == "tegenprestatie"]
    assert len(answers) == 1
    answer = answers[0]
    assert "participatiewet:9:1:c" in answer["citations"]
    assert answer["card"] == "TP-01"
    assert "Bron: artikel 9 lid 1 onderdeel c Participatiewet" in answer["text"]
    assert (
        "onbeloond" in answer["text"].lower()
        or "geen loon" in answer["text"].lower()
        or "betaald" in answer["text"].lower()
    )
    for m in body["messages"]:
        assert m["topic"] in TOPICS
        assert isinstance(m["buttons"], list)


def test_first_message_says_it_is_a_computer_program_once(client: httpx.Client) -> None:
    conversation = cid()
    first = chat(client, "hallo", conversation_id=conversation).json()["messages"]
    assert "computerprogramma" in first[0]["text"]
    second = chat(client, "Wat is een tegenprestatie?", conversation_id=conversation).json()["messages"]
    assert not any("computerprogramma, niet met een mens" in m["text"] for m in second)


def test_bot_challenge_is_answered_truthfully(client: httpx.Client) -> None:
    conversation = cid()
    chat(client, "hoi", conversation_id=conversation)
    msgs = chat(client, "ben je een robot?", conversation_id=conversation).json()["messages"]
    assert any("computerprogramma" in m["text"] and "geen mens" in m["text"] for m in msgs)


def test_typo_still_finds_the_card(client: httpx.Client) -> None:
    msgs = chat(client, "wat is tegenprestatsie eigenlijk").json()["messages"]
    assert any(m["card"] == "TP-01" for m in msgs)


def test_reference_date_is_accepted(client: httpx.Client) -> None:
    r = chat(client, "Wat is een tegenprestatie?", reference_date="2026-12-15")
    assert r.status_code == 200
    assert any("participatiewet:9:1:c" in m["citations"] for m in r.json()["messages"])


def test_invalid_json_is_a_clear_400(client: httpx.Client) -> None:
    r = client.post("/api/v1/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_json"
    assert "JSON" in r.json()["error"]["message"]


def test_missing_text_names_the_field(client: httpx.Client) -> None:
    r = client.post("/api/v1/chat", json={"conversation_id": "x1"})
    assert r.status_code == 422
    assert r.json()["error"] == {"code": "missing_field", "message": "Het veld 'text' ontbreekt.", "field": "text"}


def test_empty_and_wrongly_typed_fields_are_rejected(client: httpx.Client) -> None:
    for payload in (
        {"conversation_id": "x1", "text": ""},
        {"conversation_id": 5, "text": "hoi"},
        {"conversation_id": "x1", "text": "hoi", "reference_date": "gisteren"},
        {"conversation_id": "a b", "text": "hoi"},
        {"conversation_id": "x1", "text": "hoi", "extra": 1},
        [1, 2, 3],
        "tekst",
    ):
        r = client.post("/api/v1/chat", json=payload)
        assert r.status_code in (400, 422), payload
        assert set(r.json()["error"]) == {"code", "message", "field"}


def test_text_over_limit_is_refused_kindly(client: httpx.Client) -> None:
    r = chat(client, "a" * 2001)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "text_too_long"
    assert "2000" in r.json()["error"]["message"]
    r_en = chat(client, "a" * 2001, language="en")
    assert "too long" in r_en.json()["error"]["message"]


def test_oversized_body_is_413(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/chat", content=b'{"text": "' + b"x" * 20_000 + b'"}', headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "body_too_large"


def test_unknown_gemeente_and_language_are_422(client: httpx.Client) -> None:
    r = chat(client, "hoi", gemeente="atlantis")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "unknown_gemeente"
    assert r.json()["error"]["field"] == "gemeente"
    r = chat(client, "hoi", language="xx")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "unsupported_language"


def test_openapi_publishes_the_contract(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/chat"]["post"]
    assert set(op["responses"]) >= {"200", "400", "413", "422", "503"}
    schemas = spec["components"]["schemas"]
    assert set(schemas["ChatRequest"]["properties"]) == {
        "conversation_id",
        "text",
        "gemeente",
        "language",
        "reference_date",
    }
    assert set(schemas["ChatResponse"]["properties"]) == {"conversation_id", "language", "messages", "handoff"}
    assert set(schemas["ChatMessage"]["properties"]) == {"text", "topic", "card", "citations", "buttons"}
    assert "/rasa/actions" not in spec["paths"]


def test_answer_follows_the_reference_date(client: httpx.Client) -> None:
    def answer(day: str) -> dict[str, object]:
        msgs = chat(client, "Wat is een tegenprestatie?", reference_date=day).json()["messages"]
        return next(m for m in msgs if m["card"] == "TP-01")

    december, january = answer("2026-12-15"), answer("2027-01-15")
    assert "participatiewet:9:1:c" in december["citations"]
    assert "verandert op 1 januari 2027" in str(december["text"])
    assert "participatiewet:9:1:c" not in january["citations"]
    assert "geldt sinds 1 januari 2027" in str(january["text"])


def test_answer_for_a_gemeente_names_the_gemeente(client: httpx.Client) -> None:
    msgs = chat(client, "Wat is een tegenprestatie?", gemeente="moerdijk").json()["messages"]
    answer = next(m for m in msgs if m["card"] == "TP-01")
    assert "Moerdijk" in answer["text"]
    assert any(c.startswith("verordening:moerdijk:") for c in answer["citations"])
    msgs = chat(client, "Wat is een tegenprestatie?").json()["messages"]
    assert "verschillen per gemeente" in next(m for m in msgs if m["card"] == "TP-01")["text"]


def test_curl_style_form_content_type_is_read_as_json(client: httpx.Client) -> None:
    """The README's `curl -d '{...}'` sends application/x-www-form-urlencoded; it must still work."""
    r = client.post(
        "/api/v1/chat",
        content=b'{"conversation_id":"curl-1","text":"Wat is een tegenprestatie?"}',
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200, r.text
    assert any("participatiewet:9:1:c" in m["citations"] for m in r.json()["messages"])
