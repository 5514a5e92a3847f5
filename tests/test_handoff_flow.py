"""The client's side of a handoff through the chat API, against the real Rasa model and the real service:
summary and consent, what is (not) passed on, the queue and urgency, messages while a person has the case."""

from __future__ import annotations

import httpx

from bot.handoff.flow import ADD_LINE, ONLY_CONTACT, SEND, STOP
from tests.conftest import Stack
from tests.inbox_util import (
    Inbox,
    actions,
    add_user,
    case_of,
    cases,
    chat,
    conversation_id,
    mode_of,
    new,
    payloads,
    texts,
)

QUESTION = "Wat is een tegenprestatie?"


def user_turns(stack: Stack, conv: int) -> int:
    tracker = httpx.get(f"{stack.rasa_url}/conversations/c{conv}/tracker", timeout=10).json()
    return sum(e.get("event") == "user" for e in tracker["events"])


def ask_for_a_person(client: httpx.Client, conv: str) -> dict:  # type: ignore[type-arg]
    chat(client, conv, QUESTION, gemeente="utrecht")
    return chat(client, conv, "Ik wil een mens spreken")


def test_accepting_shows_the_summary_asks_consent_then_queues_the_case(client: httpx.Client, stack: Stack) -> None:
    conv = new()
    out = ask_for_a_person(client, conv)
    assert out["handoff"] == {"status": "aangeboden", "queue": "werk", "urgent": False}
    shown = texts(out)
    assert "Dit geef ik door aan de gemeente:" in shown
    assert f"- Je vraag: {QUESTION}" in shown
    assert "- Gemeente: Utrecht" in shown
    assert "(TP-01)" in shown and "Spoed" not in shown
    assert payloads(out)[-4:] == [SEND, ADD_LINE, ONLY_CONTACT, STOP]
    cid = conversation_id(stack.service, "web", conv)
    assert mode_of(stack.service, cid) == "toestemming"
    draft = case_of(stack.service, cid)
    assert draft.status == "concept" and draft.consent is None
    assert draft.id not in [c.id for c in cases(stack.service).queue("werk")]  # staff see nothing yet

    done = chat(client, conv, SEND)
    told = texts(done)
    assert "Ik heb je vraag doorgegeven aan een klantmanager." in told
    assert "Bereikbaar: zie de website van de gemeente." in told  # kennisbank/gemeenten/utrecht.yaml contact.werk
    assert "binnen een paar werkdagen" in told  # no reactietijd configured: the default
    assert "112" in told and "113" in told
    case = case_of(stack.service, cid)
    assert (case.status, case.consent, case.queue, case.urgent) == ("wachtend", "ja", "werk", False)
    assert case.summary["question"] == QUESTION
    assert case.summary["gemeente"] == "utrecht" and case.summary["channel"] == "web"
    assert case.summary["intent"] == "vraag_tegenprestatie"
    [said] = case.summary["said"]
    assert said["card"] == "TP-01" and "participatiewet:9:1:c" in said["citations"]
    assert case.transcript is not None
    assert {"from": "client", "text": QUESTION} in [{"from": m["from"], "text": m["text"]} for m in case.transcript]
    assert mode_of(stack.service, cid) == "queued"
    assert case.id in [c.id for c in cases(stack.service).queue("werk")]

    # While the case is open the dialogue engine does not see the client's messages.
    before = user_turns(stack, cid)
    later = chat(client, conv, QUESTION)
    assert texts(later) == "Ik heb je bericht bij je vraag gezet. Een medewerker leest het."
    assert not any(m["card"] for m in later["messages"])
    assert user_turns(stack, cid) == before
    assert ("client", "bericht_client") in actions(stack.service, case.id)


def test_refusing_consent_passes_only_that_the_client_asks_for_contact(client: httpx.Client, stack: Stack) -> None:
    conv = new()
    ask_for_a_person(client, conv)
    out = chat(client, conv, ONLY_CONTACT)
    assert "Ik geef alleen door dat je contact wilt" in texts(out)
    cid = conversation_id(stack.service, "web", conv)
    case = case_of(stack.service, cid)
    assert case.consent == "nee" and case.status == "wachtend"
    assert case.summary == {"verzoek": "Cliënt vraagt om contact", "kanaal": "web"}
    assert case.transcript is None
    # What a klantmanager sees of it: the request and the channel, not the question or the cards.
    inbox = Inbox(stack.service)
    try:
        assert inbox.login(add_user(stack.service, "klantmanager", "werk")).status_code == 303
        page = inbox.http.get(f"/inbox/zaak/{case.id}")
        assert page.status_code == 200
        assert "geen toestemming" in page.text and "Cliënt vraagt om contact" in page.text
        assert QUESTION not in page.text and "TP-01" not in page.text and "Utrecht" not in page.text
    finally:
        inbox.close()


