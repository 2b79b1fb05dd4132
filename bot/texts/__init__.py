"""Tenant-facing texts written by our code (not by the dialogue, whose texts are in domain.yml), in Danish and
English, from one catalogue: bot/texts/tenant.yml. Read on first use, never at import time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).with_name("tenant.yml")
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every key with its text per language."""
    loaded = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}
    return {key: {lang: str(value) for lang, value in entry.items()} for key, entry in loaded.items()}


def variants(key: str) -> dict[str, str]:
    """The unformatted text of `key` in each language (KeyError for a key the catalogue lacks)."""
    return catalogue()[key]


def text(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang` (Danish for a language we do not write), with `values` filled in."""
    entry = variants(key)
    return entry.get(lang, entry[DEFAULT_LANGUAGE]).format(**values)
