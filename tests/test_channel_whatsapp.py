"""WhatsApp Cloud API: signed webhooks from a fake Meta, replies to a fake Graph API on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import httpx

from bot.channels.format import split_text
from bot.channels.whatsapp import interactive_payloads
from bot.pipeline import Reply
from tests.conftest import WA_VERIFY_TOKEN, ChannelStack, channel_store, on_service


def user() -> tuple[str, str]:
    n = random.randint(10**9, 10**10 - 1)
    return f"NL.{n}{n}", f"316{n % 10**8:08d}"


def bodies(messages: list[dict[str, Any]]) -> list[str]:
    out = []
    for m in messages:
        if m["type"] == "text":
            out.append(m["text"]["body"])
        elif m["type"] == "interactive":
            out.append(m["interactive"]["body"]["text"])
    return out


def test_verification_handshake(channel_stack: ChannelStack) -> None:
    url = channel_stack.meta.url
    ok = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY_TOKEN, "hub.challenge": "8127"})
    assert ok.status_code == 200 and ok.text == "8127"
    bad = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "8127"})
    assert bad.status_code == 403 and "8127" not in bad.text


def test_unsigned_or_forged_posts_are_refused_and_nothing_is_processed(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    payload = meta.text(bsuid, phone, "Wat is een tegenprestatie?")
    assert meta.post(payload, signature="").status_code == 401
    assert meta.post(payload, signature="sha256=" + "0" * 64).status_code == 403
    # A valid signature over a different body does not count either.
    assert meta.post(payload, signature=meta.sign(b"{}")).status_code == 403
    time.sleep(1.0)
    assert graph.to(phone) == [] and graph.to(bsuid) == []
    store = channel_store(channel_stack.service)
    assert store.conversation_id("whatsapp", bsuid) is None
    assert store.contact("whatsapp", bsuid) is None


def test_question_gets_a_cited_answer_keyed_on_the_bsuid_with_the_phone_kept(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    assert meta.post(meta.text(bsuid, phone, "Wat is een tegenprestatie?")).status_code == 200
    sent = graph.wait_for(lambda: [b for b in bodies(graph.to(phone)) if "Bron: artikel 9 lid 1 onderdeel c" in b])
    assert "tegenprestatie" in sent[0].lower()
    assert all(m["messaging_product"] == "whatsapp" for m in graph.to(phone))
    store = channel_store(channel_stack.service)
    contact = store.contact("whatsapp", bsuid)
    assert contact is not None and contact.phone == phone and contact.last_inbound_at is not None
    assert store.conversation_id("whatsapp", bsuid) is not None


def test_bsuid_only_client_is_answered_by_recipient(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, _ = user()
    meta.post(meta.text(bsuid, None, "Wat is een tegenprestatie?"))
    graph.wait_for(lambda: any("Bron:" in b for b in bodies(graph.to(bsuid))))
    assert all("to" not in m for m in graph.to(bsuid))


def test_a_retried_delivery_is_processed_once(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    payload = meta.text(bsuid, phone, "Wat is een tegenprestatie?")
    assert meta.post(payload).status_code == 200
    assert meta.post(payload).status_code == 200
    graph.wait_for(lambda: any("Bron:" in b for b in bodies(graph.to(phone))))
    time.sleep(1.5)
    assert sum("Bron:" in b for b in bodies(graph.to(phone))) == 1
    store = channel_store(channel_stack.service)
    conv = store.conversation_id("whatsapp", bsuid)
    assert conv is not None
    assert len([m for m in store.store.messages(conv) if m.direction == "in"]) == 1


def test_status_callbacks_are_ignored_safely(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    before = len(graph.sent)
    assert meta.post(meta.status("31600000000")).status_code == 200
    assert (
        meta.post({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "x"}]}]}).status_code == 200
    )
    time.sleep(0.5)
    assert len(graph.sent) == before


def test_voice_note_is_acknowledged_and_not_downloaded(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    meta.post(meta.voice(bsuid, phone))
    [reply] = graph.wait_for(lambda: bodies(graph.to(phone)))
    assert "spraakberichten" in reply
    assert graph.media_requests == []
    assert channel_store(channel_stack.service).conversation_id("whatsapp", bsuid) is None


def test_verwijder_with_reply_buttons(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    meta.post(meta.text(bsuid, phone, "Wat is een tegenprestatie?"))
    graph.wait_for(lambda: any("Bron:" in b for b in bodies(graph.to(phone))))
    meta.post(meta.text(bsuid, phone, "/verwijder"))
    question = graph.wait_for(lambda: [m for m in graph.to(phone) if m["type"] == "interactive"])[0]["interactive"]
    assert question["type"] == "button"
    buttons = [b["reply"] for b in question["action"]["buttons"]]
    assert 1 <= len(buttons) <= 3 and all(len(b["title"]) <= 20 for b in buttons)
    assert {"id": "/verwijder_ja", "title": "Ja, wis alles"} in buttons
    store = channel_store(channel_stack.service)
    assert store.conversation_id("whatsapp", bsuid) is not None
    meta.post(meta.button(bsuid, phone, "/verwijder_ja", "Ja, wis alles"))
    graph.wait_for(lambda: any("gewist" in b for b in bodies(graph.to(phone))))
    graph.wait_for(lambda: store.conversation_id("whatsapp", bsuid) is None)
    assert store.contact("whatsapp", bsuid) is None


def test_outside_the_24_hour_window_only_the_template_goes_out(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    meta.post(meta.text(bsuid, phone, "Wat is een tegenprestatie?"))
    graph.wait_for(lambda: any("Bron:" in b for b in bodies(graph.to(phone))))
    store = channel_store(channel_stack.service)
    conv = store.conversation_id("whatsapp", bsuid)
    assert conv is not None
    store.set_contact("whatsapp", bsuid, last_inbound_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
    before = len(graph.to(phone))

    def deliver(text: str) -> Any:
        return on_service(
            channel_stack.service,
            lambda app: app.state.channels.router.deliver(conv, [Reply(text)], sender="klantmanager"),
        )

    assert deliver("Je aanvraag is binnen.") == "whatsapp"
    new = graph.to(phone)[before:]
    assert [m["type"] for m in new] == ["template"]
    assert new[0]["template"]["name"] == "bijstandswijzer_nieuw_bericht"
    # The client answers the template: the waiting message is delivered first, then the new turn is answered.
    meta.post(meta.text(bsuid, phone, "Wat is een tegenprestatie?"))
    graph.wait_for(lambda: any("Klantmanager: Je aanvraag is binnen." in b for b in bodies(graph.to(phone))))
    graph.wait_for(lambda: sum("Bron:" in b for b in bodies(graph.to(phone))) == 2)


def settled(graph: Any, phone: str, quiet: float = 1.5, timeout: float = 30) -> None:
    """Wait until no new message has gone to ``phone`` for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    count, since = len(graph.to(phone)), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = len(graph.to(phone))
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError("messages kept arriving")


