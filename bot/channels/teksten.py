"""Sentences of the channels themselves (commands, notices). Dutch, B1; translations follow the languages issue."""

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

ZINNEN = {
    "privacy": (
        "Privacy: ik bewaar je berichten om je vraag te beantwoorden. Persoonlijke gegevens zoals een BSN "
        "haal ik eruit. Met /verwijder wis je je gesprek."
    ),
    "taal_kies": "Kies je taal:",
    "taal_gezet": "Je taal is nu: {taal}.",
    "taal_onbekend": "Die taal ken ik niet. Kies een van deze talen:",
    "verwijder_vraag": "Wil je dat ik dit gesprek en je gegevens wis? Dat kan niet ongedaan worden.",
    "verwijder_ja": "Ja, wis alles",
    "verwijder_nee": "Nee, bewaar",
    "verwijderd": "Je gesprek en je gegevens zijn gewist. Je kunt altijd opnieuw beginnen.",
    "niet_verwijderd": "Goed, ik wis niets.",
    "media": (
        "Ik kan nog geen spraakberichten, foto's of bestanden lezen. Typ je vraag alsjeblieft. "
        "Ik heb het bestand niet bewaard."
    ),
}


def zin(key: str) -> str:
    return ZINNEN[key]


def welkom(language: str = "nl") -> str:
    """The first thing a client sees: it is a computer program, what it does, and the privacy notice."""
    return "\n\n".join([tekst("melding_programma", language), tekst("begroeting", language), zin("privacy")])
