"""Redaction before logging: no BSN, IBAN, e-mail, phone number, address or access token reaches a log line.

:func:`install` wraps the log record factory, so every record of every logger (ours, uvicorn's, httpx's) is
redacted when it is created, before any handler or formatter sees it; handlers added later are covered too.
:class:`RedactingFilter` does the same as a ``logging.Filter`` for a single handler.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.privacy.redact import redact

#: Secrets in URLs and headers that end up in access logs (the widget's event stream has ``?token=``).
_SECRETS = re.compile(r"(?i)\b(token|secret|access_token|hub\.verify_token|signature)=([^&\s\"']+)")
_MARKER = "_bijstand_redacted"


def scrub(text: str) -> str:
    """``text`` without personal data and without secrets in query strings."""
    return _SECRETS.sub(lambda m: f"{m.group(1)}=[verwijderd]", redact(text).text)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Replace the message (with its arguments filled in) and any traceback text by redacted text, once."""
    if getattr(record, _MARKER, False):
        return record
    # Keep the format string and its arguments where that is safe: formatters such as uvicorn's access log
    # read ``record.args``. Otherwise the whole message becomes one redacted string.
    args: Any = record.args
    if isinstance(args, tuple):
        args = tuple(scrub(a) if isinstance(a, str) else a for a in args)
    elif isinstance(args, dict):
        args = {k: scrub(v) if isinstance(v, str) else v for k, v in args.items()}
    msg = scrub(record.msg) if isinstance(record.msg, str) else record.msg
    try:
        formatted = str(msg) % args if args else str(msg)
        safe = isinstance(msg, str) and scrub(formatted) == formatted
    except Exception:  # a broken format string must not lose the record
        formatted, safe = f"{record.msg!r} {record.args!r}", False
    if safe:
        record.msg, record.args = msg, args or None
    else:
        record.msg, record.args = scrub(formatted), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    setattr(record, _MARKER, True)
    return record


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_installed = False


def install() -> None:
    """Redact every log record from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
