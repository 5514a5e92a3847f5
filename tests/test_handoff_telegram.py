"""The handoff round trip on Telegram (PTB against the fake Bot API): the client asks and consents with the
inline keyboard, the case reaches the inbox, a klantmanager claims and replies, the reply arrives in the chat."""

from __future__ import annotations

import random
import time
from typing import Any

from bot.handoff.flow import ONLY_CONTACT, SEND, STOP
from tests.conftest import ChannelStack
from tests.fakes.telegram import FakeTelegram
from tests.inbox_util import Inbox, actions, add_user, case_of, conversation_id, mode_of


def texts(tg: FakeTelegram, chat_id: int) -> list[str]:
    return [str(p["text"]) for p in tg.sent("sendMessage", chat_id)]


def keyboard(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def until_text(tg: FakeTelegram, chat_id: int, part: str) -> dict[str, Any]:
    found: dict[str, Any] = tg.wait_for(
        lambda: next((p for p in tg.sent("sendMessage", chat_id) if part in str(p["text"])), None), timeout=60
    )
    return found


def test_telegram_client_consents_and_gets_the_klantmanagers_reply(channel_stack: ChannelStack) -> None:
    tg, chat_id, service = channel_stack.telegram, random.randint(10_000_000, 99_999_999), channel_stack.service
    tg.deliver(tg.message(chat_id, "Wat is een tegenprestatie?"))
    until_text(tg, chat_id, "Bron: artikel 9 lid 1 onderdeel c")
    tg.deliver(tg.message(chat_id, "Ik wil een mens spreken"))
    summary = until_text(tg, chat_id, "Dit geef ik door aan de gemeente:")
    assert "- Je vraag: Wat is een tegenprestatie?" in summary["text"]
    buttons = keyboard(summary)
    assert ("Ja, stuur het door", SEND) in buttons and ("Nee, stuur alleen dat ik contact wil", ONLY_CONTACT) in buttons
    assert ("Stop, ik wil geen contact", STOP) in buttons

    tg.deliver(tg.press(chat_id, SEND))
    until_text(tg, chat_id, "Ik heb je vraag doorgegeven aan een klantmanager.")
    until_text(tg, chat_id, "bel dan 112")
    conv = conversation_id(service, "telegram", str(chat_id))
    case = case_of(service, conv)
    assert (case.status, case.consent, case.channel) == ("wachtend", "ja", "telegram")
    assert case.summary["channel"] == "telegram"

    inbox = Inbox(service)
    try:
        km = add_user(service, "klantmanager", "werk")
        assert inbox.login(km).status_code == 303
        assert f"Zaak {case.id}" in inbox.http.get("/inbox/wachtrij/werk").text
        page = inbox.http.get(f"/inbox/zaak/{case.id}")
        assert "Wat is een tegenprestatie?" in page.text and "Telegram" in page.text
        assert inbox.post(f"/inbox/zaak/{case.id}/claim").status_code == 303
        until_text(tg, chat_id, "Een medewerker heeft je vraag nu gepakt.")
        assert inbox.post(f"/inbox/zaak/{case.id}/antwoord", tekst="Ik bel je morgen om 10 uur.").status_code == 303
        until_text(tg, chat_id, "Klantmanager: Ik bel je morgen om 10 uur.")

        # The client's answer goes to the case, not to the dialogue: nothing comes back from the bot.
        sent_before = len(texts(tg, chat_id))
        tg.deliver(tg.message(chat_id, "Prima, tot morgen!"))
        tg.wait_for(lambda: ("client", "bericht_client") in actions(service, case.id), timeout=30)
        time.sleep(1.0)
        assert len(texts(tg, chat_id)) == sent_before
        assert "Prima, tot morgen!" in inbox.http.get(f"/inbox/zaak/{case.id}/berichten").text

        assert inbox.post(f"/inbox/zaak/{case.id}/sluiten", uitkomst="afspraak").status_code == 303
    finally:
        inbox.close()
    until_text(tg, chat_id, "Je praat nu weer met Bijstandswijzer")
    assert mode_of(service, conv) == "bot"
    tg.deliver(tg.message(chat_id, "Wat is een tegenprestatie?"))
    tg.wait_for(lambda: sum("Bron: artikel 9 lid 1 onderdeel c" in t for t in texts(tg, chat_id)) == 2)
