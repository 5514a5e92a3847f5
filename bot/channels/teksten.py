"""Sentences of the channels themselves (commands, notices); the texts are in bot/teksten.py (``kanaal_*``)."""

from __future__ import annotations

from bot.teksten import tekst

TAALNAMEN = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
}


def zin(key: str, language: str = "nl") -> str:
    """A channel sentence (``kanaal_<key>`` in bot/teksten.py) in ``language``."""
    return tekst(f"kanaal_{key}", language)


def welkom(language: str = "nl") -> str:
    """The first thing a client sees: it is a computer program, what it does, and the privacy notice."""
    return "\n\n".join([tekst("melding_programma", language), tekst("begroeting", language), zin("privacy", language)])
