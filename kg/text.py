"""Arabic text normalisation shared by training, linking and extraction."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

from anyascii import anyascii

from kg.lexicon import characters

# The characters are listed in ontology/lexicon.ttl (kg:diacritics, kg:quotationMarks, kg:letterVariants).
DIACRITICS = re.compile(f"[{re.escape(characters().diacritics)}]")  # harakat, dagger alif, tatweel
QUOTATION_MARKS = characters().quotation_marks  # ASCII and typographic; Arabic news writes «» either way round


def strip_diacritics(text: str) -> str:
    return DIACRITICS.sub("", text)


def written_word(word) -> str:
    """A Stanza word as the article writes it: a split token's word ("واتُّهم": و + اتُّهم) is cut
    from the token's text when the expander kept its letters (its own form is bare, as the treebank's)."""
    token = word.parent
    forms = [w.text for w in token.words]
    if len(forms) == 1 or strip_diacritics(token.text) != "".join(forms):
        return word.text
    pieces, letters = [""] * len(forms), 0
    ends = list(accumulate(len(form) for form in forms))
    for char in token.text:
        letters += not DIACRITICS.fullmatch(char)
        pieces[bisect_left(ends, max(letters, 1))] += char  # a diacritic goes with the letter before it
    return pieces[token.words.index(word)]


# Spelling variants Arabic news mixes freely (أكد/اكد, مسؤولية/مسئولية), each folded into one letter.
_LETTER_VARIANTS = str.maketrans(dict(characters().letter_variants))


@lru_cache(maxsize=1 << 16)  # called for every word by every rule: the same few thousand words
def normalise_arabic(text: str) -> str:
    """A comparison key for Arabic words: اكد and أكّد both give اكد.

    For matching only (lemmas, names): the result may be shorter than ``text``, so its offsets
    do not point into the original.
    """
    return strip_diacritics(unicodedata.normalize("NFKC", text)).translate(_LETTER_VARIANTS)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def slug(label: str) -> str:
    """Actor id from an English label: ``slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"``."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"['’]", "", anyascii(label).lower())).strip("_")
