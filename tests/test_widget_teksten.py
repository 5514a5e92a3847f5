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
    for lang in LANGUAGES[1:]:
        assert set(labels[lang]) <= set(labels["nl"]), lang
        # only current translations are served; a missing one keeps the widget's built-in label
        assert all(text != labels["nl"][key] or key in ("klantmanager",) for key, text in labels[lang].items())
