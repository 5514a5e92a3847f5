"""Staff accounts, logins and CSRF for the inbox.

- Passwords: argon2id (argon2-cffi defaults), rehashed on login when the parameters change.
- Sessions: a random cookie token; the table keeps only its SHA-256, an absolute expiry (``INBOX_SESSION_HOURS``,
  default 8) and the end of a logout. Cookie: ``HttpOnly``, ``SameSite=Strict``, ``Path=/inbox``, ``Secure`` on
  https (or ``INBOX_COOKIE_SECURE=1`` behind a TLS proxy).
- CSRF: every POST carries the session's token in a hidden field (login: a double-submit cookie).
- Roles: ``klantmanager`` and ``teamleider`` work in their team's queue (``werk`` or ``inkomen``); a teamleider
  may also act on colleagues' cases and read the team's audit trail; a ``beheerder`` manages accounts and reads
  the audit trail, but does not read cases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from bot.handoff.cases import QUEUES, aware
from bot.store.models import InboxSession, InboxUser, utcnow
from bot.store.repository import Store

ROLES = ("klantmanager", "teamleider", "beheerder")
COOKIE = "bw_inbox"
LOGIN_CSRF_COOKIE = "bw_inbox_login"
_hasher = PasswordHasher()
#: Verified against when the username does not exist, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


def session_hours() -> float:
    raw = os.environ.get("INBOX_SESSION_HOURS")
    return float(raw) if raw else 8.0


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    team: str | None

    def may_work_in(self, queue: str) -> bool:
        return self.role in ("klantmanager", "teamleider") and self.team == queue

    @property
    def may_audit(self) -> bool:
        return self.role in ("teamleider", "beheerder")


@dataclass(frozen=True)
class LoggedIn:
    user: User
    csrf: str
    expires_at: dt.datetime


class UserError(ValueError):
    pass


def _user(row: InboxUser) -> User:
    return User(row.id, row.username, row.display_name, row.role, row.team)


class Accounts:
    """Synchronous; call from a worker thread."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add_user(self, username: str, password: str, *, role: str, team: str | None, display_name: str = "") -> User:
        username = username.strip().lower()
        if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").isalnum():
            raise UserError("gebruikersnaam: 1-64 tekens, letters, cijfers, punt of streepje")
        if role not in ROLES:
            raise UserError(f"rol: een van {', '.join(ROLES)}")
        if role == "beheerder":
            team = None
        elif team not in QUEUES:
            raise UserError(f"team: een van {', '.join(QUEUES)} (verplicht voor {role})")
        if len(password) < 12:
            raise UserError("wachtwoord: minstens 12 tekens")
        with self.store.session() as s:
            if s.scalars(select(InboxUser).where(InboxUser.username == username)).one_or_none() is not None:
                raise UserError(f"gebruiker {username!r} bestaat al")
            row = InboxUser(
                username=username,
                display_name=display_name.strip() or username,
                password_hash=_hasher.hash(password),
                role=role,
                team=team,
                active=True,
            )
            s.add(row)
            s.commit()
            return _user(row)

    def users(self) -> list[User]:
        with self.store.session() as s:
            return [_user(u) for u in s.scalars(select(InboxUser).order_by(InboxUser.username))]

    def login(self, username: str, password: str) -> tuple[str, LoggedIn] | None:
        """A new session (cookie token, session) for the right password of an active account; else None."""
        with self.store.session() as s:
            row = s.scalars(
                select(InboxUser).where(InboxUser.username == username.strip().lower(), InboxUser.active.is_(True))
            ).one_or_none()
            try:
                _hasher.verify(row.password_hash if row else _DUMMY, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None:
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            expires = utcnow() + dt.timedelta(hours=session_hours())
            s.add(InboxSession(token_hash=_digest(token), user_id=row.id, csrf_token=csrf, expires_at=expires))
            row.last_login_at = utcnow()
            s.commit()
            return token, LoggedIn(_user(row), csrf, expires)

    def session(self, token: str) -> LoggedIn | None:
        if not token:
            return None
        with self.store.session() as s:
            found = s.execute(
                select(InboxSession, InboxUser)
                .join(InboxUser, InboxUser.id == InboxSession.user_id)
                .where(InboxSession.token_hash == _digest(token), InboxSession.ended_at.is_(None))
            ).one_or_none()
            if found is None:
                return None
            sess, user = found
            expires = aware(sess.expires_at)
            if not user.active or expires is None or expires <= utcnow():
                return None
            return LoggedIn(_user(user), sess.csrf_token, expires)

    def logout(self, token: str) -> None:
        with self.store.session() as s:
            s.execute(
                update(InboxSession)
                .where(InboxSession.token_hash == _digest(token), InboxSession.ended_at.is_(None))
                .values(ended_at=utcnow())
            )
            s.commit()
