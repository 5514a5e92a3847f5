"""The widget's labels come from the translation catalogs, in every language."""

from __future__ import annotations

import httpx

from bot.i18n.catalogs import LANGUAGES


def test_widget_labels_are_served_for_every_language(client: httpx.Client) -> None:
    r = client.get("/api/v1/widget/teksten")
    assert r.status_code == 200
    labels = r.json()
    assert set(labels) == set(LANGUAGES)
    assert labels["nl"]["field"] == "Je vraag"
    assert labels["nl"]["notice"].startswith("Je praat met een computerprogramma")
    for lang in LANGUAGES:
        assert set(labels[lang]) == set(labels["nl"]), lang
