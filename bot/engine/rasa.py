"""Rasa OSS 3.6 as a sidecar process, spoken to over its REST channel on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import httpx

from bot.engine.base import EngineMessage, EngineUnavailable


class RasaEngine:
    """Implements :class:`bot.engine.base.DialogueEngine` with ``POST /webhooks/rest/webhook``."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def ready(self) -> bool:
        try:
            r = await self._client.get("/status", timeout=2.0)
        except httpx.HTTPError:
            return False
        return r.status_code == 200 and bool(r.json().get("model_id"))

    async def turn(self, sender: str, text: str, metadata: dict[str, Any]) -> list[EngineMessage]:
        try:
            r = await self._client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata},
            )
            r.raise_for_status()
            raw = r.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise EngineUnavailable(str(exc) or type(exc).__name__) from exc
        out = []
        for item in raw if isinstance(raw, list) else []:
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in item.get("buttons") or []
            ]
            out.append(EngineMessage(text=item.get("text"), buttons=buttons, custom=item.get("custom")))
        return out

    async def aclose(self) -> None:
        await self._client.aclose()
