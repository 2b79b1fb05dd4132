"""Text normalisation shared by the lexicons: lowercase, ascii-folded Danish letters."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def fold(text: str) -> str:
    """Lowercase, æ->ae, ø->oe, å->aa, strip other accents, collapse whitespace."""
    text = unicodedata.normalize("NFC", text or "").lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Tenants without æøå write "o" for "ø" and "a" for "å"; patterns accept both.
    return re.sub(r"\s+", " ", text).strip()
