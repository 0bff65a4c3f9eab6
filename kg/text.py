"""Arabic text normalisation shared by training, linking and extraction."""
from __future__ import annotations

import re
import unicodedata

DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel
QUOTATION_MARKS = '"“”«»„'  # ASCII and typographic; Arabic news writes «» either way round


def strip_diacritics(text: str) -> str:
    return DIACRITICS.sub("", text)


# Spelling variants Arabic news mixes freely: hamza seats on alef (أإآٱ), final ى/ي, ة/ه,
# hamza on waw/ya (مسؤولية/مسئولية), Persian kaf/ya.
_LETTER_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                                  "ؤ": "ء", "ئ": "ء", "ک": "ك", "ی": "ي"})


def normalise_arabic(text: str) -> str:
    """A comparison key for Arabic words: اكد and أكّد both give اكد.

    For matching only (lemmas, names): the result may be shorter than ``text``, so its offsets
    do not point into the original.
    """
    return strip_diacritics(unicodedata.normalize("NFKC", text)).translate(_LETTER_VARIANTS)
