"""Personal data is removed before storage: checksums decide, ordinary numbers stay."""

from __future__ import annotations

import pytest

from bot.privacy.redact import is_bsn, is_iban, redact


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "1112.22.333", "111 222 333"])
def test_valid_bsn_is_removed(bsn: str) -> None:
    out = redact(f"mijn bsn is {bsn} toch?")
    assert out.kinds == ("bsn",)
    assert "[BSN verwijderd]" in out.text
    assert bsn not in out.text


def test_elfproef() -> None:
    assert is_bsn("111222333")
    assert not is_bsn("111222334")
    assert not is_bsn("000000000")


@pytest.mark.parametrize("iban", ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "DE89370400440532013000"])
def test_valid_iban_is_removed(iban: str) -> None:
    out = redact(f"stort het op {iban}.")
    assert out.kinds == ("iban",)
    assert iban not in out.text


def test_invalid_iban_checksum_is_kept() -> None:
    assert not is_iban("NL92ABNA0417164300")
    assert redact("NL92ABNA0417164300").kinds == ()


@pytest.mark.parametrize(
    "text",
    [
        "ik verdien € 600 per 4 weken",
        "op 12-03-2026 kreeg ik 1401,50",
        "artikel 31 lid 2 onder n",
        "123456789 is geen bsn",
        "postcode nummer 12",
    ],
)
def test_amounts_dates_and_articles_stay(text: str) -> None:
    assert redact(text).text == text


def test_email_and_phone_are_removed() -> None:
    out = redact("mail me op jan.jansen@example.nl of bel 06-12345678 / +31 6 12345678")
    assert set(out.kinds) == {"email", "telefoon"}
    assert "example.nl" not in out.text and "12345678" not in out.text
