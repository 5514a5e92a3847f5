"""Remove personal data (BSN, IBAN, e-mail, phone numbers, postcode + house number) from text before it is
stored, logged, shown to the engine or passed on. Checksums decide for BSN and IBAN, so ordinary numbers,
amounts, dates and article numbers stay as they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Nine digits, plain or grouped as people write a BSN ("111 222 333", "111-222-333", "1112.22.333"); not part
#: of a longer number, a date or an amount (``€ 111.222.333``).
_BSN_CANDIDATE = re.compile(
    r"(?<![\w.,€/-])(?<!€ )(?<!EUR )(?<!eur )(\d{9}|\d{3}([ .-])\d{3}\2\d{3}|\d{4}([ .])\d{2}\3\d{3})"
    r"(?!\w|[.,/-]\d|\s?(?:euro|EUR|€))"
)
#: Country code, check digits, then 11–30 letters/digits, in groups of four separated by single spaces or
#: without spaces. The match may run into a following word or number; :func:`_iban_end` trims it.
_IBAN_CANDIDATE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}", re.IGNORECASE)
#: IBAN length per country (SWIFT IBAN registry); other country codes may be 15–34 characters long.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MD": 24, "ME": 22, "MK": 19, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26,
    "UA": 29, "XK": 20,
}  # fmt: skip
#: What looks like an IBAN (valid or not): other patterns leave it alone, so a mistyped account number is not
#: taken apart as a phone number or BSN.
_IBAN_SHAPE = re.compile(
    r"(?<!\w)[A-Z]{2}\d{2}(?:(?: [A-Z0-9]{4})+(?: [A-Z0-9]{1,3})?|[A-Z0-9]{11,30})(?![A-Z0-9])", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
#: Phone numbers as people write them: a dash or space may follow the country or area code, the subscriber
#: number itself has at most single spaces ("06-1234 5678", "020 123 45 67", "+31 (0)6 12345678"). A date such
#: as "06-01-2000" has dashes throughout and does not match.
_PHONE = re.compile(
    r"(?<![\w€+])(?:\+|00)[1-9]\d{0,2}[ -]?(?:\(0\)[ -]?)?\d{1,4}[ -]?\d(?: ?\d){5,10}(?!\w|[.,/-]\d)"
    r"|(?<![\w€.,/-])0(?:6[ -]?\d(?: ?\d){7}|[1-9]\d[ -]?\d(?: ?\d){6}|[1-9]\d\d[ -]?\d(?: ?\d){5})(?!\w|[.,/-]\d)"
    r"|(?<![\w€])\((?:0[1-9]\d\) ?\d(?: ?\d){6}|0[1-9]\d\d\) ?\d(?: ?\d){5})(?!\w|[.,/-]\d)"
)
#: A Dutch postcode (1000–9999 + two letters, not SA/SD/SS) with an optional house number and addition:
#: "1234 AB 12", "1234AB 12a", "1234 AB, 12-3", "1234ab". Letters typed in lower case count only when they
#: touch the digits, so "in 2026 en 2027" stays.
_POSTCODE = re.compile(
    r"(?<![\w.,€])[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![^\W\d_])"
    r"(?:,?\s*(?:nr\.?\s*|nummer\s+)?\d{1,5}(?:\s?[-/]\s?\d{1,4}|\s?[a-zA-Z](?![^\W\d_]))?(?!\w|[.,]\d))?"
)

MARKERS = {
    "bsn": "[BSN verwijderd]",
    "iban": "[IBAN verwijderd]",
    "email": "[e-mail verwijderd]",
    "telefoon": "[telefoonnummer verwijderd]",
    "adres": "[adres verwijderd]",
}


def is_bsn(digits: str) -> bool:
    """The elfproef for a 9-digit BSN: sum of digit * weight (9..2, last -1) is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def is_iban(candidate: str) -> bool:
    """ISO 13616 mod-97 check, and the country's length where we know it."""
    iban = candidate.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban.isascii() or not iban.isalnum():
        return False
    if not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    if IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _iban_end(candidate: str) -> int:
    """Length of the longest prefix of ``candidate`` that is a valid IBAN and ends at a space (or at the end),
    or 0. "BE68 5390 0754 7034 2026" holds the IBAN "BE68 5390 0754 7034" followed by the year 2026."""
    for end in range(len(candidate), 14, -1):
        if (end == len(candidate) or candidate[end] == " ") and is_iban(candidate[:end]):
            return end
    return 0


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def _redact_ibans(text: str, kinds: list[str]) -> str:
    out: list[str] = []
    pos = 0
    # a candidate starting inside a longer IBAN-shaped string ("CY84 SU00 6000 …") is a piece of a (mistyped)
    # account number, not an IBAN of its own
    inner = [(m.start(), m.end()) for m in _IBAN_SHAPE.finditer(text)]
    while (match := _IBAN_CANDIDATE.search(text, pos)) is not None:
        candidate = match.group(0)
        inside = any(s < match.start() < e for s, e in inner)
        end = 0 if inside else _iban_end(candidate)
        # a trimmed candidate ends at a space; the whole one must not run on into a word ("…4300abc")
        after = match.start() + end
        if end and (after >= len(text) or not text[after].isalnum()):
            out.append(text[pos : match.start()] + MARKERS["iban"])
            kinds.append("iban")
            pos = after
        else:
            out.append(text[pos : match.start() + 1])
            pos = match.start() + 1
    out.append(text[pos:])
    return "".join(out)


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """Text every store accepts: no NUL characters (PostgreSQL refuses them), no lone surrogates (not UTF-8)."""
    return _UNSTORABLE.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", text)


def redact(text: str) -> Redaction:
    """Replace personal data by a marker such as ``[BSN verwijderd]``; report which kinds were found. The result
    is also :func:`storable` (this is the step before anything is stored)."""
    kinds: list[str] = []
    text = storable(text)

    def outside_ibans(
        text: str, kind: str, check: Callable[[str], bool] | None = None
    ) -> Callable[[re.Match[str]], str]:
        shapes = [m.span() for m in _IBAN_SHAPE.finditer(text)] if kind != "email" else []

        def sub(match: re.Match[str]) -> str:
            start, end = match.span()
            if any(s < end and start < e for s, e in shapes):
                return match.group(0)
            if check is not None and not check(match.group(0)):
                return match.group(0)
            kinds.append(kind)
            return MARKERS[kind]

        return sub

    out = _redact_ibans(text, kinds)
    out = _EMAIL.sub(outside_ibans(out, "email"), out)
    out = _PHONE.sub(outside_ibans(out, "telefoon"), out)
    out = _BSN_CANDIDATE.sub(outside_ibans(out, "bsn", lambda m: is_bsn(re.sub(r"\D", "", m))), out)
    out = _POSTCODE.sub(outside_ibans(out, "adres"), out)
    return Redaction(out, tuple(dict.fromkeys(kinds)))