def test_a_line_can_be_added_before_sending(client: httpx.Client, stack: Stack) -> None:
    conv = new()
    ask_for_a_person(client, conv)
    assert "Wat wil je toevoegen?" in texts(chat(client, conv, ADD_LINE))
    again = chat(client, conv, "Ik kan alleen op dinsdag.")
    assert "- Wat je toevoegde: Ik kan alleen op dinsdag." in texts(again)
    assert payloads(again)[-4:] == [SEND, ADD_LINE, ONLY_CONTACT, STOP]
    chat(client, conv, SEND)
    case = case_of(stack.service, conversation_id(stack.service, "web", conv))
    assert case.summary["extra_line"] == "Ik kan alleen op dinsdag."
    assert [a for _, a in actions(stack.service, case.id)][:4] == [
        "aangemaakt",
        "regel_gevraagd",
        "regel_toegevoegd",
        "geopend",
    ]


def test_typed_yes_sends_and_a_new_question_withdraws_the_handoff(client: httpx.Client, stack: Stack) -> None:
    conv = new()
    ask_for_a_person(client, conv)
    assert "Ik heb je vraag doorgegeven" in texts(chat(client, conv, "ja"))
    assert case_of(stack.service, conversation_id(stack.service, "web", conv)).status == "wachtend"

    other = new()
    ask_for_a_person(client, other)
    answer = chat(client, other, "Wat is een maatregel?")
    assert any(m["topic"] == "maatregel" for m in answer["messages"]), answer
    cid = conversation_id(stack.service, "web", other)
    assert case_of(stack.service, cid).status == "ingetrokken"
    assert mode_of(stack.service, cid) == "bot"

    stopped = new()
    ask_for_a_person(client, stopped)
    assert "ik geef niets door" in texts(chat(client, stopped, STOP))
    assert mode_of(stack.service, conversation_id(stack.service, "web", stopped)) == "bot"


def test_an_urgent_money_case_goes_to_the_income_queue_before_older_cases(client: httpx.Client, stack: Stack) -> None:
    calm = new()
    chat(client, calm, "rekenhulp")
    chat(client, calm, "600 euro")
    chat(client, calm, "Ik wil een mens spreken")
    chat(client, calm, SEND)
    calm_case = case_of(stack.service, conversation_id(stack.service, "web", calm))
    assert (calm_case.queue, calm_case.urgent) == ("inkomen", False)
    # The form cleared its slots at the handoff; the tracker's events still hold what the client said.
    assert calm_case.summary["facts"] == {"inkomen_bedrag": "600.00"}

    urgent = new()
    offer = chat(client, urgent, "ik kan de huur niet betalen")
    assert offer["handoff"] == {"status": "aangeboden", "queue": "inkomen", "urgent": True}
    button = next(b for m in offer["messages"] for b in m["buttons"] if b["title"] == "Ja, naar een klantmanager")
    summary = chat(client, urgent, button["payload"])
    assert "- Spoed: ja, want je hebt geen geld" in texts(summary)
    assert "Je vraag heeft spoed" in texts(chat(client, urgent, SEND))
    case = case_of(stack.service, conversation_id(stack.service, "web", urgent))
    assert (case.queue, case.urgent, case.reason) == ("inkomen", True, "geen_geld")
    assert case.summary["trigger"] == "SPOED_GEEN_GELD"
    order = [c.id for c in cases(stack.service).queue("inkomen")]
    assert order.index(case.id) < order.index(calm_case.id)


def test_claim_reply_and_close_in_the_inbox_then_the_bot_answers_again(client: httpx.Client, stack: Stack) -> None:
    conv = new()
    ask_for_a_person(client, conv)
    chat(client, conv, SEND)
    cid = conversation_id(stack.service, "web", conv)
    case = case_of(stack.service, cid)
    inbox = Inbox(stack.service)
    try:
        km = add_user(stack.service, "klantmanager", "werk")
        inbox.login(km)
        page = inbox.http.get(f"/inbox/zaak/{case.id}").text
        assert "[knop] Ja, stuur het door" in page and SEND not in page.replace(f'"{SEND}"', "")
        assert inbox.post(f"/inbox/zaak/{case.id}/claim").status_code == 303
        assert mode_of(stack.service, cid) == "human"
        assert inbox.post(f"/inbox/zaak/{case.id}/antwoord", tekst="Ik bel je morgen.").status_code == 303
        stored = cases(stack.service).messages_since(cid, None)
        assert [(m.sender, m.text) for m in stored if m.sender == "klantmanager"] == [
            ("klantmanager", "Ik bel je morgen.")
        ]
        # With a person on the case, the client's message gets no automatic answer.
        assert chat(client, conv, "Dank je, tot morgen.")["messages"] == []
        assert inbox.post(f"/inbox/zaak/{case.id}/notitie", tekst="Terugbellen om 10 uur").status_code == 303
        closed = inbox.post(f"/inbox/zaak/{case.id}/sluiten", uitkomst="afspraak")
        assert closed.status_code == 303 and closed.headers["location"].startswith("/inbox/wachtrij/werk")
    finally:
        inbox.close()
    assert mode_of(stack.service, cid) == "bot"
    final = case_of(stack.service, cid)
    assert (final.status, final.outcome, final.claimed_by) == ("gesloten", "afspraak", km)
    who_did = [w for a, w in actions(stack.service, case.id) if a == km]
    assert who_did == ["bekeken", "geclaimd", "antwoord", "notitie", "gesloten"]
    back = chat(client, conv, QUESTION)
    assert any(m["card"] == "TP-01" for m in back["messages"])
