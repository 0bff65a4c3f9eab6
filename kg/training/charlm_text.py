"""Plain text for the character language models: the first articles of the news corpus.

    python -m kg.training.charlm_text NEWS.jsonl.xz OUT_DIR

Stanza's charlm trainer reads raw text; one article in 500 goes to the dev file it scores on.
The text is capped so that one epoch of a one-thread trainer fits in under an hour here.
"""
from __future__ import annotations

import sys
from pathlib import Path

from kg.training.wordvec import news_texts

TRAINING_CHARACTERS = 40_000_000
DEV_EVERY = 500


def write_text(news: Path, out_dir: Path, characters: int = TRAINING_CHARACTERS) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(out_dir / "train.txt", "w", encoding="utf-8") as train, \
            open(out_dir / "dev.txt", "w", encoding="utf-8") as dev:
        for number, text in enumerate(news_texts(news)):
            text = text.strip() + "\n"
            if number % DEV_EVERY == 0:
                dev.write(text)
                continue
            train.write(text)
            written += len(text)
            if written >= characters:
                break


if __name__ == "__main__":
    write_text(Path(sys.argv[1]), Path(sys.argv[2]))
