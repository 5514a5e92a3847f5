"""Wire the handoff into the app: the case store, the built-in inbox backend, the client-side flow, the routes."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from bot.channels.setup import Channels
from bot.config import Settings
from bot.handoff.cases import CaseStore
from bot.handoff.flow import HandoffFlow, HandoffPipeline
from bot.handoff.inbox.auth import Accounts
from bot.handoff.inbox.backend import InboxBackend
from bot.handoff.inbox.routes import inbox_router
from bot.kennisbank.loader import Kennisbank
from bot.store.repository import Store


@dataclass
class Handoff:
    cases: CaseStore
    accounts: Accounts
    backend: InboxBackend
    flow: HandoffFlow


def mount_handoff(
    app: FastAPI,
    settings: Settings,
    pipeline: HandoffPipeline,
    store: Store,
    kennisbank: Kennisbank,
    channels: Channels,
) -> Handoff:
    cases = CaseStore(store)
    accounts = Accounts(store)
    backend = InboxBackend(cases)
    flow = HandoffFlow(store, cases, kennisbank, backend, rasa_url=settings.rasa_url)
    flow.router = channels.router
    pipeline.attach(flow)
    app.include_router(inbox_router(accounts, cases, backend, kennisbank, keepalive=settings.sse_keepalive))
    return Handoff(cases, accounts, backend, flow)
