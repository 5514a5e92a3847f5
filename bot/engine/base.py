"""The dialogue engine seen from the service: one turn in, a list of bot messages out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class EngineUnavailable(Exception):
    """The engine did not answer (down or too slow); the message must be kept for retry."""


class EngineLoading(EngineUnavailable):
    """The engine is still starting up."""


@dataclass(frozen=True)
class EngineMessage:
    """One reply from the engine: plain text, or a ``custom`` payload the service renders."""

    text: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


class DialogueEngine(Protocol):
    async def ready(self) -> bool:
        """True when the engine can answer a turn now."""
        ...

    async def turn(self, sender: str, text: str, metadata: dict[str, Any]) -> list[EngineMessage]:
        """Send one client message; raise :class:`EngineUnavailable` when the engine cannot answer."""
        ...

    async def aclose(self) -> None: ...
