"""``DELETE /api/v1/conversations/{conversation_id}``: "verwijder mijn gegevens" for the web chat.

Erases the conversation, its messages, channel rows and the engine's tracker, writes an audit line with only
the fact, and answers with a receipt (what was deleted, when). A widget conversation (it has a token) needs
``Authorization: Bearer <token>``; a chat API conversation is identified by its id alone, as in
``POST /api/v1/chat``.

``GET /api/v1/conversations/{conversation_id}/messages``: the stored conversation (same access rule), so a
client whose message waited for the engine can poll for the answer the retry worker (bot/retry.py) stored.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from bot.api.schemas import ErrorResponse
from bot.privacy.engine_forget import forget_in_engine
from bot.privacy.tokens import token_hash
from bot.store.erasure import erase_conversation
from bot.store.models import ChannelContact, Conversation, Message
from bot.store.repository import Store

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
CHANNEL = "web"

MESSAGES = {
    "erased": {
        "nl": "Je gesprek is verwijderd. Je berichten en de antwoorden zijn gewist. We bewaren alleen dat er iets "
        "is verwijderd, en wanneer.",
        "en": "Your conversation was deleted. Your messages and the answers are erased. We only keep the fact that "
        "something was deleted, and when.",
    },
    "conversation_not_found": {
        "nl": "Dit gesprek bestaat niet (meer). Er is niets te verwijderen.",
        "en": "This conversation does not exist (any more). There is nothing to delete.",
    },
    "invalid_conversation_id": {
        "nl": "Het gespreksnummer klopt niet. Gebruik 1 tot 128 tekens: letters, cijfers, _ . : of -.",
        "en": "The conversation id is invalid. Use 1 to 128 characters: letters, digits, _ . : or -.",
    },
    "token_missing": {
        "nl": "Dit gesprek is beveiligd. Stuur je token mee als 'Authorization: Bearer <token>'.",
        "en": "This conversation is protected. Send your token as 'Authorization: Bearer <token>'.",
    },
    "invalid_after": {
        "nl": "De waarde van 'after' moet een heel getal zijn (het laatste berichtnummer dat je hebt).",
        "en": "The value of 'after' must be a whole number (the last message id you have).",
    },
    "forbidden": {
        "nl": "Je hebt geen toegang tot dit gesprek.",
        "en": "You have no access to this conversation.",
    },
}


def language(request: Request) -> str:
    hint = request.query_params.get("language") or request.headers.get("accept-language", "")
    return "en" if hint.strip().lower().startswith("en") else "nl"


def problem(status: int, code: str, request: Request, field: str | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": MESSAGES[code][language(request)], "field": field}}
    return JSONResponse(body, status_code=status)


def _widget_token_hash(store: Store, external_id: str) -> str | None:
    with store.session() as s:
        found: str | None = s.scalars(
            select(ChannelContact.token_hash).where(
                ChannelContact.channel == CHANNEL, ChannelContact.external_id == external_id
            )
        ).first()
        return found


async def check_access(request: Request, conversation_id: str) -> JSONResponse | None:
    """None when the caller may read or erase the conversation; otherwise the error response."""
    if not CONVERSATION_ID.match(conversation_id):
        return problem(422, "invalid_conversation_id", request, "conversation_id")
    expected = await to_thread.run_sync(_widget_token_hash, request.app.state.store, conversation_id)
    if expected is None:
        return None
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else ""
    if not token:
        return problem(401, "token_missing", request)
    if not hmac.compare_digest(expected, token_hash(token)):
        return problem(403, "forbidden", request)
    return None


class ErasureReceipt(BaseModel):
    conversation_id: str
    deleted_at: str = Field(description="When it was deleted (ISO 8601, UTC).")
    deleted: dict[str, int] = Field(description="Rows deleted per kind: conversations, messages, channel_events, …")
    engine: str = Field(description="'gewist' when the dialogue engine's memory was cleared, else 'niet bereikbaar'.")
    message: str


router = APIRouter(tags=["privacy"])


@router.delete(
    "/api/v1/conversations/{conversation_id}",
    response_model=ErasureReceipt,
    responses={
        401: {"model": ErrorResponse, "description": "Widget conversation without its token"},
        403: {"model": ErrorResponse, "description": "Wrong token"},
        404: {"model": ErrorResponse, "description": "No such conversation"},
        422: {"model": ErrorResponse, "description": "Invalid conversation id"},
    },
)
async def delete_conversation(conversation_id: str, request: Request) -> JSONResponse:
    """Verwijder mijn gegevens: erase the conversation and everything derived from it; returns a receipt."""
    if (denied := await check_access(request, conversation_id)) is not None:
        return denied
    state = request.app.state
    receipt = await to_thread.run_sync(lambda: erase_conversation(state.store, CHANNEL, conversation_id))
    if not receipt.found:
        return problem(404, "conversation_not_found", request, "conversation_id")
    cleared = await forget_in_engine(state.engine, state.settings.rasa_url, receipt.conversation_ids)
    body = {
        "conversation_id": conversation_id,
        **receipt.as_dict(),
        "engine": "gewist" if cleared else "niet bereikbaar",
        "message": MESSAGES["erased"][language(request)],
    }
    return JSONResponse(body)


class HistoryMessage(BaseModel):
    id: int = Field(description="Increasing; poll with ?after=<last id>.")
    direction: str = Field(description="in (from the client) or out (to the client)")
    sender: str = Field(description="client, bot, klantmanager or system")
    text: str = Field(description="As stored: personal data already removed.")
    status: str = Field(description="in: received, answered, engine_unavailable (waits for retry), superseded")
    created_at: str
    topic: str | None = None
    card: str | None = None
    citations: list[str] = []
    buttons: list[dict[str, str]] = []


class History(BaseModel):
    conversation_id: str
    messages: list[HistoryMessage]


def _history(store: Store, external_id: str, after: int) -> list[dict[str, object]] | None:
    with store.session() as s:
        conv_id = s.scalars(
            select(Conversation.id).where(Conversation.channel == CHANNEL, Conversation.external_id == external_id)
        ).one_or_none()
        if conv_id is None:
            return None
        rows = s.scalars(
            select(Message).where(Message.conversation_id == conv_id, Message.id > after).order_by(Message.id)
        )
        out: list[dict[str, object]] = []
        for m in rows:
            payload = m.payload or {}
            out.append(
                {
                    "id": m.id,
                    "direction": m.direction,
                    "sender": m.sender,
                    "text": m.text,
                    "status": m.status,
                    "created_at": m.created_at.replace(tzinfo=m.created_at.tzinfo or dt.UTC).isoformat(),
                    "topic": payload.get("topic"),
                    "card": payload.get("card"),
                    "citations": list(payload.get("citations") or []),
                    "buttons": list(payload.get("buttons") or []),
                }
            )
        return out


@router.get(
    "/api/v1/conversations/{conversation_id}/messages",
    response_model=History,
    responses={
        401: {"model": ErrorResponse, "description": "Widget conversation without its token"},
        403: {"model": ErrorResponse, "description": "Wrong token"},
        404: {"model": ErrorResponse, "description": "No such conversation"},
        422: {"model": ErrorResponse, "description": "Invalid conversation id or 'after'"},
    },
)
async def conversation_messages(conversation_id: str, request: Request) -> JSONResponse:
    """The stored conversation, oldest first; ``?after=<id>`` for what is new. A message that waited for the
    engine is answered in the background when the engine is back: poll here for the answer."""
    if (denied := await check_access(request, conversation_id)) is not None:
        return denied
    raw = request.query_params.get("after", "0")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return problem(422, "invalid_after", request, "after")
    found = await to_thread.run_sync(_history, request.app.state.store, conversation_id, int(raw))
    if found is None:
        return problem(404, "conversation_not_found", request, "conversation_id")
    return JSONResponse({"conversation_id": conversation_id, "messages": found})
