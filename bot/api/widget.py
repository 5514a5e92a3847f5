"""``GET /api/v1/widget/teksten``: the widget's labels in every language, from the translation catalogs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.i18n.catalogs import LANGUAGES
from bot.teksten import BERICHTEN, tekst

router = APIRouter()
PREFIX = "widget_"


@router.get("/api/v1/widget/teksten", tags=["widget"])
async def widget_teksten() -> JSONResponse:
    """``{"nl": {"title": ..., ...}, "en": {...}, ...}``; a label without a current translation is Dutch."""
    keys = [k for k in BERICHTEN if k.startswith(PREFIX)]
    body = {lang: {k.removeprefix(PREFIX): tekst(k, lang) for k in keys} for lang in LANGUAGES}
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})
