"""Server-rendered HTML of the inbox. Every value from the database or a request goes through :func:`e`."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.handoff.cases import OUTCOMES, CaseView, EventView, NoteView
from bot.handoff.flow import ADD_LINE, ONLY_CONTACT, SEND, STOP
from bot.handoff.inbox.auth import LoggedIn, User
from bot.handoff.summary import FACT_SLOTS, REASONS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TALEN = {
    "nl": "Nederlands",
    "en": "Engels",
    "tr": "Turks",
    "ar": "Arabisch",
    "pl": "Pools",
    "uk": "Oekraïens",
    "de": "Duits",
    "fr": "Frans",
    "es": "Spaans",
}
TEAMS = {"werk": "werk (klantmanagers)", "inkomen": "inkomen (inkomensconsulenten)"}
KANALEN = {"web": "chatvenster", "telegram": "Telegram", "whatsapp": "WhatsApp", "api": "API"}
STATUS = {
    "wachtend": "Wachtend",
    "in_behandeling": "In behandeling",
    "gesloten": "Gesloten",
    "teruggegeven": "Terug naar de assistent",
    "concept": "Cliënt beslist nog",
    "regel": "Cliënt beslist nog",
    "ingetrokken": "Ingetrokken door de cliënt",
}
AFZENDER = {"client": "Cliënt", "bot": "Assistent", "klantmanager": "Medewerker", "system": "Melding"}
REDENEN = {
    "gevraagd": "cliënt vraagt om een mens",
    "crisis": "crisis of nood",
    "geen_geld": "geen geld (voor eten, huur of energie)",
    "maatregel_opgelegd": "bijstand verlaagd (maatregel)",
    "persoonlijke_beoordeling": "situatie vraagt een persoonlijke beoordeling",
    "onzeker": "assistent kon de vraag twee keer niet beantwoorden",
}
FEITEN = {
    "huishouden": "Huishouden",
    "inkomen_bedrag": "Inkomen (bedrag)",
    "inkomen_frequentie": "Inkomen (hoe vaak)",
    "kind_onder_12": "Kind jonger dan 12",
    "leeftijdsgroep": "Leeftijdsgroep",
    "eerste_betaling": "Eerste betaling",
    "ont_kind": "Leeftijd jongste kind",
    "ont_gezondheid": "Gezondheid speelt mee (geen diagnose)",
    "ont_zorg": "Zorgt voor iemand",
    "ont_andere": "Andere reden",
}
ACTIES = {
    "aangemaakt": "overdracht voorbereid",
    "regel_gevraagd": "cliënt wil iets toevoegen",
    "regel_toegevoegd": "cliënt voegde iets toe",
    "geopend": "in de wachtrij gezet",
    "ingetrokken": "ingetrokken door de cliënt",
    "bekeken": "zaak bekeken",
    "geclaimd": "opgepakt",
    "antwoord": "antwoord verstuurd",
    "notitie": "notitie toegevoegd",
    "gesloten": "gesloten",
    "teruggegeven": "teruggegeven aan de assistent",
    "bericht_client": "bericht van de cliënt",
}
MELDINGEN = {
    "geclaimd": "Je hebt de zaak opgepakt.",
    "al_geclaimd": "Iemand anders heeft deze zaak al opgepakt.",
    "verstuurd": "Je antwoord is verstuurd.",
    "notitie": "De notitie is opgeslagen.",
    "gesloten": "De zaak is gesloten. De cliënt praat weer met de assistent.",
    "teruggegeven": "De zaak is teruggegeven. De cliënt praat weer met de assistent.",
    "eerst_claimen": "Pak de zaak eerst op.",
    "leeg": "Schrijf eerst een tekst.",
    "niet_bezorgd": "Het antwoord kon niet worden bezorgd. Probeer het opnieuw.",
}
assert set(FEITEN) == set(FACT_SLOTS) and set(REDENEN) == set(REASONS)


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    shown = format_datetime(value, "d MMMM HH:mm", tzinfo=AMSTERDAM, locale="nl")
    return f'<time datetime="{e(value.isoformat())}">{e(shown)}</time>'


def duration(delta: dt.timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} u {minutes % 60} min"
    return f"{minutes // (24 * 60)} d {minutes % (24 * 60) // 60} u"


def lang_attr(code: str | None) -> str:
    return f' lang="{e(code)}"' if code in TALEN else ""


def taal(code: str | None) -> str:
    return TALEN.get(code or "", code or "onbekend")


def csrf_field(login: LoggedIn) -> str:
    return f'<input type="hidden" name="csrf" value="{e(login.csrf)}">'


def layout(title: str, body: str, login: LoggedIn | None = None, *, stream: str = "") -> str:
    nav = ""
    if login is not None:
        u = login.user
        links = []
        if u.team:
            links.append(f'<li><a href="/inbox/wachtrij/{e(u.team)}">Wachtrij {e(u.team)}</a></li>')
        if u.may_audit:
            links.append('<li><a href="/inbox/audit">Logboek</a></li>')
        if u.role == "beheerder":
            links.append('<li><a href="/inbox/gebruikers">Gebruikers</a></li>')
        nav = (
            '<header class="kop"><nav aria-label="Inbox"><ul>'
            + "".join(links)
            + f"</ul></nav><p>Ingelogd als {e(u.display_name)} ({e(u.role)}"
            + (f", team {e(u.team)}" if u.team else "")
            + ')</p><form method="post" action="/inbox/logout">'
            + csrf_field(login)
            + '<button type="submit">Uitloggen</button></form></header>'
        )
    data = f' data-stream="{e(stream)}"' if stream else ""
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} - Inbox Bijstandswijzer</title>"
        '<link rel="stylesheet" href="/inbox/inbox.css"><script src="/inbox/inbox.js" defer></script></head>'
        f'<body{data}><a class="skip" href="#inhoud">Naar de inhoud</a>{nav}'
        f'<main id="inhoud" tabindex="-1">{body}</main></body></html>'
    )


def notice(key: str | None) -> str:
    text = MELDINGEN.get(key or "")
    return f'<p class="melding" role="status">{e(text)}</p>' if text else ""


def login_page(csrf: str, *, failed: bool = False, next_url: str = "") -> str:
    error = (
        '<p class="fout" role="alert" id="login-fout">De gebruikersnaam of het wachtwoord klopt niet.</p>'
        if failed
        else ""
    )
    described = ' aria-describedby="login-fout"' if failed else ""
    body = (
        "<h1>Inloggen in de inbox</h1>"
        + error
        + '<form method="post" action="/inbox/login" class="formulier">'
        + f'<input type="hidden" name="csrf" value="{e(csrf)}">'
        + f'<input type="hidden" name="volgende" value="{e(next_url)}">'
        + '<label for="gebruiker">Gebruikersnaam</label>'
        + f'<input id="gebruiker" name="gebruiker" autocomplete="username" required{described}>'
        + '<label for="wachtwoord">Wachtwoord</label>'
        + '<input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" '
        + f"required{described}>"
        + '<button type="submit">Inloggen</button></form>'
    )
    return layout("Inloggen", body)


def error_page(title: str, text: str, login: LoggedIn | None = None) -> str:
    return layout(title, f"<h1>{e(title)}</h1><p>{e(text)}</p>", login)


# --- the queue ----------------------------------------------------------------------------------------------
def case_row(case: CaseView, login: LoggedIn, now: dt.datetime) -> str:
    topic = case.summary.get("topic") or ("(geen toestemming)" if case.consent == "nee" else "onbekend")
    status = STATUS.get(case.status, case.status)
    if case.claimed_by:
        status += f" ({e(case.claimed_by)})"
    action = ""
    if case.status == "wachtend":
        action = (
            f'<form method="post" action="/inbox/zaak/{case.id}/claim">{csrf_field(login)}'
            f'<button type="submit">Oppakken<span class="sr"> zaak {case.id}</span></button></form>'
        )
    spoed = '<strong class="spoed-label">Spoed</strong>' if case.urgent else '<span class="sr">Geen spoed</span>'
    lang = case.summary.get("language") or case.language
    return (
        f'<tr id="zaak-{case.id}" data-urgent="{int(case.urgent)}"{" class=spoed" if case.urgent else ""}>'
        f"<td>{spoed}</td>"
        f'<td><a href="/inbox/zaak/{case.id}">Zaak {case.id}</a></td>'
        f"<td>{e(topic)}</td><td>{e(taal(lang))}</td><td>{e(KANALEN.get(case.channel, case.channel))}</td>"
        f"<td>{duration(case.waiting(now))} <span class=klein>(sinds {when(case.opened_at)})</span></td>"
        f"<td>{status}</td><td>{action}</td></tr>"
    )


def queue_page(team: str, cases: list[CaseView], login: LoggedIn, now: dt.datetime, melding: str | None) -> str:
    rows = "".join(case_row(c, login, now) for c in cases)
    body = (
        f"<h1>Wachtrij {e(TEAMS.get(team, team))}</h1>"
        + notice(melding)
        + "<p>Spoed staat bovenaan, daarna wie het langst wacht. Nieuwe zaken verschijnen vanzelf.</p>"
        + '<div id="meldingen" class="live" role="status" aria-live="polite"></div>'
        + '<div class="tabel" role="region" aria-label="Open zaken" tabindex="0">'
        + f'<table id="wachtrij" data-team="{e(team)}"><caption>Open zaken van team {e(team)}</caption>'
        + "<thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Spoed", "Zaak", "Onderwerp", "Taal", "Kanaal", "Wacht", "Status", "Actie")
        )
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
        + f'<p id="leeg"{" hidden" if cases else ""}>Er zijn nu geen open zaken.</p>'
    )
    return layout(f"Wachtrij {team}", body, login, stream=f"/inbox/stream?team={team}")


# --- one case -----------------------------------------------------------------------------------------------
def _dl(items: Iterable[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def dossier(case: CaseView) -> str:
    s = case.summary
    if case.consent != "ja":
        return (
            "<p>De cliënt gaf <strong>geen toestemming</strong> om het gesprek door te geven. "
            "Je krijgt alleen dit:</p>"
            + _dl([("Verzoek", e(s.get("verzoek", "Cliënt vraagt om contact"))), ("Kanaal", e(s.get("kanaal")))])
        )
    facts = s.get("facts") or {}
    said = s.get("said") or []
    items = [
        (
            "Vraag van de cliënt",
            f'<span dir="auto"{lang_attr(s.get("language"))}>{e(s.get("question") or "onbekend")}</span>',
        ),
        ("Onderwerp", e(s.get("topic") or "onbekend")),
        ("Gemeente", e(s.get("gemeente_naam") or s.get("gemeente") or "onbekend")),
        ("Reden en code", f"{e(REDENEN.get(str(s.get('reason')), s.get('reason')))} ({e(s.get('trigger'))})"),
        ("Taal", e(taal(s.get("language")))),
        ("Kanaal", e(KANALEN.get(str(s.get("channel")), s.get("channel")))),
    ]
    if s.get("intent"):
        conf = s.get("confidence")
        items.append(("Herkende vraag", e(s["intent"]) + (f" ({float(conf):.0%} zeker)" if conf is not None else "")))
    items.append(
        (
            "Wat de cliënt vertelde",
            "<ul>" + "".join(f"<li>{e(FEITEN.get(k, k))}: {e(v)}</li>" for k, v in facts.items()) + "</ul>"
            if facts
            else "niets (onbekend)",
        )
    )
    items.append(
        (
            "Wat de assistent al uitlegde",
            "<ul>"
            + "".join(
                f"<li>{e(x.get('titel'))} ({e(x.get('card'))})"
                + (
                    f"<br><span class=klein>Bronnen: {e(', '.join(x.get('citations') or []))}</span>"
                    if x.get("citations")
                    else ""
                )
                + "</li>"
                for x in said
            )
            + "</ul>"
            if said
            else "nog geen antwoordkaart",
        )
    )
    if s.get("extra_line"):
        items.append(("Toegevoegd door de cliënt", f'<span dir="auto">{e(s["extra_line"])}</span>'))
    return _dl(items)


#: The consent buttons' payloads as staff should read them in a transcript.
KNOPPEN = {
    SEND: "[knop] Ja, stuur het door",
    ADD_LINE: "[knop] Ik wil iets toevoegen",
    ONLY_CONTACT: "[knop] Nee, stuur alleen dat ik contact wil",
    STOP: "[knop] Stop, ik wil geen contact",
}


def message_item(m: dict[str, Any], dutch: str | None = None) -> str:
    who = str(m.get("from") or "")
    m = {**m, "text": KNOPPEN.get(str(m.get("text")), m.get("text"))}
    lang = m.get("language")
    card = f" · kaart {e(m['card'])}" if m.get("card") else ""
    original = (
        f'<details><summary>Nederlandse tekst (origineel)</summary><p lang="nl" dir="ltr">{e(dutch)}</p></details>'
        if dutch
        else ""
    )
    at = m.get("at")
    stamp = (
        when(dt.datetime.fromisoformat(at)) if isinstance(at, str) else when(at) if isinstance(at, dt.datetime) else ""
    )
    return (
        f'<li class="{e(who)}"><p class="wie"><strong>{e(AFZENDER.get(who, who))}</strong> · '
        f"{e(taal(lang))}{card} · {stamp}</p>"
        f'<p class="tekst" dir="auto"{lang_attr(lang)}>{e(m.get("text"))}</p>{original}</li>'
    )


def messages_list(items: list[tuple[dict[str, Any], str | None]]) -> str:
    return "".join(message_item(m, d) for m, d in items) or "<li>Nog geen berichten.</li>"


def case_page(
    case: CaseView,
    login: LoggedIn,
    *,
    now: dt.datetime,
    transcript: list[tuple[dict[str, Any], str | None]],
    since: list[tuple[dict[str, Any], str | None]],
    notes: list[NoteView],
    events: list[EventView],
    may_act: bool,
    melding: str | None,
) -> str:
    s = case.summary
    title = f"Zaak {case.id}" + (f": {s['topic']}" if s.get("topic") else "")
    facts = _dl(
        [
            (
                "Status",
                e(STATUS.get(case.status, case.status)) + (f" ({e(case.claimed_by)})" if case.claimed_by else ""),
            ),
            ("Team", e(TEAMS.get(case.queue, case.queue))),
            ("Spoed", "<strong>ja</strong>" if case.urgent else "nee"),
            ("Wacht sinds", f"{when(case.opened_at)} ({duration(case.waiting(now))})"),
            ("Kanaal", e(KANALEN.get(case.channel, case.channel))),
            (
                "Toestemming",
                "ja: samenvatting en gesprek" if case.consent == "ja" else "nee: alleen het verzoek om contact",
            ),
        ]
    )
    parts = [
        f"<h1>{e(title)}</h1>",
        notice(melding),
        '<p class="let-op">Identiteit niet geverifieerd: dit is een chatgesprek, geen ingelogde cliënt.</p>',
        facts,
        '<section aria-labelledby="h-dossier"><h2 id="h-dossier">Overdrachtsdossier</h2>'
        + dossier(case)
        + "</section>",
    ]
    if case.transcript is not None:
        parts.append(
            '<section aria-labelledby="h-gesprek"><h2 id="h-gesprek">Gesprek tot de overdracht</h2>'
            f'<ol class="berichten">{messages_list(transcript)}</ol></section>'
        )
    parts.append(
        '<section aria-labelledby="h-sinds"><h2 id="h-sinds">Berichten sinds de overdracht</h2>'
        '<div id="meldingen" class="live" role="status" aria-live="polite"></div>'
        f'<ol class="berichten" id="berichten" data-zaak="{case.id}">{messages_list(since)}</ol></section>'
    )
    open_case = case.status in ("wachtend", "in_behandeling")
    if open_case:
        forms = []
        if case.status == "wachtend":
            forms.append(
                f'<form method="post" action="/inbox/zaak/{case.id}/claim">{csrf_field(login)}'
                '<button type="submit">Oppakken</button></form>'
            )
        if may_act and case.status == "in_behandeling":
            forms.append(
                f'<form method="post" action="/inbox/zaak/{case.id}/antwoord" class="formulier">{csrf_field(login)}'
                '<label for="antwoord">Antwoord aan de cliënt '
                f"(komt aan via {e(KANALEN.get(case.channel, case.channel))})</label>"
                '<textarea id="antwoord" name="tekst" rows="4" required dir="auto"></textarea>'
                '<button type="submit">Verstuur antwoord</button></form>'
            )
        if may_act:
            options = "".join(f'<option value="{e(k)}">{e(v)}</option>' for k, v in OUTCOMES.items())
            forms.append(
                f'<form method="post" action="/inbox/zaak/{case.id}/sluiten" class="formulier">{csrf_field(login)}'
                f'<label for="uitkomst">Uitkomst</label><select id="uitkomst" name="uitkomst">{options}</select>'
                '<button type="submit">Zaak sluiten</button></form>'
            )
            forms.append(
                f'<form method="post" action="/inbox/zaak/{case.id}/teruggeven">{csrf_field(login)}'
                '<button type="submit">Terug naar de assistent</button></form>'
            )
        parts.append(
            '<section aria-labelledby="h-acties"><h2 id="h-acties">Acties</h2>' + "".join(forms) + "</section>"
        )
    note_items = "".join(
        f'<li><p class="wie"><strong>{e(n.author)}</strong> · {when(n.created_at)}</p>'
        f'<p dir="auto">{e(n.text)}</p></li>'
        for n in notes
    )
    parts.append(
        '<section aria-labelledby="h-notities"><h2 id="h-notities">Interne notities</h2>'
        f'<ul class="notities">{note_items or "<li>Nog geen notities.</li>"}</ul>'
        + (
            f'<form method="post" action="/inbox/zaak/{case.id}/notitie" class="formulier">{csrf_field(login)}'
            '<label for="notitie">Interne notitie (de cliënt ziet dit niet)</label>'
            '<textarea id="notitie" name="tekst" rows="3" required dir="auto"></textarea>'
            '<button type="submit">Notitie opslaan</button></form>'
            if open_case
            else ""
        )
        + "</section>"
    )
    parts.append(
        '<section aria-labelledby="h-logboek"><h2 id="h-logboek">Logboek van deze zaak</h2>'
        + audit_table(events)
        + "</section>"
    )
    return layout(title, "".join(parts), login, stream=f"/inbox/stream?zaak={case.id}")


def audit_table(events: list[EventView], *, with_case: bool = False) -> str:
    head = ["Tijd", *(["Zaak", "Team"] if with_case else []), "Wie", "Wat", "Details"]
    rows = "".join(
        "<tr>"
        + f"<td>{when(ev.created_at)}</td>"
        + (
            f'<td><a href="/inbox/zaak/{ev.case_id}">Zaak {ev.case_id}</a></td><td>{e(ev.queue)}</td>'
            if with_case
            else ""
        )
        + f"<td>{e(ev.actor)}</td><td>{e(ACTIES.get(ev.action, ev.action))}</td>"
        + f"<td><code>{e(json.dumps(ev.detail, ensure_ascii=False)) if ev.detail else ''}</code></td></tr>"
        for ev in events
    )
    return (
        '<div class="tabel" role="region" aria-label="Logboek" tabindex="0">'
        '<table class="logboek"><caption class="sr">Wie deed wat, wanneer</caption><thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def audit_page(events: list[EventView], login: LoggedIn, scope: str) -> str:
    body = (
        f"<h1>Logboek ({e(scope)})</h1><p>De nieuwste handelingen eerst. Niets hiervan wordt door de inbox gewist.</p>"
    )
    return layout("Logboek", body + audit_table(events, with_case=True), login)


def users_page(users: list[User], login: LoggedIn) -> str:
    rows = "".join(
        f"<tr><td>{e(u.username)}</td><td>{e(u.display_name)}</td><td>{e(u.role)}</td><td>{e(u.team or '-')}</td></tr>"
        for u in users
    )
    body = (
        "<h1>Gebruikers</h1><p>Nieuwe gebruikers maak je met <code>bijstand inbox add-user</code>.</p>"
        '<div class="tabel" role="region" aria-label="Gebruikers" tabindex="0">'
        '<table><caption class="sr">Gebruikers van de inbox</caption><thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in ("Gebruikersnaam", "Naam", "Rol", "Team"))
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return layout("Gebruikers", body, login)
