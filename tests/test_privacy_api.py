""" "Verwijder mijn gegevens" over the chat API against the real service and Rasa; history; redacted logs."""

from __future__ import annotations

import logging
import time
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select

from bot.privacy.logfilter import RedactingFilter, install
from bot.store.db import make_engine
from bot.store.models import ChannelContact, ChannelEvent, Conversation, DeletionAudit, Message
from bot.store.repository import Store
from tests.conftest import Stack


def service_store(stack: Stack) -> Store:
    return Store(make_engine(stack.service.settings.resolved_database_url()))


def conversation_id(store: Store, external_id: str) -> int | None:
    with store.session() as s:
        found: int | None = s.scalars(
            select(Conversation.id).where(Conversation.channel == "web", Conversation.external_id == external_id)
        ).one_or_none()
        return found


def tracker_events(stack: Stack, sender: str) -> list[dict[str, object]]:
    r = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", timeout=10)
    r.raise_for_status()
    events: list[dict[str, object]] = r.json()["events"]
    return events


def test_delete_erases_the_conversation_and_returns_a_receipt(client: httpx.Client, stack: Stack) -> None:
    store = service_store(stack)
    for text in ["Wat is een tegenprestatie?", "Mijn BSN is 111222333, klopt dat?"]:
        r = client.post("/api/v1/chat", json={"conversation_id": "wis-1", "text": text})
        assert r.status_code == 200, r.text
    cid = conversation_id(store, "wis-1")
    assert cid is not None
    assert len(store.messages(cid)) >= 4
    assert any(e.get("event") == "user" for e in tracker_events(stack, f"c{cid}"))

    history = client.get("/api/v1/conversations/wis-1/messages").json()["messages"]
    assert [m["direction"] for m in history][:2] == ["in", "out"]
    assert all("111222333" not in m["text"] for m in history)
    assert any(m["card"] == "TP-01" for m in history)
    newer = client.get("/api/v1/conversations/wis-1/messages", params={"after": history[1]["id"]}).json()
    assert [m["id"] for m in newer["messages"]] == [m["id"] for m in history[2:]]

    before = time.time()
    r = client.delete("/api/v1/conversations/wis-1")
    assert r.status_code == 200, r.text
    receipt = r.json()
    assert receipt["conversation_id"] == "wis-1"
    assert receipt["deleted"]["conversations"] == 1
    assert receipt["deleted"]["messages"] == len(history)
    assert receipt["engine"] == "gewist"
    assert "verwijderd" in receipt["message"]
    assert before - 1 <= datetime.fromisoformat(receipt["deleted_at"]).timestamp() <= time.time() + 1

    assert conversation_id(store, "wis-1") is None
    with store.session() as s:
        assert s.scalars(select(Message).where(Message.conversation_id == cid)).all() == []
        audits = [a for a in s.scalars(select(DeletionAudit).where(DeletionAudit.reason == "verzoek"))]
    assert any(a.counts == {"conversations": 1, "messages": len(history)} for a in audits)
    assert all("wis-1" not in repr((a.counts, a.channel)) for a in audits)
    assert not any(e.get("event") == "user" for e in tracker_events(stack, f"c{cid}"))

    # erased is erased: a second request finds nothing, the history is gone
    again = client.delete("/api/v1/conversations/wis-1")
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "conversation_not_found"
    assert client.get("/api/v1/conversations/wis-1/messages").status_code == 404
    store.engine.dispose()


def test_a_widget_conversation_is_erased_only_with_its_token(client: httpx.Client, stack: Stack) -> None:
    created = client.post("/api/chat/conversations", json={"language": "nl"}).json()
    cid, token = created["conversation_id"], created["token"]
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post(
        f"/api/chat/conversations/{cid}/messages", json={"text": "Wat is een tegenprestatie?"}, headers=auth
    )
    assert r.status_code == 202
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        msgs = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth)
        if msgs.status_code == 200 and any(m["direction"] == "out" for m in msgs.json()["messages"]):
            break
        time.sleep(0.2)
    else:
        pytest.fail("no answer in the widget conversation")

    assert client.get(f"/api/v1/conversations/{cid}/messages").status_code == 401
    assert client.delete(f"/api/v1/conversations/{cid}").json()["error"]["code"] == "token_missing"
    wrong = client.delete(f"/api/v1/conversations/{cid}", headers={"Authorization": "Bearer nee"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "forbidden"

    r = client.delete(f"/api/v1/conversations/{cid}", headers=auth)
    assert r.status_code == 200, r.text
    deleted = r.json()["deleted"]
    assert deleted["channel_contacts"] == 1
    assert deleted["channel_events"] >= 2  # the client's message and the answers on the event stream
    store = service_store(stack)
    with store.session() as s:
        assert s.scalars(select(ChannelEvent).where(ChannelEvent.external_id == cid)).all() == []
        assert s.scalars(select(ChannelContact).where(ChannelContact.external_id == cid)).all() == []
    store.engine.dispose()
    # the token no longer opens anything
    r = client.post(f"/api/chat/conversations/{cid}/messages", json={"text": "hallo"}, headers=auth)
    assert r.status_code == 403


@pytest.mark.parametrize("bad", ["a b", "x" * 129, "%3Cscript%3E", "..%2F..%2Fetc"])
def test_invalid_conversation_ids_are_refused_clearly(client: httpx.Client, bad: str) -> None:
    r = client.delete(f"/api/v1/conversations/{bad}")
    assert r.status_code in (404, 422)
    assert r.json()["error"]["code"] in ("invalid_conversation_id", "conversation_not_found", "not_found")
    r = client.get("/api/v1/conversations/abc/messages", params={"after": "-1"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "after"


def test_english_messages_on_request(client: httpx.Client) -> None:
    r = client.delete("/api/v1/conversations/bestaat-niet", headers={"Accept-Language": "en-GB"})
    assert r.status_code == 404
    assert r.json()["error"]["message"].startswith("This conversation does not exist")


def test_log_records_are_redacted_before_any_handler_sees_them(caplog: pytest.LogCaptureFixture) -> None:
    install()
    logger = logging.getLogger("tests.privacy")
    with caplog.at_level(logging.INFO):
        logger.info("vraag van klant: %s", "bsn 111222333, iban NL91 ABNA 0417 1643 00, 1234 AB 12")
        logger.warning('"GET /api/chat/conversations/w-1/events?token=geheim123&x=1 HTTP/1.1" %d', 200)
        try:
            raise ValueError("kon jan@example.nl niet verwerken")
        except ValueError:
            logger.exception("fout bij 06-12345678")
    text = caplog.text
    for secret in ["111222333", "NL91", "1234 AB", "geheim123", "jan@example.nl", "06-12345678"]:
        assert secret not in text
    assert "[BSN verwijderd]" in text and "token=[verwijderd]" in text and "[e-mail verwijderd]" in text
    # arguments stay arguments (uvicorn's access formatter unpacks record.args)
    access = next(r for r in caplog.records if "events?" in r.getMessage())
    assert access.args == (200,)


def test_the_filter_works_on_a_single_handler_too() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "bel %s", ("+31 6 12345678",), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "bel [telefoonnummer verwijderd]"
