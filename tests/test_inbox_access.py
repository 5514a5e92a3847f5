"""Inbox access: login, sessions with expiry, CSRF on every POST, roles and teams per route, the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select, update

from bot.cli import main as cli
from bot.handoff.flow import SEND
from bot.store.models import CaseEvent, InboxSession, InboxUser
from tests.conftest import Stack
from tests.inbox_util import PASSWORD, Inbox, actions, add_user, case_of, cases, chat, conversation_id, new

#: Every inbox route with a case or team in it: (method, path template).
GET_PAGES = ["/inbox/", "/inbox/wachtrij/{team}", "/inbox/zaak/{case}", "/inbox/audit", "/inbox/gebruikers"]
GET_DATA = ["/inbox/zaak/{case}/rij", "/inbox/zaak/{case}/berichten", "/inbox/stream?team={team}"]
POSTS = [
    "/inbox/logout",
    "/inbox/zaak/{case}/claim",
    "/inbox/zaak/{case}/antwoord",
    "/inbox/zaak/{case}/notitie",
    "/inbox/zaak/{case}/sluiten",
    "/inbox/zaak/{case}/teruggeven",
]
CASE_ROUTES = [
    ("GET", "/inbox/wachtrij/{team}"),
    ("GET", "/inbox/zaak/{case}"),
    ("GET", "/inbox/zaak/{case}/rij"),
    ("GET", "/inbox/zaak/{case}/berichten"),
    ("GET", "/inbox/stream?team={team}"),
    ("GET", "/inbox/stream?zaak={case}"),
    ("POST", "/inbox/zaak/{case}/claim"),
    ("POST", "/inbox/zaak/{case}/antwoord"),
    ("POST", "/inbox/zaak/{case}/notitie"),
    ("POST", "/inbox/zaak/{case}/sluiten"),
    ("POST", "/inbox/zaak/{case}/teruggeven"),
]


@dataclass
class World:
    werk_case: int
    inkomen_case: int
    users: dict[str, str]


def open_case(client: httpx.Client, stack: Stack, first: str) -> int:
    conv = new()
    chat(client, conv, first)
    chat(client, conv, "Ik wil een mens spreken")
    chat(client, conv, SEND)
    return case_of(stack.service, conversation_id(stack.service, "web", conv)).id


@pytest.fixture(scope="module")
def world(stack: Stack) -> Iterator[World]:
    with httpx.Client(base_url=stack.service.url, timeout=60) as client:
        werk = open_case(client, stack, "Wat is een tegenprestatie?")
        inkomen = open_case(client, stack, "rekenhulp")
    users = {
        "km_werk": add_user(stack.service, "klantmanager", "werk"),
        "km_inkomen": add_user(stack.service, "klantmanager", "inkomen"),
        "tl_werk": add_user(stack.service, "teamleider", "werk"),
        "beheerder": add_user(stack.service, "beheerder"),
    }
    assert cases(stack.service).get(inkomen).queue == "inkomen"  # type: ignore[union-attr]
    yield World(werk, inkomen, users)


def logged_in(stack: Stack, username: str) -> Inbox:
    inbox = Inbox(stack.service)
    assert inbox.login(username).status_code == 303
    return inbox


def fill(path: str, world: World, team: str = "werk") -> str:
    return path.format(case=world.werk_case if team == "werk" else world.inkomen_case, team=team)


def test_without_a_session_every_route_is_refused(stack: Stack, world: World) -> None:
    with httpx.Client(base_url=stack.service.url, timeout=10) as anon:
        for path in GET_PAGES:
            r = anon.get(fill(path, world))
            assert r.status_code == 303 and r.headers["location"].startswith("/inbox/login"), path
            assert "Zaak" not in r.text
        for path in GET_DATA:
            assert anon.get(fill(path, world)).status_code == 401, path
        for path in POSTS:
            assert anon.post(fill(path, world), data={"csrf": "x", "tekst": "hoi"}).status_code == 401, path
        assert anon.get("/inbox/login").status_code == 200


def test_wrong_password_and_unknown_user_get_no_session(stack: Stack, world: World) -> None:
    inbox = Inbox(stack.service)
    try:
        assert inbox.login(world.users["km_werk"], "wrong password!!").status_code == 401
        assert inbox.login("niemand", PASSWORD).status_code == 401
        assert "bw_inbox" not in inbox.http.cookies
        assert inbox.http.get("/inbox/wachtrij/werk").status_code == 303
    finally:
        inbox.close()


def test_login_needs_its_csrf_cookie(stack: Stack, world: World) -> None:
    with httpx.Client(base_url=stack.service.url, timeout=10) as c:
        r = c.post("/inbox/login", data={"csrf": "forged", "gebruiker": world.users["km_werk"], "wachtwoord": PASSWORD})
        assert r.status_code == 403 and "bw_inbox" not in c.cookies


def test_every_post_needs_the_sessions_csrf_token_and_our_origin(stack: Stack, world: World) -> None:
    inbox = logged_in(stack, world.users["km_werk"])
    try:
        for path in POSTS:
            url = fill(path, world)
            assert inbox.http.post(url, data={"tekst": "hoi", "uitkomst": "beantwoord"}).status_code == 403, url
            r = inbox.http.post(url, data={"csrf": "not-the-token", "tekst": "hoi", "uitkomst": "beantwoord"})
            assert r.status_code == 403, url
        foreign = inbox.http.post(
            fill("/inbox/zaak/{case}/claim", world),
            data={"csrf": inbox.csrf},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert foreign.status_code == 403
        case = cases(stack.service).get(world.werk_case)
        assert case is not None and case.status == "wachtend" and case.claimed_by is None
        assert inbox.http.get("/inbox/wachtrij/werk").status_code == 200  # still logged in: nothing happened
    finally:
        inbox.close()


def test_roles_and_teams_are_checked_per_route(stack: Stack, world: World) -> None:
    beheerder = logged_in(stack, world.users["beheerder"])
    other_team = logged_in(stack, world.users["km_inkomen"])
    km = logged_in(stack, world.users["km_werk"])
    tl = logged_in(stack, world.users["tl_werk"])
    try:
        for method, path in CASE_ROUTES:
            url = fill(path, world)
            for who in (beheerder, other_team):
                r = who.http.request(method, url, data={"csrf": who.csrf} if method == "POST" else None)
                assert r.status_code == 403, (method, url)
                assert "Wat is een tegenprestatie" not in r.text
        assert km.http.get("/inbox/audit").status_code == 403
        assert km.http.get("/inbox/gebruikers").status_code == 403
        assert tl.http.get("/inbox/gebruikers").status_code == 403
        assert other_team.http.get("/inbox/wachtrij/werk").status_code == 403
        assert km.http.get("/inbox/wachtrij/onbekend").status_code == 403
        assert km.http.get(fill("/inbox/zaak/{case}", world)).status_code == 200
        assert tl.http.get("/inbox/audit").status_code == 200
        audit = beheerder.http.get("/inbox/audit")
        assert audit.status_code == 200 and "alle teams" in audit.text
        users = beheerder.http.get("/inbox/gebruikers")
        assert users.status_code == 200 and world.users["km_werk"] in users.text and "argon2" not in users.text
        # The queue page of a team member lists that team's open case.
        assert f"Zaak {world.werk_case}" in km.http.get("/inbox/wachtrij/werk").text
    finally:
        for c in (beheerder, other_team, km, tl):
            c.close()


def test_only_the_claimer_or_the_teamleider_acts_and_every_action_is_audited(stack: Stack, world: World) -> None:
    km = logged_in(stack, world.users["km_werk"])
    colleague = logged_in(stack, add_user(stack.service, "klantmanager", "werk"))
    tl = logged_in(stack, world.users["tl_werk"])
    case_id = world.werk_case
    try:
        unclaimed = km.post(f"/inbox/zaak/{case_id}/antwoord", tekst="Hallo")
        assert unclaimed.status_code == 303 and "eerst_claimen" in unclaimed.headers["location"]
        assert km.post(f"/inbox/zaak/{case_id}/claim").status_code == 303
        again = colleague.post(f"/inbox/zaak/{case_id}/claim")
        assert "al_geclaimd" in again.headers["location"]
        assert colleague.post(f"/inbox/zaak/{case_id}/antwoord", tekst="Ik doe het wel").status_code == 403
        assert colleague.post(f"/inbox/zaak/{case_id}/teruggeven").status_code == 403
        assert colleague.post(f"/inbox/zaak/{case_id}/notitie", tekst="Ken ik, bel haar").status_code == 303
        assert km.post(f"/inbox/zaak/{case_id}/antwoord", tekst="Ik kijk ernaar.").status_code == 303
        assert km.post(f"/inbox/zaak/{case_id}/sluiten", uitkomst="onzin").status_code == 422
        assert tl.post(f"/inbox/zaak/{case_id}/teruggeven").status_code == 303  # the teamleider may
    finally:
        for c in (km, colleague, tl):
            c.close()
    trail = actions(stack.service, case_id)
    assert (world.users["km_werk"], "bekeken") in trail  # reading a case is recorded too
    staff = [(a, w) for a, w in trail if a not in ("client", "systeem") and w != "bekeken"]
    assert staff == [
        (world.users["km_werk"], "geclaimd"),
        (staff[1][0], "notitie"),
        (world.users["km_werk"], "antwoord"),
        (world.users["tl_werk"], "teruggegeven"),
    ]
    case = cases(stack.service).get(case_id)
    assert case is not None and case.status == "teruggegeven" and case.closed_at is not None
    # The inbox deletes nothing: there is no route for it, and the trail is still complete afterwards.
    with httpx.Client(base_url=stack.service.url) as c:
        assert c.delete(f"/inbox/zaak/{case_id}").status_code == 405
    with cases(stack.service).store.session() as s:
        count = s.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id))
    assert count == len(trail)


def test_a_session_expires_and_logout_ends_it(stack: Stack, world: World) -> None:
    username = add_user(stack.service, "klantmanager", "werk")
    inbox = logged_in(stack, username)
    try:
        assert inbox.http.get("/inbox/wachtrij/werk").status_code == 200
        store = cases(stack.service).store
        with store.session() as s:  # the clock moves past the expiry of this user's sessions
            user_id = s.scalars(select(InboxUser.id).where(InboxUser.username == username)).one()
            past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
            s.execute(update(InboxSession).where(InboxSession.user_id == user_id).values(expires_at=past))
            s.commit()
        assert inbox.http.get("/inbox/wachtrij/werk").status_code == 303
        assert inbox.http.get("/inbox/stream?team=werk").status_code == 401
    finally:
        inbox.close()
    fresh = logged_in(stack, username)
    try:
        token = fresh.http.cookies["bw_inbox"]
        assert fresh.post("/inbox/logout").status_code == 303
        fresh.http.cookies.set("bw_inbox", token, path="/inbox")  # the old cookie, replayed after logout
        assert fresh.http.get("/inbox/wachtrij/werk").status_code == 303
    finally:
        fresh.close()


def test_add_user_refuses_bad_input(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import os
    import sys

    os.environ["DATABASE_URL"] = stack.service.settings.resolved_database_url()
    old = sys.stdin
    try:
        sys.stdin = io.StringIO("short\n")
        assert cli(["inbox", "add-user", "kort", "--role", "klantmanager", "--team", "werk", "--password-stdin"]) == 1
        sys.stdin = io.StringIO(PASSWORD + "\n")
        assert cli(["inbox", "add-user", "zonderteam", "--role", "klantmanager", "--password-stdin"]) == 1
    finally:
        sys.stdin = old
        del os.environ["DATABASE_URL"]
    err = capsys.readouterr().err
    assert "minstens 12 tekens" in err and "team" in err
