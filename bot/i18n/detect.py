"""Which language a client writes in: lingua, restricted to our languages plus close confusers."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

SUPPORTED = ("nl", "en", "tr", "ar", "pl", "uk")
#: Short messages ("hoi", "ok top") are too short to judge: keep the conversation's language.
MIN_WORDS = 3
MIN_CONFIDENCE = 0.5
_GEEZ = re.compile(r"[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


#: Dutch words that clients writing other languages use anyway (they are in their letters): ignored by detection.
DOMAIN_WORDS = re.compile(
    r"\b(tegenprestatie\w*|bijstand\w*|uitkering\w*|gemeente\w*|ontheffing\w*|klantmanager\w*|vrijlating\w*|"
    r"schuldhulp\w*|voedselbank\w*|premie\w*|maatregel\w*|bezwaar\w*|inlichtingenplicht|taaleis|verordening\w*|"
    r"kostendelersnorm|vrijwilligers\w*|\w*toeslag\w*|participatiewet|mantelzorg\w*|boete|terugvordering|"
    r"inkomensconsulent|werkcoach|plan van aanpak|juridisch loket|sollicitatieplicht|voorschot|uwv|duo)\b",
    re.IGNORECASE,
)


@cache
def _detector() -> Any:
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        L.DUTCH,
        L.ENGLISH,
        L.TURKISH,
        L.ARABIC,
        L.POLISH,
        L.UKRAINIAN,
        L.SOMALI,
        L.GERMAN,
        L.FRENCH,
        L.RUSSIAN,
        L.PERSIAN,
        L.SPANISH,
    ).build()


def warm_up() -> None:
    """Load the language models in the background so the first client does not wait for them."""
    threading.Thread(target=lambda: _detector().detect_language_of("dit is een test"), daemon=True).start()


def detect(text: str, current: str) -> str:
    """An ISO 639-1 code; ``current`` when the text is too short or the detector is unsure.

    The result may be a language we do not support (e.g. ``de``, ``so``, ``ti``): the caller decides.
    """
    if _GEEZ.search(text):
        return "ti"
    words = text.split()
    if len(words) < MIN_WORDS:
        # One or two words in Arabic or Cyrillic script are still clear enough about the script.
        if _ARABIC.search(text) and current not in ("ar",):
            return "ar"
        return current
    stripped = DOMAIN_WORDS.sub(" ", text)
    if len(stripped.split()) >= MIN_WORDS:
        text = stripped
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return current
    code = str(values[0].language.iso_code_639_1.name).lower()
    if code == "ru" and _CYRILLIC.search(text) and current == "uk":
        return "uk"
    return code
