"""The inbox's routes under ``/inbox`` (server-rendered HTML, one small script, one event stream).

Access: no session → pages redirect to the login (303), everything else is 401. A POST needs the session's
CSRF token (else 403) and may not come from another site (``Origin`` / ``Sec-Fetch-Site``). Roles and teams
are checked per route (see bot/handoff/inbox/auth.py); refusals are 403 without any case content.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
import os
import secrets
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse

from bot.handoff.cases import OUTCOMES, QUEUES, CaseStore, CaseView
from bot.handoff.inbox import pages
from bot.handoff.inbox.auth import COOKIE, LOGIN_CSRF_COOKIE, Accounts, LoggedIn
from bot.handoff.inbox.backend import InboxBackend, NotAllowed
from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.render import RenderError, render_card
from bot.store.models import utcnow

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
MAX_TEXT = 4000
#: Case events the queue page follows live.
QUEUE_ACTIONS = {"geopend", "geclaimd", "gesloten", "teruggegeven"}
#: Case events the case page follows live.
CASE_ACTIONS = {"bericht_client", "antwoord", "geclaimd", "notitie", "gesloten", "teruggegeven"}


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers={"Cache-Control": "no-store"})


def inbox_router(
    accounts: Accounts, cases: CaseStore, backend: InboxBackend, kennisbank: Kennisbank, *, keepalive: float = 15.0
) -> APIRouter:
    router = APIRouter(prefix="/inbox", include_in_schema=False)

    def secure(request: Request) -> bool:
        return request.url.scheme == "https" or os.environ.get("INBOX_COOKIE_SECURE") == "1"

    async def session_of(request: Request) -> LoggedIn | None:
        token = request.cookies.get(COOKIE, "")
        return await to_thread.run_sync(accounts.session, token) if token else None

    def same_site(request: Request) -> bool:
        """Not posted from another site (besides the CSRF token): browsers send Sec-Fetch-Site, and Origin
        unless the referrer policy is no-referrer (then Origin is "null" and says nothing)."""
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        return origin in (None, "null") or origin == f"{request.url.scheme}://{request.url.netloc}"

    async def page_login(request: Request) -> LoggedIn | Response:
        login = await session_of(request)
        if login is None:
            target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="")
            return RedirectResponse(f"/inbox/login?volgende={target}", status_code=303)
        return login

    async def api_login(request: Request) -> LoggedIn | Response:
        login = await session_of(request)
        if login is None:
            return Response("Niet ingelogd.", status_code=401, media_type="text/plain")
        return login

    async def post_login(request: Request) -> tuple[LoggedIn, dict[str, str]] | Response:
        """A logged-in POST with a valid CSRF token from this site; returns the form."""
        login = await session_of(request)
        if login is None:
            return Response("Niet ingelogd.", status_code=401, media_type="text/plain")
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        if not same_site(request) or not hmac.compare_digest(form.get("csrf", ""), login.csrf):
            return _html(
                pages.error_page("Geweigerd", "Het formulier is verlopen. Laad de pagina opnieuw.", login), 403
            )
        return login, form

    def forbidden(login: LoggedIn) -> HTMLResponse:
        return _html(pages.error_page("Geen toegang", "Deze pagina is niet voor jouw rol of team.", login), 403)

    async def case_for(login: LoggedIn, case_id: int) -> CaseView | Response:
        case = await to_thread.run_sync(cases.get, case_id)
        if case is None or case.status in ("concept", "regel", "ingetrokken"):
            return _html(pages.error_page("Niet gevonden", "Deze zaak bestaat niet.", login), 404)
        if not login.user.may_work_in(case.queue):
            return forbidden(login)
        return case

    def may_act(login: LoggedIn, case: CaseView) -> bool:
        """Reply, close, hand back: whoever claimed it, or the team's teamleider."""
        return login.user.role == "teamleider" or case.claimed_by == login.user.username

    # --- static ---------------------------------------------------------------------------------------------
    @router.get("/inbox.js")
    async def script() -> FileResponse:
        return FileResponse(STATIC / "inbox.js", media_type="text/javascript")

    @router.get("/inbox.css")
    async def style() -> FileResponse:
        return FileResponse(STATIC / "inbox.css", media_type="text/css")

    # --- login ----------------------------------------------------------------------------------------------
    @router.get("")
    @router.get("/")
    async def home(request: Request) -> Response:
        login = await page_login(request)
        if isinstance(login, Response):
            return login
        u = login.user
        target = f"/inbox/wachtrij/{u.team}" if u.team else "/inbox/audit"
        return RedirectResponse(target, status_code=303)

    def _login_form(request: Request, *, failed: bool = False, status: int = 200) -> Response:
        token = secrets.token_urlsafe(24)
        next_url = request.query_params.get("volgende", "")
        resp = _html(pages.login_page(token, failed=failed, next_url=next_url), status)
        resp.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/inbox", secure=secure(request)
        )
        return resp

    @router.get("/login")
    async def login_form(request: Request) -> Response:
        return _login_form(request)

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not same_site(request) or not cookie or not hmac.compare_digest(form.get("csrf", ""), cookie):
            return _html(pages.error_page("Geweigerd", "Het formulier is verlopen. Laad de pagina opnieuw."), 403)
        found = await to_thread.run_sync(accounts.login, form.get("gebruiker", ""), form.get("wachtwoord", ""))
        if found is None:
            log.info("inbox: failed login")
            return _login_form(request, failed=True, status=401)
        token, session = found
        target = form.get("volgende", "")
        if not target.startswith("/inbox") or target.startswith("//"):
            target = "/inbox/"
        resp = RedirectResponse(target, status_code=303)
        max_age = int((session.expires_at - utcnow()).total_seconds())
        resp.set_cookie(
            COOKIE, token, max_age=max_age, httponly=True, samesite="strict", path="/inbox", secure=secure(request)
        )
        resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/inbox")
        return resp

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        checked = await post_login(request)
        if isinstance(checked, Response):
            return checked
        await to_thread.run_sync(accounts.logout, request.cookies.get(COOKIE, ""))
        resp = RedirectResponse("/inbox/login", status_code=303)
        resp.delete_cookie(COOKIE, path="/inbox")
        return resp

    # --- queue ----------------------------------------------------------------------------------------------
    @router.get("/wachtrij/{team}")
    async def queue(team: str, request: Request) -> Response:
        login = await page_login(request)
        if isinstance(login, Response):
            return login
        if team not in QUEUES or not login.user.may_work_in(team):
            return forbidden(login)
        open_cases = await to_thread.run_sync(cases.queue, team)
        melding = request.query_params.get("melding")
        return _html(pages.queue_page(team, open_cases, login, utcnow(), melding))

    @router.get("/zaak/{case_id}/rij")
    async def row(case_id: int, request: Request) -> Response:
        login = await api_login(request)
        if isinstance(login, Response):
            return login
        case = await case_for(login, case_id)
        if isinstance(case, Response):
            return case
        return _html(pages.case_row(case, login, utcnow()))

    # --- one case -------------------------------------------------------------------------------------------
    def with_dutch(m: dict[str, Any], gemeente: str | None) -> tuple[dict[str, Any], str | None]:
        """A bot card shown in another language, with its Dutch text beside it (rendered for the same day)."""
        if m.get("from") != "bot" or not m.get("card") or m.get("language") in (None, "nl"):
            return m, None
        try:
            at = dt.datetime.fromisoformat(str(m["at"])).astimezone(pages.AMSTERDAM).date()
            return m, render_card(kennisbank, str(m["card"]), at, gemeente, "nl").tekst
        except (RenderError, KeyError, ValueError):
            return m, None

    async def since_items(case: CaseView) -> list[tuple[dict[str, Any], str | None]]:
        if case.opened_at is None:
            return []
        rows = await to_thread.run_sync(cases.messages_since, case.conversation_id, case.opened_at)
        from bot.handoff.summary import transcript

        return [(m, None) for m in transcript(rows)]

    @router.get("/zaak/{case_id}")
    async def case_page(case_id: int, request: Request) -> Response:
        login = await page_login(request)
        if isinstance(login, Response):
            return login
        case = await case_for(login, case_id)
        if isinstance(case, Response):
            return case
        await backend.view(case, login.user.username)
        gemeente = case.summary.get("gemeente")
        transcript = [with_dutch(m, gemeente) for m in case.transcript or []]
        notes = await to_thread.run_sync(cases.notes, case.id)
        events = await to_thread.run_sync(lambda: cases.events(case_id=case.id))
        body = pages.case_page(
            case,
            login,
            now=utcnow(),
            transcript=transcript,
            since=await since_items(case),
            notes=notes,
            events=events,
            may_act=may_act(login, case),
            melding=request.query_params.get("melding"),
        )
        return _html(body)

    @router.get("/zaak/{case_id}/berichten")
    async def case_messages(case_id: int, request: Request) -> Response:
        login = await api_login(request)
        if isinstance(login, Response):
            return login
        case = await case_for(login, case_id)
        if isinstance(case, Response):
            return case
        return _html(pages.messages_list(await since_items(case)))

    def back(case_id: int, melding: str) -> RedirectResponse:
        return RedirectResponse(f"/inbox/zaak/{case_id}?melding={melding}", status_code=303)

    async def case_post(case_id: int, request: Request) -> tuple[LoggedIn, CaseView, dict[str, str]] | Response:
        checked = await post_login(request)
        if isinstance(checked, Response):
            return checked
        login, form = checked
        case = await case_for(login, case_id)
        if isinstance(case, Response):
            return case
        return login, case, form

    @router.post("/zaak/{case_id}/claim")
    async def claim(case_id: int, request: Request) -> Response:
        found = await case_post(case_id, request)
        if isinstance(found, Response):
            return found
        login, case, _ = found
        ok = await backend.claim(case, login.user.username)
        return back(case_id, "geclaimd" if ok else "al_geclaimd")

    @router.post("/zaak/{case_id}/antwoord")
    async def reply(case_id: int, request: Request) -> Response:
        found = await case_post(case_id, request)
        if isinstance(found, Response):
            return found
        login, case, form = found
        if not may_act(login, case):
            return forbidden(login) if case.claimed_by else back(case_id, "eerst_claimen")
        text = form.get("tekst", "").strip()[:MAX_TEXT]
        if not text:
            return back(case_id, "leeg")
        try:
            await backend.reply(case, login.user.username, text)
        except NotAllowed:
            return back(case_id, "eerst_claimen")
        except Exception:
            log.exception("inbox: reply to case %s could not be delivered", case_id)
            return back(case_id, "niet_bezorgd")
        return back(case_id, "verstuurd")

    @router.post("/zaak/{case_id}/notitie")
    async def note(case_id: int, request: Request) -> Response:
        found = await case_post(case_id, request)
        if isinstance(found, Response):
            return found
        login, case, form = found
        text = form.get("tekst", "").strip()[:MAX_TEXT]
        if not text:
            return back(case_id, "leeg")
        await backend.note(case, login.user.username, text)
        return back(case_id, "notitie")

    async def finish(case_id: int, request: Request, *, handed_back: bool) -> Response:
        found = await case_post(case_id, request)
        if isinstance(found, Response):
            return found
        login, case, form = found
        if not may_act(login, case):
            return forbidden(login) if case.claimed_by else back(case_id, "eerst_claimen")
        outcome = "teruggegeven" if handed_back else form.get("uitkomst", "")
        if not handed_back and outcome not in OUTCOMES:
            return _html(pages.error_page("Onbekende uitkomst", "Kies een uitkomst uit de lijst.", login), 422)
        try:
            await backend.finish(case, login.user.username, outcome, handed_back=handed_back)
        except NotAllowed:
            return back(case_id, "eerst_claimen")
        return RedirectResponse(
            f"/inbox/wachtrij/{case.queue}?melding={'teruggegeven' if handed_back else 'gesloten'}", status_code=303
        )

    @router.post("/zaak/{case_id}/sluiten")
    async def close(case_id: int, request: Request) -> Response:
        return await finish(case_id, request, handed_back=False)

    @router.post("/zaak/{case_id}/teruggeven")
    async def hand_back(case_id: int, request: Request) -> Response:
        return await finish(case_id, request, handed_back=True)

    # --- audit and users ------------------------------------------------------------------------------------
    @router.get("/audit")
    async def audit(request: Request) -> Response:
        login = await page_login(request)
        if isinstance(login, Response):
            return login
        if not login.user.may_audit:
            return forbidden(login)
        team = login.user.team if login.user.role == "teamleider" else None
        events = await to_thread.run_sync(lambda: cases.recent_events(team))
        return _html(pages.audit_page(events, login, f"team {team}" if team else "alle teams"))

    @router.get("/gebruikers")
    async def users(request: Request) -> Response:
        login = await page_login(request)
        if isinstance(login, Response):
            return login
        if login.user.role != "beheerder":
            return forbidden(login)
        return _html(pages.users_page(await to_thread.run_sync(accounts.users), login))

    # --- live updates (SSE from case_events) ----------------------------------------------------------------
    @router.get("/stream")
    async def stream(request: Request) -> Response:
        login = await api_login(request)
        if isinstance(login, Response):
            return login
        team, zaak = request.query_params.get("team"), request.query_params.get("zaak", "")
        case_id: int | None = None
        if team is not None:
            if not login.user.may_work_in(team):
                return forbidden(login)
        elif zaak.isdigit():
            found = await case_for(login, int(zaak))
            if isinstance(found, Response):
                return found
            case_id = found.id
        else:
            return Response("team= of zaak= ontbreekt", status_code=400, media_type="text/plain")
        raw = request.headers.get("last-event-id", "")
        start = int(raw) if raw.isdigit() else await to_thread.run_sync(cases.last_event_id)
        expires = login.expires_at

        async def events() -> AsyncIterator[str]:
            last = start
            yield "retry: 2000\n\n"
            while utcnow() < expires:
                wake = backend.waiter()
                found = await to_thread.run_sync(partial(cases.events, case_id=case_id, queue=team, after=last))
                for ev in found:
                    last = ev.id
                    wanted = QUEUE_ACTIONS if team is not None else CASE_ACTIONS
                    if ev.action not in wanted:
                        continue
                    kind = "zaak" if team is not None else "bericht"
                    urgent = bool(ev.detail.get("urgent")) if "urgent" in ev.detail else None
                    if urgent is None:
                        c = await to_thread.run_sync(cases.get, ev.case_id)
                        urgent = bool(c and c.urgent)
                    data = {"case_id": ev.case_id, "action": ev.action, "urgent": urgent}
                    yield f"id: {ev.id}\nevent: {kind}\ndata: {json.dumps(data)}\n\n"
                try:
                    await asyncio.wait_for(wake.wait(), keepalive)
                except TimeoutError:
                    yield ": keep-alive\n\n"

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )

    return router
