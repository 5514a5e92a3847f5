"""The widget API over HTTP: conversations, 202 + Server-Sent Events, tokens, Last-Event-ID replay, persistence."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from tests.conftest import ChannelStack, make_settings, serve


def read_events(
    url: str, token: str, *, last_event_id: str | None = None, until: Any, timeout: float = 45
) -> list[Any]:
    """Read the stream, parsed into (kind, id, data) and comments, until ``until(items)`` holds."""
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    items: list[Any] = []
    deadline = time.monotonic() + timeout
    with httpx.stream("GET", url, params={"token": token}, headers=headers, timeout=timeout) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["cache-control"] == "no-cache"
        block: dict[str, str] = {}
        for line in r.iter_lines():
            if line.startswith(":"):
                items.append(("comment", line))
            elif line.startswith("retry:"):
                items.append(("retry", line))
            elif line:
                field, _, value = line.partition(": ")
                block[field] = value
            elif block:
                items.append((block.get("event"), block.get("id"), json.loads(block["data"])))
                block = {}
            if until(items) or time.monotonic() > deadline:
                break
    return items


def messages(items: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(int(i[1]), i[2]) for i in items if i[0] == "message"]


def new_conversation(base: str, **body: Any) -> dict[str, str]:
    r = httpx.post(f"{base}/api/chat/conversations", json=body or None)
    assert r.status_code == 201, r.text
    data: dict[str, str] = r.json()
    return data


def post(base: str, conv: dict[str, str], text: str, token: str | None = None) -> httpx.Response:
    auth = {"Authorization": f"Bearer {conv['token'] if token is None else token}"} if token != "" else {}
    return httpx.post(
        f"{base}/api/chat/conversations/{conv['conversation_id']}/messages", json={"text": text}, headers=auth
    )


def answered(items: list[Any]) -> bool:
    return any("Bron:" in d.get("text", "") for _, d in messages(items))


def test_a_message_is_accepted_and_answered_over_the_event_stream(channel_stack: ChannelStack) -> None:
    base = channel_stack.service.url
    conv = new_conversation(base, gemeente="utrecht", language="nl")
    assert conv["conversation_id"].startswith("w-") and len(conv["token"]) >= 24
    r = post(base, conv, "Wat is een tegenprestatie? Mijn BSN is 111222333.")
    assert r.status_code == 202 and r.json()["accepted"] is True
    url = f"{base}/api/chat/conversations/{conv['conversation_id']}/events"
    # keep-alive is 1 s on this service: wait for the answer and one keep-alive comment after it
    items = read_events(url, conv["token"], until=lambda it: answered(it) and it[-1][0] == "comment")
    assert items[0] == ("retry", "retry: 2000")
    got = messages(items)
    ids = [i for i, _ in got]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    first = got[0][1]
    assert (
        first["from"] == "user" and "111222333" not in first["text"] and "Wat is een tegenprestatie?" in first["text"]
    )
    bot = [d for _, d in got if d["from"] == "bot"]
    assert any("computerprogramma" in d["text"] for d in bot)
    answer = next(d for d in bot if "Bron:" in d["text"])
    assert answer["topic"] == "tegenprestatie" and "participatiewet:9:1:c" in answer["citations"]
    assert any(i[0] == "typing" and i[2] == {"typing": True} for i in items)
    assert ("comment", ": keep-alive") in items


def test_last_event_id_replays_only_what_was_missed(channel_stack: ChannelStack) -> None:
    base = channel_stack.service.url
    conv = new_conversation(base)
    post(base, conv, "Wat is een tegenprestatie?")
    url = f"{base}/api/chat/conversations/{conv['conversation_id']}/events"
    everything = messages(read_events(url, conv["token"], until=answered))
    first_id = everything[0][0]
    rest = messages(read_events(url, conv["token"], last_event_id=str(first_id), until=answered))
    assert rest == everything[1:]


def test_tokens_are_checked(channel_stack: ChannelStack) -> None:
    base = channel_stack.service.url
    conv, other = new_conversation(base), new_conversation(base)
    assert post(base, conv, "Hallo", token="").status_code == 401
    assert post(base, conv, "Hallo", token="wrong").status_code == 403
    assert post(base, conv, "Hallo", token=other["token"]).status_code == 403
    events = f"{base}/api/chat/conversations/{conv['conversation_id']}/events"
    assert httpx.get(events, params={"token": other["token"]}).status_code == 403
    assert httpx.get(events).status_code == 401
    unknown = f"{base}/api/chat/conversations/w-unknown/events"
    assert httpx.get(unknown, params={"token": conv["token"]}).status_code == 403


def test_bad_input_is_a_clear_4xx(channel_stack: ChannelStack) -> None:
    base = channel_stack.service.url
    r = httpx.post(f"{base}/api/chat/conversations", json={"gemeente": "atlantis"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_gemeente"
    r = httpx.post(f"{base}/api/chat/conversations", json={"language": "xx"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unsupported_language"
    conv = new_conversation(base)
    assert post(base, conv, "x" * 2001).status_code == 422
    assert post(base, conv, "").status_code == 422


def test_the_event_log_survives_a_restart(channel_stack: ChannelStack, tmp_path: Any) -> None:
    """A conversation held by one service process is replayed by a freshly started one on the same database."""
    settings = channel_stack.service.settings
    first = serve(make_settings(settings.data_dir, rasa_url=channel_stack.rasa_url))
    try:
        conv = new_conversation(first.url)
        post(first.url, conv, "Wat is een tegenprestatie?")
        url = f"{first.url}/api/chat/conversations/{conv['conversation_id']}/events"
        before = messages(read_events(url, conv["token"], until=answered))
    finally:
        first.stop()
    second = serve(make_settings(settings.data_dir, rasa_url=channel_stack.rasa_url))
    try:
        url = f"{second.url}/api/chat/conversations/{conv['conversation_id']}/events"
        after = messages(read_events(url, conv["token"], until=lambda it: len(messages(it)) >= len(before)))
        assert after == before
    finally:
        second.stop()
