"""The service's own client-facing sentences, by key. Dutch is the source; catalogs live in ``vertalingen/``."""

from __future__ import annotations

from bot.i18n.catalogs import catalog


def _(text: str) -> str:
    """Mark a string for extraction by ``pybabel extract``; translation happens in :func:`tekst`."""
    return text


BERICHTEN: dict[str, str] = {
    "begroeting": _("Hallo! Ik ben Bijstandswijzer. Ik beantwoord vragen over de bijstand, zoals de tegenprestatie."),
    "afscheid": _("Dag! Je kunt altijd terugkomen met een nieuwe vraag."),
    "graag_gedaan": _("Graag gedaan. Heb je nog een vraag?"),
    "ik_ben_een_programma": _(
        "Ik ben een computerprogramma, geen mens. Ik neem geen besluiten. "
        "Wil je met een mens praten? Vraag dan naar je klantmanager."
    ),
    "melding_programma": _(
        "Let op: je praat met een computerprogramma, niet met een mens. Ik geef uitleg over de regels. "
        "Alleen de gemeente beslist over jouw situatie. Ik vraag nooit om je BSN. Deel die hier niet."
    ),
    "weet_ik_niet": _(
        "Dat weet ik niet zeker. Ik wil je geen verkeerde informatie geven. "
        "Wil je dat ik je vraag doorgeef aan een klantmanager?"
    ),
    "welke_vraag": _("Ik weet niet precies wat je bedoelt. Gaat je vraag over een van deze onderwerpen?"),
    # --- added to answer cards by bot/kennisbank/render.py ---
    "gemeente_geen_regels": _(
        "Voor {gemeente} heb ik hierover nog geen gecontroleerde regels. Vraag het je klantmanager."
    ),
    "gemeente_verschilt": _("De regels verschillen per gemeente. In welke gemeente woon je?"),
    "gemeente_regel": _("Dit is de regel van {gemeente}, uit: {bron} (versie {datum})."),
    "gemeente_historisch": _(
        "Let op: over {gemeente} heb ik alleen een oude beschrijving uit onderzoek. "
        "Die kan verouderd zijn. Vraag je klantmanager wat nu geldt."
    ),
    "regel_verandert": _("Let op: deze regel verandert op {datum}."),
    "regel_nieuw": _("Deze regel geldt sinds {datum}. Daarvoor gold een andere regel."),
    "bron_regel": _("Bron: {bronnen}."),
    "taal_niet_ondersteund": _(
        "Ik kan helaas niet in jouw taal antwoorden. Ik spreek Nederlands, Engels, Turks, Arabisch, Pools en "
        "Oekraïens. Ik antwoord nu in het Nederlands."
    ),
    "per_maand": _("per maand"),
    "per_jaar": _("per jaar"),
    "vertaling_ontbreekt": _(
        "Deze uitleg is nog niet (goed) vertaald in jouw taal. Hieronder staat de Nederlandse tekst."
    ),
    "bedrag_nog_onbekend": _("(dit bedrag gold tot {datum}; het nieuwe bedrag is nog niet bekend)"),
    "bron_geldig": _("{label} (tekst geldig vanaf {datum})"),
    "bron_versie": _("{label} (versie {datum})"),
    "persoonsgegevens_verwijderd": _(
        "Ik heb persoonlijke gegevens uit je bericht gehaald, zoals een BSN of rekeningnummer. "
        "Die heb ik niet nodig en ik bewaar ze niet."
    ),
    "motor_start_nog": _("De assistent start nog op. Je bericht is bewaard. Probeer het over een minuut opnieuw."),
    "motor_storing": _(
        "Er ging iets mis aan mijn kant. Je bericht is bewaard. "
        "Probeer het straks opnieuw, of vraag om een klantmanager."
    ),
    "knop_klantmanager": _("Ja, naar een klantmanager"),
    "knop_nee": _("Nee, dank je"),
}


def tekst(key: str, language: str = "nl") -> str:
    """The sentence ``key`` in ``language``; Dutch when no current (non-fuzzy) translation exists."""
    source = BERICHTEN[key]
    if language == "nl":
        return source
    return catalog(language).get(source) or source
