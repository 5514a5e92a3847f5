"""``POST /api/v1/chat`` and ``GET /healthz``: the machine-readable contract of the web chat."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.api.errors import error_response
from bot.api.schemas import SUPPORTED_LANGUAGES, ChatRequest, ChatResponse, ErrorResponse, Health
from bot.pipeline import Inbound, Outcome, Pipeline

router = APIRouter()


def _body(outcome: Outcome) -> dict[str, object]:
    return {
        "conversation_id": outcome.conversation_id,
        "language": outcome.language,
        "messages": [
            {"text": r.text, "topic": r.topic, "card": r.card, "citations": r.citations, "buttons": r.buttons}
            for r in outcome.replies
        ],
        "handoff": outcome.handoff,
    }


@router.get("/healthz", response_model=Health, tags=["status"])
async def healthz(request: Request) -> Health:
    ready = await request.app.state.engine.ready()
    return Health(status="ok", engine="ready" if ready else "loading")


@router.post(
    "/api/v1/chat",
    response_model=ChatResponse,
    tags=["chat"],
    responses={
        400: {"model": ErrorResponse, "description": "Body is not valid JSON"},
        413: {"model": ErrorResponse, "description": "Body larger than 16 KiB"},
        422: {
            "model": ErrorResponse,
            "description": "Missing or invalid field, unknown gemeente or language",
        },
        503: {
            "model": ErrorResponse,
            "description": "Engine not ready or down; the message is stored for retry",
        },
    },
)
async def chat(body: ChatRequest, request: Request) -> JSONResponse:
    """Send one client message; the reply holds the bot's messages with topic, card and citations."""
    state = request.app.state
    if len(body.text) > state.settings.max_text_chars:
        return error_response(422, "text_too_long", body.language, "text", limit=state.settings.max_text_chars)
    if body.language is not None and body.language not in SUPPORTED_LANGUAGES:
        return error_response(
            422,
            "unsupported_language",
            None,
            "language",
            value=body.language,
            choices=", ".join(SUPPORTED_LANGUAGES),
        )
    gemeente = body.gemeente.strip().lower() if body.gemeente else None
    if gemeente is not None and gemeente not in state.kennisbank.gemeenten:
        return error_response(
            422,
            "unknown_gemeente",
            body.language,
            "gemeente",
            value=body.gemeente,
            choices=", ".join(sorted(state.kennisbank.gemeenten)) or "(geen)",
        )
    pipeline: Pipeline = state.pipeline
    outcome = await pipeline.handle(
        Inbound("web", body.conversation_id, body.text, gemeente, body.language, body.reference_date)
    )
    if outcome.engine_unavailable:
        payload = _body(outcome)
        payload["error"] = {"code": "engine_unavailable", "message": outcome.replies[-1].text, "field": None}
        return JSONResponse(payload, status_code=503, headers={"Retry-After": "30"})
    return JSONResponse(_body(outcome))