def test_re_engagement_error_131047_falls_back_to_the_template(channel_stack: ChannelStack) -> None:
    meta, graph = channel_stack.meta, channel_stack.graph
    bsuid, phone = user()
    meta.post(meta.text(bsuid, phone, "Wat is een tegenprestatie?"))
    graph.wait_for(lambda: any("Bron:" in b for b in bodies(graph.to(phone))))
    conv = channel_store(channel_stack.service).conversation_id("whatsapp", bsuid)
    assert conv is not None
    settled(graph, phone)  # the first answer may still be arriving in several messages
    graph.closed.add(phone)  # Meta says the window is closed even though we think it is open
    try:
        before = len(graph.to(phone))
        on_service(
            channel_stack.service,
            lambda app: app.state.channels.router.deliver(conv, [Reply("Bel ons even.")], sender="klantmanager"),
        )
        assert [m["type"] for m in graph.to(phone)[before:]] == ["template"]
        waiting = channel_store(channel_stack.service).events_after("whatsapp", bsuid, 0, "pending")
        assert [e.data["text"] for e in waiting] == ["Klantmanager: Bel ons even."]
    finally:
        graph.closed.discard(phone)


def test_buttons_become_reply_buttons_a_list_or_numbered_choices() -> None:
    def buttons(n: int, title: str = "Keuze") -> list[dict[str, str]]:
        return [{"title": f"{title} {i}", "payload": f"/kies{i}"} for i in range(1, n + 1)]

    [msg], _ = interactive_payloads("Kies:", buttons(3))
    assert msg["interactive"]["type"] == "button" and len(msg["interactive"]["action"]["buttons"]) == 3
    [msg], _ = interactive_payloads("Kies:", buttons(2, "Een veel te lange knoptekst"))
    assert msg["interactive"]["type"] == "list"
    row = msg["interactive"]["action"]["sections"][0]["rows"][0]
    assert len(row["title"]) <= 24 and row["description"].startswith("Een veel te lange")
    [msg], _ = interactive_payloads("Kies:", buttons(10))
    assert len(msg["interactive"]["action"]["sections"][0]["rows"]) == 10
    [msg], choices = interactive_payloads("Kies:", buttons(12))
    assert msg["type"] == "text" and "12. Keuze 12" in msg["text"]["body"] and choices[11] == "/kies12"


def test_long_answers_are_split_at_sentence_boundaries() -> None:
    text = " ".join(f"Dit is zin nummer {i} van een lang antwoord." for i in range(200))
    chunks = split_text(text, 1024)
    assert len(chunks) > 1
    assert all(len(c) <= 1024 and c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text
    assert split_text("kort", 1024) == ["kort"]
