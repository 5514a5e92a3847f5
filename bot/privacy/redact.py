"""Remove personal data (BSN, IBAN, e-mail, phone numbers) from text before it is stored or processed."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BSN_CANDIDATE = re.compile(r"(?<![\w.,])(\d(?:[ .-]?\d){8})(?![\w]|[.,]\d)")
_IBAN_CANDIDATE = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?)\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w€])(?:\+|00)\d{1,3}[ -]?(?:\(0\))?[ -]?\d(?:[ -]?\d){7,11}(?!\w)"
    r"|(?<![\w€.,])0(?:6[ -]?\d(?:[ -]?\d){7}|[1-9]\d{1,2}[ -]?\d(?:[ -]?\d){5,6})(?![\w]|[.,]\d)"
)


def is_bsn(digits: str) -> bool:
    """The elfproef for a 9-digit BSN: sum of digit * weight (9..2, last -1) is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def is_iban(candidate: str) -> bool:
    """ISO 13616 mod-97 check."""
    iban = candidate.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def redact(text: str) -> Redaction:
    """Replace personal data by a marker such as ``[BSN verwijderd]``; report which kinds were found."""
    kinds: list[str] = []

    def sub_iban(match: re.Match[str]) -> str:
        if is_iban(match.group(1)):
            kinds.append("iban")
            return "[IBAN verwijderd]"
        return match.group(0)

    def sub_bsn(match: re.Match[str]) -> str:
        if is_bsn(re.sub(r"\D", "", match.group(1))):
            kinds.append("bsn")
            return "[BSN verwijderd]"
        return match.group(0)

    def sub_email(match: re.Match[str]) -> str:
        kinds.append("email")
        return "[e-mail verwijderd]"

    def sub_phone(match: re.Match[str]) -> str:
        kinds.append("telefoon")
        return "[telefoonnummer verwijderd]"

    out = _IBAN_CANDIDATE.sub(sub_iban, text)
    out = _EMAIL.sub(sub_email, out)
    out = _BSN_CANDIDATE.sub(sub_bsn, out)
    out = _PHONE.sub(sub_phone, out)
    return Redaction(out, tuple(dict.fromkeys(kinds)))
