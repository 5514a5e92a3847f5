"""The whole handoff in real headless Chromium: the client in the widget, the klantmanager in the inbox.
Plus axe-core on every inbox page, and Arabic messages shown right-to-left with the Dutch original beside."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from bot.handoff.flow import SEND
from tests.conftest import Stack
from tests.inbox_util import PASSWORD, add_user, case_of, chat, conversation_id, mode_of, new
from tests.test_channel_widget import SOURCE, axe_violations, conversation_of

ARABIC = "صرخت على الموظف في البلدية لأنني كنت غاضباً جداً. هل يمكن أن يخفضوا الـ bijstand بسبب ذلك؟"
SCREENSHOT = os.environ.get("INBOX_SCREENSHOT")  # a path: save the inbox with a case open there


@pytest.fixture
def widget(browser: Browser, stack: Stack) -> Iterator[Page]:
    page = browser.new_page()
    page.goto(stack.service.url + "/")
    yield page
    page.close()


@pytest.fixture
def inbox(browser: Browser) -> Iterator[Page]:
    """Under the service's Content-Security-Policy, as staff would use it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_inbox(browser: Browser) -> Iterator[Page]:
    """The CSP is bypassed only so that axe-core can be injected into the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, stack: Stack, username: str) -> None:
    page.goto(stack.service.url + "/inbox/")
    expect(page.get_by_role("heading", name="Inloggen in de inbox")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def ask(page: Page, text: str) -> None:
    field = page.get_by_label("Je vraag")
    field.fill(text)
    field.press("Enter")


def test_widget_client_to_inbox_and_back_without_reloads(widget: Page, inbox: Page, stack: Stack) -> None:
    log_in(inbox, stack, add_user(stack.service, "klantmanager", "werk", name="Anna de Vries"))
    expect(inbox.get_by_role("heading", name=re.compile("Wachtrij werk"))).to_be_visible()
    inbox.evaluate("() => { window.zelfdePagina = true; }")  # gone if the page reloads

    # The client asks, then wants a person: the widget shows the summary and asks for consent.
    ask(widget, "Wat is een tegenprestatie?")
    chat_log = widget.get_by_role("log")
    expect(chat_log.get_by_text(SOURCE)).to_be_visible(timeout=30_000)
    ask(widget, "Ik wil een mens spreken")
    expect(chat_log.get_by_text("Dit geef ik door aan de gemeente:")).to_be_visible(timeout=30_000)
    expect(chat_log.get_by_text("Je vraag: Wat is een tegenprestatie?")).to_be_visible()
    chat_log.get_by_role("button", name="Ja, stuur het door").last.click()
    expect(chat_log.get_by_text("Ik heb je vraag doorgegeven aan een klantmanager.")).to_be_visible(timeout=15_000)
    conv = conversation_id(stack.service, "web", conversation_of(widget))
    case = case_of(stack.service, conv)

    # The case appears in the open queue page by itself, announced in the live region.
    row = inbox.locator(f"#zaak-{case.id}")
    expect(row).to_be_visible(timeout=20_000)
    expect(inbox.locator("#meldingen")).to_have_text(f"Nieuwe zaak: zaak {case.id}", timeout=5_000)
    assert inbox.evaluate("() => window.zelfdePagina === true")

    row.get_by_role("button", name=f"Oppakken zaak {case.id}").click()
    expect(inbox.get_by_role("heading", name=f"Zaak {case.id}: tegenprestatie")).to_be_visible()
    expect(inbox.get_by_text("Je hebt de zaak opgepakt.")).to_be_visible()
    dossier = inbox.locator("section", has=inbox.get_by_role("heading", name="Overdrachtsdossier"))
    expect(dossier).to_contain_text("Wat is een tegenprestatie?")
    expect(dossier).to_contain_text("TP-01")
    expect(chat_log.get_by_text("Een medewerker heeft je vraag nu gepakt.")).to_be_visible(timeout=15_000)
    assert mode_of(stack.service, conv) == "human"

    field = inbox.get_by_label(re.compile("Antwoord aan de cliënt"))
    field.fill("Ik bel je morgen om 10 uur.")
    inbox.get_by_role("button", name="Verstuur antwoord").click()
    expect(inbox.get_by_text("Je antwoord is verstuurd.")).to_be_visible()
    expect(chat_log.locator("li.klantmanager")).to_contain_text(
        "Klantmanager: Ik bel je morgen om 10 uur.", timeout=15_000
    )
    if SCREENSHOT:
        inbox.screenshot(path=SCREENSHOT, full_page=True)

    # The client's answer reaches the open case page without a reload, and the bot stays quiet.
    inbox.evaluate("() => { window.zelfdePagina = true; }")
    ask(widget, "Dank je, dat is goed.")
    since = inbox.locator("#berichten")
    expect(since).to_contain_text("Dank je, dat is goed.", timeout=20_000)
    expect(inbox.locator("#meldingen")).to_have_text("Nieuw bericht van de cliënt")
    assert inbox.evaluate("() => window.zelfdePagina === true")
    widget.wait_for_timeout(1_500)  # time the bot would have needed to answer
    expect(chat_log.locator("li").last).to_have_text("Jij: Dank je, dat is goed.")

    inbox.get_by_role("button", name="Terug naar de assistent").click()
    expect(inbox.get_by_text("De zaak is teruggegeven.")).to_be_visible()
    expect(chat_log.get_by_text("Je praat nu weer met Bijstandswijzer")).to_be_visible(timeout=15_000)
    ask(widget, "Wat is een tegenprestatie?")
    expect(chat_log.get_by_text(SOURCE)).to_have_count(2, timeout=30_000)


def test_urgent_cases_come_first_and_the_inbox_pages_pass_axe(axe_inbox: Page, stack: Stack) -> None:
    inbox = axe_inbox
    with httpx.Client(base_url=stack.service.url, timeout=60) as client:
        calm = new()
        chat(client, calm, "rekenhulp")
        chat(client, calm, "Ik wil een mens spreken")
        chat(client, calm, SEND)
        urgent = new()
        chat(client, urgent, "ik kan de huur niet betalen")
        chat(client, urgent, "Ik wil een klantmanager spreken")
        chat(client, urgent, SEND)
        arabic = new()
        chat(client, arabic, "Wat is een tegenprestatie?", language="ar")  # TP-01, shown in Arabic
        chat(client, arabic, ARABIC, language="ar")
        chat(client, arabic, "Ik wil een klantmanager spreken", language="ar")
        chat(client, arabic, SEND, language="ar")
    calm_id = case_of(stack.service, conversation_id(stack.service, "web", calm)).id
    urgent_id = case_of(stack.service, conversation_id(stack.service, "web", urgent)).id

    inbox.goto(stack.service.url + "/inbox/login")
    assert axe_violations(inbox) == []
    log_in(inbox, stack, add_user(stack.service, "teamleider", "inkomen"))
    expect(inbox.get_by_role("heading", name=re.compile("Wachtrij inkomen"))).to_be_visible()
    ids = [i for i in inbox.locator("#wachtrij tbody tr").evaluate_all("rows => rows.map(r => r.id)")]
    assert ids.index(f"zaak-{urgent_id}") < ids.index(f"zaak-{calm_id}")
    expect(inbox.locator(f"#zaak-{urgent_id}")).to_contain_text("Spoed")
    assert axe_violations(inbox) == []
    inbox.get_by_role("link", name=f"Zaak {urgent_id}", exact=True).click()
    expect(inbox.get_by_role("heading", name=re.compile(f"Zaak {urgent_id}"))).to_be_visible()
    expect(inbox.get_by_text("Identiteit niet geverifieerd")).to_be_visible()
    assert axe_violations(inbox) == []
    inbox.get_by_role("link", name="Logboek").click()
    expect(inbox.get_by_role("heading", name=re.compile("Logboek"))).to_be_visible()
    assert axe_violations(inbox) == []

    # An Arabic conversation (team werk): right-to-left, with its language, and the Dutch card text beside it.
    inbox.get_by_role("button", name="Uitloggen").click()
    log_in(inbox, stack, add_user(stack.service, "klantmanager", "werk"))
    arabic_id = case_of(stack.service, conversation_id(stack.service, "web", arabic)).id
    inbox.goto(f"{stack.service.url}/inbox/zaak/{arabic_id}")
    item = inbox.locator(".berichten li.client").filter(has_text=ARABIC).first
    message = item.locator("p.tekst")
    expect(message).to_have_attribute("dir", "auto")
    expect(message).to_have_attribute("lang", "ar")
    assert message.evaluate("el => getComputedStyle(el).direction") == "rtl"
    expect(item).to_contain_text("Arabisch")
    original = inbox.locator(".berichten li.bot details").first
    expect(original).to_contain_text("Nederlandse tekst (origineel)")
    original.locator("summary").click()
    expect(original.locator("p[lang=nl]")).to_contain_text("Bron: artikel 9 lid 1 onderdeel c Participatiewet")
    assert axe_violations(inbox) == []
    inbox.set_viewport_size({"width": 320, "height": 640})  # 400 % zoom: no horizontal scrolling
    assert inbox.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
