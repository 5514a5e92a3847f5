"""Urgent situations get the emergency numbers and an urgent handoff offer, whatever the NLU thinks."""

from __future__ import annotations

import uuid

import httpx
import pytest

from bot.urgentie import detect_urgentie


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("soms denk ik dat ik niet meer wil leven", "crisis"),
        ("I sometimes think everyone would be better off dead without me", "crisis"),
        ("Bazen intihar etmeyi düşünüyorum", "crisis"),
        ("mijn moeder ligt op de grond en reageert niet", "medisch"),
        ("mój sąsiad jest nieprzytomny na ulicy", "medisch"),
        ("mijn ex bedreigt me en ik durf niet naar huis", "gevaar"),
        ("Він б'є мене, що мені робити", "gevaar"),
        ("de deurwaarder staat morgen voor de deur", "geldnood"),
        ("we krijgen een ontruiming van de woningbouw", "geldnood"),
        ("لا أستطيع دفع الإيجار هذا الشهر", "geldnood"),
        ("ik raak in paniek van al die brieven", "nood"),
    ],
)
def test_urgent_situations_are_recognised(text: str, kind: str) -> None:
    found = detect_urgentie(text)
    assert found is not None and found.kinds[0] == kind


@pytest.mark.parametrize(
    "text",
    [
        "wat is een tegenprestatie",
        "hoeveel mag ik bijverdienen in 2027",
        "mijn uitkering komt later deze maand",
        "moet ik mijn vakantie doorgeven",
        "Can I do volunteer work?",
        "ik heb een brief over de taaleis",
    ],
)
def test_ordinary_questions_are_not_urgent(text: str) -> None:
    assert detect_urgentie(text) is None


def _ask(client: httpx.Client, text: str) -> dict[str, object]:
    r = client.post("/api/v1/chat", json={"conversation_id": f"u-{uuid.uuid4().hex[:8]}", "text": text})
    assert r.status_code == 200
    body: dict[str, object] = r.json()
    return body


def test_crisis_message_gets_113_and_an_urgent_offer(client: httpx.Client) -> None:
    body = _ask(client, "ik zie het niet meer zitten, ik wil er niet meer zijn")
    text = " ".join(m["text"] for m in body["messages"])  # type: ignore[attr-defined]
    assert "113" in text
    assert body["handoff"]["urgent"] is True  # type: ignore[index]


def test_money_emergency_goes_to_the_income_team_urgently(client: httpx.Client) -> None:
    body = _ask(client, "ze hebben de stroom afgesloten en ik heb geen geld meer voor eten")
    assert body["handoff"] == {"status": "aangeboden", "queue": "inkomen", "urgent": True}
