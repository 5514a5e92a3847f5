"""Custom actions for Rasa, by name. Each takes Rasa's request body and returns (events, responses)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.kennisbank.loader import Kennisbank
from bot.kennisbank.search import SearchBackend

Body = dict[str, Any]
Result = tuple[list[dict[str, Any]], list[dict[str, Any]]]


class ActionContext:
    """What actions may use: the kennisbank and its search. Nothing about channels or storage."""

    def __init__(self, kennisbank: Kennisbank, search: SearchBackend) -> None:
        self.kennisbank = kennisbank
        self.search = search


Action = Callable[[ActionContext, Body], Awaitable[Result]]
ACTIONS: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    def register(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return register
