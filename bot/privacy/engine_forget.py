"""Erase a conversation's state in the dialogue engine too (Rasa keeps a tracker per sender ``c<id>``).

Without this, Rasa would keep the erased conversation's events and slots, and on SQLite a new conversation can
get the id of a deleted one (rowids are reused) and would continue the old tracker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx

from bot.engine.base import DialogueEngine
from bot.engine.rasa import RasaEngine

log = logging.getLogger(__name__)


async def forget_in_engine(engine: DialogueEngine, rasa_url: str, conversation_ids: Iterable[int]) -> bool:
    """Replace the trackers of ``c<id>`` by an empty one. True when the engine confirmed it (or had nothing to
    forget), False when it could not be reached; Rasa's in-memory trackers are gone after its restart anyway."""
    ids = list(conversation_ids)
    if not ids:
        return True
    forget = getattr(engine, "forget", None)
    if forget is not None:
        for cid in ids:
            await forget(f"c{cid}")
        return True
    if not isinstance(engine, RasaEngine):
        return True  # an engine without memory of its own
    try:
        async with httpx.AsyncClient(base_url=rasa_url, timeout=10.0) as client:
            for cid in ids:
                r = await client.put(f"/conversations/c{cid}/tracker/events", json=[])
                r.raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("engine tracker not cleared (%s); it is lost when the engine restarts", type(exc).__name__)
        return False
    return True
