"""``bijstand inbox add-user``: create a staff account of the built-in inbox (and ``users`` to list them)."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.config import Settings
from bot.handoff.cases import QUEUES
from bot.handoff.inbox.auth import ROLES, Accounts, UserError
from bot.store.db import make_engine, upgrade
from bot.store.repository import Store


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    inbox = sub.add_parser("inbox", help="klantmanager inbox tasks").add_subparsers(dest="inbox_command", required=True)
    add = inbox.add_parser("add-user", help="create an inbox account (the password is asked, or read from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--team", choices=QUEUES, help="werk or inkomen (required for klantmanager and teamleider)")
    add.add_argument("--name", default="", help="the name colleagues see (default: the username)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(fn=add_user)
    users = inbox.add_parser("users", help="list the inbox accounts")
    users.set_defaults(fn=list_users)


def _accounts() -> Accounts:
    url = Settings.from_env().resolved_database_url()
    upgrade(url)
    return Accounts(Store(make_engine(url)))


def add_user(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
        if getpass.getpass("Nog een keer: ") != password:
            print("error: de wachtwoorden zijn niet gelijk", file=sys.stderr)
            return 1
    try:
        user = _accounts().add_user(args.username, password, role=args.role, team=args.team, display_name=args.name)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"inbox user {user.username} created ({user.role}{', team ' + user.team if user.team else ''})")
    return 0


def list_users(args: argparse.Namespace) -> int:
    for u in _accounts().users():
        print(f"{u.username}\t{u.role}\t{u.team or '-'}\t{u.display_name}")
    return 0
