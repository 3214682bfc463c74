"""Comparing what people type: case, accents and spacing must not matter."""

import unicodedata


def fold(text: str) -> str:
    """« Élodie  DURAND » → « elodie durand »: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def fold_name(text: str) -> str:
    """Names and towns: hyphens and apostrophes count as spaces too (« Saint-Étienne »)."""
    return fold(text.replace("-", " ").replace("'", " ").replace("’", " "))
