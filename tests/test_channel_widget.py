"""The widget in a real headless Chromium: keyboard only, reload and replay, Arabic RTL, axe-core, 200 % zoom."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.config import ROOT
from bot.pipeline import Reply
from bot.teksten import tekst
from tests.conftest import Stack, channel_store, on_service

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SOURCE = "Bron: artikel 9 lid 1 onderdeel c Participatiewet"


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    page = browser.new_page()
    page.goto(stack.service.url + "/")
    yield page
    page.close()


@pytest.fixture
def axe_page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A page that lets the test inject axe-core (an inline script) past the service's Content-Security-Policy."""
    page = browser.new_page(bypass_csp=True)
    page.goto(stack.service.url + "/")
    yield page
    page.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    assert AXE.exists(), "run `make browser` (npm ci) to install axe-core"
    page.add_script_tag(path=str(AXE))
    result: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))""",
        AXE_TAGS,
    )
    return result


def ask_by_keyboard(page: Page, text: str) -> None:
    """From the top of the page: Tab to the language switch, then on to the field (past a scrolled log)."""
    field = page.get_by_label("Je vraag")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Taal")).to_be_focused()
    for _ in range(20):  # past the log and any buttons in it
        page.keyboard.press("Tab")
        if field.evaluate("el => el.getRootNode().activeElement === el"):
            break
    expect(field).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def conversation_of(page: Page) -> str:
    cid: str = page.evaluate(
        "() => JSON.parse(Object.entries(sessionStorage).find(([k]) => k.startsWith('bijstand-chat:'))[1])"
        ".conversation_id"
    )
    return cid


def test_keyboard_only_conversation_with_a_button_from_the_klantmanager(page: Page, stack: Stack) -> None:
    expect(page.get_by_text("Je praat met een computerprogramma")).to_be_visible()
    expect(page.get_by_text("Privacy:")).to_be_visible()
    ask_by_keyboard(page, "Wat is een tegenprestatie?")
    log = page.get_by_role("log")
    expect(log.get_by_text(SOURCE)).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Je vraag")).to_be_focused()
    expect(log.locator("li.user")).to_have_text(["Jij: Wat is een tegenprestatie?"])

    # A klantmanager's message reaches this widget through the channel router, with a real button in it.
    conv = channel_store(stack.service).conversation_id("web", conversation_of(page))
    assert conv is not None
    button = {"title": "Nog een keer uitleggen", "payload": "Wat is een tegenprestatie?"}
    on_service(
        stack.service,
        lambda app: app.state.channels.router.deliver(
            conv, [Reply("Zal ik het nog eens uitleggen?", buttons=[button])], sender="klantmanager"
        ),
    )
    choice = log.get_by_role("button", name="Nog een keer uitleggen")
    expect(choice).to_be_visible(timeout=10_000)
    expect(log.locator("li.klantmanager")).to_contain_text("Klantmanager: Zal ik het nog eens uitleggen?")
    page.keyboard.press("Shift+Tab")  # from the field back into the log: the newest button comes first
    expect(choice).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Je vraag")).to_be_focused()
    expect(log.get_by_text(SOURCE)).to_have_count(2, timeout=30_000)
    expect(log.locator("li.user").last).to_have_text("Jij: Nog een keer uitleggen")


def test_reload_replays_the_conversation(page: Page) -> None:
    ask_by_keyboard(page, "Wat is een tegenprestatie?")
    log = page.get_by_role("log")
    expect(log.get_by_text(SOURCE)).to_be_visible(timeout=30_000)
    before = log.locator("li").all_inner_texts()
    assert len(before) >= 3
    page.reload()
    page.locator("body").click(position={"x": 1, "y": 1})  # the focus starts at the top again, as after a load
    expect(page.get_by_role("log").locator("li")).to_have_count(len(before), timeout=10_000)
    assert page.get_by_role("log").locator("li").all_inner_texts() == before
    # Still the same conversation: the next question is added to it.
    ask_by_keyboard(page, "Wat is een tegenprestatie?")
    expect(page.get_by_role("log").get_by_text(SOURCE)).to_have_count(2, timeout=30_000)


def test_arabic_switches_the_panel_content_to_rtl_only(axe_page: Page) -> None:
    page = axe_page
    host_box = page.locator("bijstand-chat").bounding_box()
    page.get_by_label("Taal").select_option("ar")
    content = page.locator("bijstand-chat .content")
    expect(content).to_have_attribute("dir", "rtl")
    expect(content).to_have_attribute("lang", "ar")
    field = page.get_by_label("سؤالك")
    expect(field).to_be_visible()
    # the notice in Arabic, as the translation catalog has it (the widget loads its labels from the service)
    expect(page.get_by_text(tekst("widget_notice", "ar")[:25])).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.querySelector('bijstand-chat')).direction") == "ltr"
    box = page.locator("bijstand-chat").bounding_box()
    assert host_box and box and (box["x"], box["width"]) == (host_box["x"], host_box["width"])  # not flipped
    field.focus()
    page.keyboard.type("ما هي الخدمة المقابلة؟")
    page.keyboard.press("Enter")
    log = page.get_by_role("log")
    expect(log.locator("li.bot")).not_to_have_count(0, timeout=30_000)
    expect(log.locator("li.user")).to_have_text(["أنت: ما هي الخدمة المقابلة؟"])
    assert axe_violations(page) == []


def test_axe_finds_no_violations_and_200_percent_zoom_fits(axe_page: Page) -> None:
    page = axe_page
    assert axe_violations(page) == []
    ask_by_keyboard(page, "Wat is een tegenprestatie?")
    expect(page.get_by_role("log").get_by_text(SOURCE)).to_be_visible(timeout=30_000)
    assert axe_violations(page) == []
    # 200 % zoom of a 1280 px window is a 640 px wide CSS viewport: nothing may need horizontal scrolling.
    page.set_viewport_size({"width": 640, "height": 720})
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_role("button", name="Verstuur")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})  # 400 % (WCAG 1.4.10 reflow)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_focus_is_visible(page: Page) -> None:
    page.keyboard.press("Tab")
    expect(page.get_by_label("Taal")).to_be_focused()
    outline = page.evaluate(
        "() => { const i = document.querySelector('bijstand-chat').shadowRoot.querySelector('select');"
        " const s = getComputedStyle(i); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline == ["solid", "3px"]
