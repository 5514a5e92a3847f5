"""Small readers for the tracker Rasa sends with every action call (plain JSON; no rasa-sdk in the service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.actions.registry import Body

#: queue per onderwerp (DOMEIN.md §6.2): werk = klantmanager, inkomen = inkomensconsulent
QUEUE = {
    "tegenprestatie": "werk",
    "ontheffing": "werk",
    "taaleis": "werk",
    "maatregel": "werk",
    "klantmanager": "werk",
    "inkomsten": "inkomen",
    "premie": "inkomen",
    "inlichtingenplicht": "inkomen",
    "bezwaar": "inkomen",
}


def tracker(body: Body) -> dict[str, Any]:
    t = body.get("tracker")
    return t if isinstance(t, dict) else {}


def slots(body: Body) -> dict[str, Any]:
    s = tracker(body).get("slots")
    return s if isinstance(s, dict) else {}


def latest(body: Body) -> dict[str, Any]:
    m = tracker(body).get("latest_message")
    return m if isinstance(m, dict) else {}


def metadata(body: Body) -> dict[str, Any]:
    md = latest(body).get("metadata")
    return md if isinstance(md, dict) else {}


def intent(body: Body) -> str:
    return str((latest(body).get("intent") or {}).get("name") or "")


def text(body: Body) -> str:
    return str(latest(body).get("text") or "")


def entity(body: Body, name: str) -> str | None:
    for e in latest(body).get("entities") or []:
        if isinstance(e, dict) and e.get("entity") == name and e.get("value") is not None:
            return str(e["value"])
    return None


def events(body: Body) -> list[dict[str, Any]]:
    ev = tracker(body).get("events")
    return [e for e in ev if isinstance(e, dict)] if isinstance(ev, list) else []


def since_user(body: Body) -> list[dict[str, Any]]:
    """Events after the latest user message (what this turn extracted)."""
    ev = events(body)
    for i in range(len(ev) - 1, -1, -1):
        if ev[i].get("event") == "user":
            return ev[i + 1 :]
    return ev


def slots_this_turn(body: Body) -> dict[str, Any]:
    return {str(e["name"]): e.get("value") for e in since_user(body) if e.get("event") == "slot" and "name" in e}


def bot_customs(body: Body) -> list[dict[str, Any]]:
    """The custom payloads the bot sent, oldest first."""
    out = []
    for e in events(body):
        if e.get("event") == "bot":
            custom = (e.get("data") or {}).get("custom")
            if isinstance(custom, dict):
                out.append(custom)
    return out


def bot_customs_this_turn(body: Body) -> list[dict[str, Any]]:
    return [
        c
        for e in since_user(body)
        if e.get("event") == "bot" and isinstance(c := (e.get("data") or {}).get("custom"), dict)
    ]


def reference_date(body: Body) -> dt.date:
    raw = metadata(body).get("reference_date")
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return dt.date.today()


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def active_loop(body: Body) -> str | None:
    loop = tracker(body).get("active_loop") or {}
    name = loop.get("name") if isinstance(loop, dict) else None
    return str(name) if name else None
