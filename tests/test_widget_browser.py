"""The widget page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.conftest import Stack


def test_widget_answers_a_question_typed_with_the_keyboard(browser: Browser, stack: Stack) -> None:
    page = browser.new_page()
    page.goto(stack.service.url + "/")
    expect(page.get_by_text("Je praat met een computerprogramma")).to_be_visible()
    field = page.get_by_label("Je vraag")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Taal")).to_be_focused()  # the language switch comes first
    page.keyboard.press("Tab")
    expect(page.get_by_role("log")).to_be_focused()  # then the (scrollable) conversation log
    page.keyboard.press("Tab")
    expect(field).to_be_focused()
    page.keyboard.type("Wat is een tegenprestatie?")
    page.keyboard.press("Enter")
    log = page.get_by_role("log")
    expect(log.get_by_text("Bron: artikel 9 lid 1 onderdeel c Participatiewet")).to_be_visible(timeout=30_000)
    expect(log.get_by_text("participatiewet:9:1:c")).to_be_visible()
    expect(field).to_be_focused()
    page.close()
