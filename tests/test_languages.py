"""Language choice: detected from the message, kept for short messages, explicit choice wins."""

from __future__ import annotations

import uuid

import httpx

from bot.i18n.detect import detect


def test_detection_needs_enough_words() -> None:
    assert detect("hoi", "nl") == "nl"
    assert detect("ok top", "nl") == "nl"
    assert detect("I got a letter about unpaid work at the recycling centre", "nl") == "en"
    assert detect("Borçlarım var ve schuldhulp'a gidiyorum, bu da sayılır mı?", "nl") == "tr"
    assert detect("Чи можуть мені зменшити bijstand, якщо я сама звільнилася?", "nl") == "uk"
    assert detect("Dostałam list, że w ciągu pięciu dni mam dostarczyć wyciągi bankowe", "nl") == "pl"
    assert detect("هل يجب أن أخبر البلدية عن المساعدة من بنك الطعام؟", "nl") == "ar"


def _chat(client: httpx.Client, conversation: str, text: str, **extra: object) -> dict[str, object]:
    r = client.post("/api/v1/chat", json={"conversation_id": conversation, "text": text, **extra})
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_conversation_follows_the_clients_language(client: httpx.Client) -> None:
    conversation = f"lang-{uuid.uuid4().hex[:8]}"
    assert _chat(client, conversation, "What is the tegenprestatie, do I have to do it?")["language"] == "en"
    assert _chat(client, conversation, "ok thanks")["language"] == "en"  # too short to switch
    assert _chat(client, conversation, "Wat is een tegenprestatie eigenlijk precies?")["language"] == "nl"
    assert _chat(client, conversation, "hallo", language="uk")["language"] == "uk"  # an explicit choice wins


def test_unsupported_language_is_told_in_dutch_and_english(client: httpx.Client) -> None:
    body = _chat(client, f"lang-{uuid.uuid4().hex[:8]}", "Ich habe eine Frage zur Sozialhilfe und zur Arbeit")
    assert body["language"] == "nl"
    texts = " ".join(str(m["text"]) for m in body["messages"])  # type: ignore[attr-defined]
    assert "Nederlands, Engels, Turks, Arabisch, Pools en Oekraïens" in texts
