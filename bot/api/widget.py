"""``GET /api/v1/widget/teksten``: the widget's labels in every language, from the translation catalogs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.i18n.catalogs import LANGUAGES, catalog
from bot.teksten import BERICHTEN

router = APIRouter()
PREFIX = "widget_"


@router.get("/api/v1/widget/teksten", tags=["widget"])
async def widget_teksten() -> JSONResponse:
    """``{"nl": {"title": ..., ...}, "en": {...}, ...}``; a label without a current translation is left out,
    so the widget keeps its built-in label for it."""
    keys = [k for k in BERICHTEN if k.startswith(PREFIX)]
    body: dict[str, dict[str, str]] = {"nl": {k.removeprefix(PREFIX): BERICHTEN[k] for k in keys}}
    for lang in LANGUAGES[1:]:
        cat = catalog(lang)
        body[lang] = {k.removeprefix(PREFIX): t for k in keys if (t := cat.get(BERICHTEN[k]))}
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})
