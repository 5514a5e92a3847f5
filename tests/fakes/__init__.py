"""Fakes of external APIs (Telegram Bot API, WhatsApp Graph API) on 127.0.0.1, at the network edge only."""
