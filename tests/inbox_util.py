"""Helpers for the handoff and inbox tests: accounts through the real CLI, a logged-in HTTP client, the cases."""

from __future__ import annotations

import io
import os
import re
import secrets
import sys
import uuid
from typing import Any

import httpx

from bot.cli import main as cli
from bot.handoff.cases import CaseStore, CaseView, EventView
from bot.store.db import make_engine
from bot.store.repository import Store
from tests.conftest import Running

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_user(running: Running, role: str, team: str | None = None, *, name: str = "") -> str:
    """Create an account with ``bijstand inbox add-user`` on the service's database; returns the username."""
    username = f"{role[:2]}-{secrets.token_hex(4)}"
    argv = ["inbox", "add-user", username, "--role", role, "--password-stdin", "--name", name or username]
    if team:
        argv += ["--team", team]
    old_env, old_stdin = os.environ.get("DATABASE_URL"), sys.stdin
    os.environ["DATABASE_URL"] = running.settings.resolved_database_url()
    sys.stdin = io.StringIO(PASSWORD + "\n")
    try:
        assert cli(argv) == 0
    finally:
        sys.stdin = old_stdin
        if old_env is None:
            del os.environ["DATABASE_URL"]
        else:
            os.environ["DATABASE_URL"] = old_env
    return username


class Inbox:
    """An HTTP client of the inbox that keeps its cookies like a browser."""

    def __init__(self, running: Running) -> None:
        self.http = httpx.Client(base_url=running.url, timeout=30, follow_redirects=False)
        self.csrf = ""

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        form = self.http.get("/inbox/login")
        token = CSRF.search(form.text)
        assert token is not None
        r = self.http.post("/inbox/login", data={"csrf": token.group(1), "gebruiker": username, "wachtwoord": password})
        if r.status_code == 303:
            page = self.http.get("/inbox/", follow_redirects=True)
            found = CSRF.search(page.text)
            assert found is not None
            self.csrf = found.group(1)
        return r

    def post(self, path: str, **data: str) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf, **data})

    def close(self) -> None:
        self.http.close()


def cases(running: Running) -> CaseStore:
    return CaseStore(Store(make_engine(running.settings.resolved_database_url())))


def conversation_id(running: Running, channel: str, external_id: str) -> int:
    from bot.channels.store import ChannelStore

    found = ChannelStore(cases(running).store).conversation_id(channel, external_id)
    assert found is not None
    return found


def case_of(running: Running, conversation: int) -> CaseView:
    store = cases(running)
    from sqlalchemy import select

    from bot.store.models import Case

    with store.store.session() as s:
        ids = list(s.scalars(select(Case.id).where(Case.conversation_id == conversation).order_by(Case.id)))
    assert ids, "no case for this conversation"
    found = store.get(ids[-1])
    assert found is not None
    return found


def mode_of(running: Running, conversation: int) -> str:
    from bot.store.models import Conversation

    with cases(running).store.session() as s:
        return str(s.get_one(Conversation, conversation).mode)


def actions(running: Running, case_id: int) -> list[tuple[str, str]]:
    events: list[EventView] = cases(running).events(case_id=case_id)
    return [(e.actor, e.action) for e in events]


def chat(client: httpx.Client, conv: str, text: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/api/v1/chat", json={"conversation_id": conv, "text": text, **extra})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def new() -> str:
    return f"ho-{uuid.uuid4().hex[:10]}"


def texts(out: dict[str, Any]) -> str:
    return "\n".join(m["text"] for m in out["messages"])


def payloads(out: dict[str, Any]) -> list[str]:
    return [b["payload"] for m in out["messages"] for b in m["buttons"]]
