"""Count the acronyms that news spells in Latin letters' names (سي إن إن, بي بي سي) in the news corpus.

The source of the acronym organisations of ontology/actors.ttl: every run of two or more words
that are letter names (kg:latinLetterNames), single spaces between them, proclitics cut off the
first word as kg/nlp.py cuts them; a run of only ambiguous words (إن 'that', في 'in', أو 'or', أي
'which', ال) is left out. The top runs are reviewed by hand (the review is in actors.ttl).

    .venv/bin/python tools/mine_acronyms.py ../shared/data/news/arabic_news.jsonl.xz --min 25
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from kg.nlp import LETTER_NAMES, LETTERS, acronym_key
from kg.text import normalise_arabic
from kg.training.wordvec import news_texts

AMBIGUOUS = frozenset(normalise_arabic(word) for word in ("إن", "في", "أو", "أي", "إل"))


def letter_runs(text: str):
    """The runs of letter-name words in a text, as normalised words."""
    words = list(LETTERS.finditer(text))
    start = 0
    while start < len(words):
        end = start
        while end < len(words) and (key := acronym_key(text, words[start:end + 1])) and key[-1] in LETTER_NAMES \
                and key[0] in LETTER_NAMES:
            end += 1
        if end - start > 1:
            yield acronym_key(text, words[start:end])
        start = max(end, start + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the news archive (JSON Lines, xz)")
    parser.add_argument("--min", type=int, default=25, help="runs met at least this often")
    args = parser.parse_args()
    counts = Counter(run for text in news_texts(args.corpus) for run in letter_runs(text)
                     if not set(run) <= AMBIGUOUS)
    for run, count in counts.most_common():
        if count < args.min:
            break
        print(count, " ".join(run), sep="\t")


if __name__ == "__main__":
    main()
