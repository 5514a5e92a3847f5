"""Translations: gettext catalogs in ``vertalingen/`` (managed with babel) for service sentences and cards."""
