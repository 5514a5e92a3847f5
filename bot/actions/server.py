"""The action endpoint Rasa calls (``POST /rasa/actions``); only Rasa knows the shared token."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.actions import gemeente as _gemeente  # noqa: F401  (registers its actions)
from bot.actions import kennisbank as _kennisbank  # noqa: F401  (registers its actions)
from bot.actions import ontheffing as _ontheffing  # noqa: F401  (registers its actions)
from bot.actions import overdracht as _overdracht  # noqa: F401  (registers its actions)
from bot.actions import premie as _premie  # noqa: F401  (registers its actions)
from bot.actions import rekenhulp as _rekenhulp  # noqa: F401  (registers its actions)
from bot.actions.registry import ACTIONS, ActionContext

router = APIRouter()


@router.post("/rasa/actions", include_in_schema=False)
async def rasa_actions(request: Request) -> JSONResponse:
    token: str = request.app.state.settings.rasa_action_token
    if not hmac.compare_digest(request.headers.get("x-action-token", ""), token):
        return JSONResponse({"error": "forbidden"}, status_code=403)
    try:
        body = await request.json()
        name = str(body["next_action"])
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "invalid action request"}, status_code=400)
    fn = ACTIONS.get(name)
    if fn is None:
        return JSONResponse({"action_name": name, "error": f"unknown action {name}"}, status_code=400)
    ctx: ActionContext = request.app.state.actions
    events, responses = await fn(ctx, body)
    return JSONResponse({"events": events, "responses": responses})
