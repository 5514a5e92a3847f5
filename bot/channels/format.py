"""Per-channel formatting of one answer: split long texts at sentence boundaries, numbered choices."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def _hard_split(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut between paragraphs or sentences where possible."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    units: list[tuple[str, str]] = []  # (piece, separator before it)
    for p_index, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        for s_index, sentence in enumerate(_SENTENCE_END.split(paragraph.strip())):
            sep = "\n\n" if s_index == 0 and p_index > 0 else " "
            units.extend((piece, sep if i == 0 else " ") for i, piece in enumerate(_hard_split(sentence, limit)))
    chunks: list[str] = []
    current = ""
    for piece, sep in units:
        if not current:
            current = piece
        elif len(current) + len(sep) + len(piece) <= limit:
            current += sep + piece
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def numbered_choices(titles: list[str]) -> str:
    """Buttons as text, for a channel (or a message) that cannot show them."""
    lines = [f"{i}. {title}" for i, title in enumerate(titles, start=1)]
    return "\n".join([*lines, "Antwoord met het nummer van je keuze."])


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
