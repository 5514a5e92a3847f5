"""Telegram: python-telegram-bot 22.8 unchanged, against a fake Bot API on 127.0.0.1 that records what was sent."""

from __future__ import annotations

import random
import time
from typing import Any

from bot.pipeline import Reply
from tests.conftest import TG_SECRET, ChannelStack, Stack, channel_store, make_settings, on_service, serve
from tests.fakes.server import run_in_thread
from tests.fakes.telegram import FakeTelegram


def chat() -> int:
    return random.randint(10_000_000, 99_999_999)


def texts(tg: FakeTelegram, chat_id: int) -> list[str]:
    return [str(p["text"]) for p in tg.sent("sendMessage", chat_id)]


def wait_texts(tg: FakeTelegram, chat_id: int, n: int) -> list[str]:
    return tg.wait_for(lambda: (t := texts(tg, chat_id)) and len(t) >= n and t)  # type: ignore[no-any-return]


def test_webhook_is_registered_with_the_secret(channel_stack: ChannelStack) -> None:
    tg = channel_stack.telegram
    assert "getMe" in tg.methods()
    assert tg.webhook == {"url": f"{channel_stack.service.url}/telegram/webhook", "secret_token": TG_SECRET}
    commands = {c["command"] for c in tg.sent("setMyCommands")[0]["commands"]}
    assert commands == {"start", "taal", "verwijder"}


def test_start_discloses_the_program_then_a_question_gets_a_cited_answer(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    assert tg.deliver(tg.message(cid, "/start")).status_code == 200
    [welcome] = wait_texts(tg, cid, 1)
    assert "computerprogramma, niet met een mens" in welcome
    assert "Privacy" in welcome and "/verwijder" in welcome

    assert tg.deliver(tg.message(cid, "Wat is een tegenprestatie?")).status_code == 200
    sent = tg.wait_for(lambda: [t for t in texts(tg, cid) if "Bron: artikel 9 lid 1 onderdeel c" in t])
    assert "tegenprestatie" in sent[0].lower()
    # The notice was given by /start; the answer does not repeat it.
    assert sum("computerprogramma, niet met een mens" in t for t in texts(tg, cid)) == 1
    actions = tg.sent("sendChatAction", cid)
    assert actions and actions[0]["action"] == "typing"
    methods = [m for m in tg.methods() if m in ("sendChatAction", "sendMessage")]
    assert "sendChatAction" in methods


def test_forged_or_missing_secret_is_refused_and_nothing_is_processed(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    assert tg.deliver(tg.message(cid, "Wat is een tegenprestatie?"), secret="wrong").status_code == 403
    assert tg.deliver(tg.message(cid, "Wat is een tegenprestatie?"), secret="").status_code == 403
    time.sleep(1.0)
    assert texts(tg, cid) == []
    assert channel_store(channel_stack.service).conversation_id("telegram", str(cid)) is None


def test_a_retried_update_is_answered_once(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    update = tg.message(cid, "Wat is een tegenprestatie?")
    assert tg.deliver(update).status_code == 200
    assert tg.deliver(update).status_code == 200
    tg.wait_for(lambda: any("Bron:" in t for t in texts(tg, cid)))
    time.sleep(1.5)
    assert sum("Bron:" in t for t in texts(tg, cid)) == 1
    store = channel_store(channel_stack.service)
    conv = store.conversation_id("telegram", str(cid))
    assert conv is not None
    inbound = [m for m in store.store.messages(conv) if m.direction == "in"]
    assert len(inbound) == 1


def keyboard(params: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["text"], b["callback_data"]) for row in params["reply_markup"]["inline_keyboard"] for b in row]


def test_taal_offers_an_inline_keyboard_and_a_press_sets_the_language(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    tg.deliver(tg.message(cid, "/taal"))
    tg.wait_for(lambda: tg.sent("sendMessage", cid))
    buttons = keyboard(tg.sent("sendMessage", cid)[0])
    assert ("English", "/taal en") in buttons and ("العربية", "/taal ar") in buttons
    tg.deliver(tg.press(cid, "/taal en"))
    [_, confirmed] = wait_texts(tg, cid, 2)
    assert confirmed == "Your language is now: English."  # confirmed in the language just chosen
    assert tg.sent("answerCallbackQuery")
    store = channel_store(channel_stack.service)
    conv = store.conversation_id("telegram", str(cid))
    assert conv is not None
    with store.store.session() as s:
        from bot.store.models import Conversation

        assert s.get_one(Conversation, conv).language == "en"


def test_verwijder_erases_the_conversation_after_confirmation(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    tg.deliver(tg.message(cid, "Wat is een tegenprestatie?"))
    tg.wait_for(lambda: any("Bron:" in t for t in texts(tg, cid)))
    store = channel_store(channel_stack.service)
    assert store.conversation_id("telegram", str(cid)) is not None
    tg.deliver(tg.message(cid, "/verwijder"))

    def confirm_offered() -> bool:  # the answer to the question may still be arriving: look for the keyboard
        sent = [m for m in tg.sent("sendMessage", cid) if m.get("reply_markup")]
        return any(("Ja, wis alles", "/verwijder_ja") in keyboard(m) for m in sent)

    tg.wait_for(confirm_offered)
    assert store.conversation_id("telegram", str(cid)) is not None  # nothing erased before confirming
    tg.deliver(tg.press(cid, "/verwijder_ja"))
    tg.wait_for(lambda: any("gewist" in t for t in texts(tg, cid)))
    assert store.conversation_id("telegram", str(cid)) is None


def test_voice_note_is_acknowledged_not_downloaded_or_stored(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    tg.deliver(tg.voice(cid))
    [reply] = wait_texts(tg, cid, 1)
    assert "spraakberichten" in reply
    assert not tg.sent("getFile")
    assert channel_store(channel_stack.service).conversation_id("telegram", str(cid)) is None


def test_a_klantmanager_reply_reaches_the_client_through_the_router(channel_stack: ChannelStack) -> None:
    tg, cid = channel_stack.telegram, chat()
    tg.deliver(tg.message(cid, "Wat is een tegenprestatie?"))
    tg.wait_for(lambda: any("Bron:" in t for t in texts(tg, cid)))
    conv = channel_store(channel_stack.service).conversation_id("telegram", str(cid))
    assert conv is not None
    used = on_service(
        channel_stack.service,
        lambda app: app.state.channels.router.deliver(conv, [Reply("Ik bel je morgen.")], sender="klantmanager"),
    )
    assert used == "telegram"
    tg.wait_for(lambda: "Klantmanager: Ik bel je morgen." in texts(tg, cid))


def test_long_polling_mode(stack: Stack, tmp_path: Any) -> None:
    token = "654321:POLL-token"
    tg = FakeTelegram(token)
    fake = run_in_thread(tg.app)
    settings = make_settings(
        stack.service.settings.data_dir,
        rasa_url=stack.rasa_url,
        telegram_token=token,
        telegram_mode="polling",
        telegram_api_base=fake.url,
    )
    service = serve(settings)
    try:
        cid = chat()
        tg.queue(tg.message(cid, "Wat is een tegenprestatie?"))
        tg.wait_for(lambda: any("Bron: artikel 9 lid 1 onderdeel c" in t for t in texts(tg, cid)))
        methods = tg.methods()
        assert methods.index("deleteWebhook") < methods.index("getUpdates")
        assert "setWebhook" not in methods
        # No webhook route in polling mode.
        import httpx

        assert httpx.post(f"{service.url}/telegram/webhook", json={}).status_code in (404, 405)
    finally:
        service.stop()
        fake.stop()
