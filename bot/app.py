"""The ASGI application: chat API, widget page, Rasa action endpoint (and later channels and inbox)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from bot.actions.registry import ActionContext
from bot.actions.server import router as actions_router
from bot.api.chat import router as chat_router
from bot.api.errors import BodySizeLimit, JsonBody, unhandled_error, validation_error
from bot.api.privacy import router as privacy_router
from bot.api.security import harden
from bot.api.widget import router as widget_router
from bot.channels.setup import mount_channels
from bot.config import Settings
from bot.engine.base import DialogueEngine
from bot.engine.rasa import RasaEngine
from bot.handoff.flow import HandoffPipeline
from bot.handoff.setup import mount_handoff
from bot.i18n.catalogs import LANGUAGES, catalog
from bot.i18n.detect import warm_up
from bot.i18n.extract import card_context, title_context
from bot.kennisbank.loader import Kennisbank, load
from bot.kennisbank.models import Kaart
from bot.kennisbank.search import LexicalSearch, SearchBackend
from bot.retry import background_jobs
from bot.store.db import make_engine, upgrade
from bot.store.repository import Store

STATIC = Path(__file__).with_name("web") / "static"
#: Translated card texts enter the search index by their opening only: the topic is there, and embedding
#: whole texts in five languages costs minutes on a fresh machine (measured on a busy 2-core machine: 221 s
#: for whole texts, 86 s for the openings, with slightly better top-1 on the dev set).
TRANSLATION_PASSAGE_CHARS = 300
log = logging.getLogger(__name__)


def _opening(text: str, limit: int = TRANSLATION_PASSAGE_CHARS) -> str:
    """The first sentences of a text, up to ``limit`` characters: enough to carry a card's topic."""
    if len(text) <= limit:
        return text
    cut = text.rfind(".", 0, limit)
    return text[: cut + 1 if cut > limit // 3 else limit]


def card_translations(kaarten: list[Kaart]) -> dict[str, list[str]]:
    """Every current translation of each card's title and texts, for the search index."""
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES[1:]:
        cat = catalog(lang)
        for k in kaarten:
            titel = cat.get(k.titel, title_context(k.id)) or k.titel
            for v in k.versies:
                translated = cat.get(v.tekst.strip(), card_context(k.id, v.geldig_vanaf))
                if translated:
                    out.setdefault(k.id, []).append(f"{titel}. {_opening(translated)}")
    return out


def build_search(kennisbank: Kennisbank, settings: Settings) -> SearchBackend:
    """The configured search backend; the lexical one when no model is available (logged)."""
    kaarten = list(kennisbank.kaarten.values())
    search: SearchBackend
    if settings.search_backend in ("e5", "sentence-transformers"):
        try:
            from bot.kennisbank.embeddings import (
                E5Embedder,
                Embedder,
                SemanticSearch,
                SentenceTransformerEmbedder,
                VectorCache,
            )

            embedder: Embedder
            if settings.search_backend == "e5":
                embedder = E5Embedder(threads=settings.embed_threads)
            else:
                embedder = SentenceTransformerEmbedder(Path(settings.search_model_dir), threads=settings.embed_threads)
            name = embedder.model_id.replace("/", "_")
            cache = VectorCache(settings.resolved_cache_dir() / f"vectors-{name}.npz", embedder.model_id)
            search = SemanticSearch(kaarten, embedder, cache, card_translations(kaarten))
        except (ImportError, OSError) as exc:
            log.warning("semantic search unavailable (%s): using the lexical fallback", exc)
            search = LexicalSearch(kaarten)
    else:
        search = LexicalSearch(kaarten)
    log.info("kennisbank: %d cards, search backend %s", len(kaarten), search.name)
    return search


def create_app(settings: Settings | None = None, engine: DialogueEngine | None = None) -> FastAPI:
    """Build the service. Loading the kennisbank and migrating the database happen here, once."""
    settings = settings or Settings.from_env()
    kennisbank = load(settings.kennisbank_dir)
    search = build_search(kennisbank, settings)
    warm_up()
    db_url = settings.resolved_database_url()
    upgrade(db_url)
    store = Store(make_engine(db_url))
    dialogue = engine or RasaEngine(settings.rasa_url, timeout=settings.engine_timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with app.state.channels.running(), background_jobs(app):
            yield
        await dialogue.aclose()
        store.engine.dispose()

    app = FastAPI(
        title="Bijstandswijzer",
        version="0.1.0",
        description="Chat API of Bijstandswijzer. Every answer names its legal source; only the gemeente decides.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.kennisbank = kennisbank
    app.state.store = store
    app.state.engine = dialogue
    app.state.actions = ActionContext(kennisbank, search)
    app.state.pipeline = HandoffPipeline(store, dialogue, kennisbank, engine_wait=settings.engine_wait)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unhandled_error)
    app.include_router(chat_router)
    app.include_router(widget_router)
    app.include_router(actions_router)
    app.include_router(privacy_router)
    app.state.channels = mount_channels(app, settings, app.state.pipeline, store, kennisbank)
    # Handoff to a person and the klantmanager inbox under /inbox (bot/handoff/).
    app.state.handoff = mount_handoff(app, settings, app.state.pipeline, store, kennisbank, app.state.channels)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    # Rasa posts the whole tracker to every action call (tens of KiB after a few turns); that route is on
    # loopback and needs the shared token, so the client body limit does not apply to it.
    app.add_middleware(JsonBody, paths=("/api/v1/chat",))
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes, exempt=("/rasa/actions",))
    harden(app, settings)  # security headers, rate limit, log redaction (bot/api/security.py)
    return app
