"""Channels: the web widget (POST + Server-Sent Events), Telegram and WhatsApp, all into one pipeline.

Every adapter implements :class:`bot.channels.base.Channel`; :class:`bot.channels.base.ChannelRouter` finds the
adapter of a conversation, so a later reply (a klantmanager's) reaches the client on their own channel.
"""
