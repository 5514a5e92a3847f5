"""The channel interface and the router from a conversation to its channel adapter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from anyio import to_thread

from bot.channels.store import ChannelStore
from bot.pipeline import Reply


class Channel(Protocol):
    """A way to reach clients. ``external_id`` is the conversation's identity on that channel."""

    name: str

    async def send(self, external_id: str, replies: Sequence[Reply], *, sender: str = "bot") -> None:
        """Deliver ``replies`` (from ``bot``, ``klantmanager`` or ``system``) to the conversation."""
        ...


class UnknownConversation(LookupError):
    pass


class ChannelRouter:
    """Maps a stored conversation to the adapter of its channel."""

    def __init__(self, store: ChannelStore) -> None:
        self.store = store
        self._channels: dict[str, Channel] = {}

    def register(self, channel: Channel) -> None:
        self._channels[channel.name] = channel

    def get(self, name: str) -> Channel | None:
        return self._channels.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self._channels)

    async def deliver(self, conversation_id: int, replies: Sequence[Reply], *, sender: str = "bot") -> str:
        """Send ``replies`` to the client of conversation ``conversation_id``; returns the channel used."""
        found = await to_thread.run_sync(self.store.conversation_identity, conversation_id)
        if found is None:
            raise UnknownConversation(conversation_id)
        channel_name, external_id = found
        channel = self._channels.get(channel_name)
        if channel is None:
            raise UnknownConversation(f"channel {channel_name!r} of conversation {conversation_id} is not mounted")
        await channel.send(external_id, replies, sender=sender)
        return channel_name
