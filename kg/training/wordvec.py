"""Word vectors of our own: word2vec on the 16 M-word news corpus, saved as a Stanza pretrain file.

    python -m kg.training.wordvec NEWS.jsonl.xz OUT_DIR

The vocabulary is capped so the pretrain file, shared by the tagger, parser and NER model,
stays small enough to ship.
"""
from __future__ import annotations

import json
import lzma
import re
import sys
from collections.abc import Iterator
from pathlib import Path

VOCABULARY = 50_000
DIMENSION = 64
# Surface tokens with punctuation split off, as Stanza's tokenizer delivers them.
TOKEN = re.compile(r"\w+|[^\w\s]")


def news_texts(path: Path) -> Iterator[str]:
    """Each article of the news archive as one text: its title, a line break, its paragraphs."""
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            yield f"{article.get('title') or ''}\n{article['text']}"


class NewsSentences:
    """Re-iterable stream of tokenised paragraphs: the corpus is never held in memory."""

    def __init__(self, path: Path):
        self.path = path

    def __iter__(self):
        for text in news_texts(self.path):
            for paragraph in text.split("\n"):
                tokens = TOKEN.findall(paragraph)
                if tokens:
                    yield tokens


def train(news: Path, out_dir: Path) -> Path:
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    out_dir.mkdir(parents=True, exist_ok=True)
    model = Word2Vec(NewsSentences(news), vector_size=DIMENSION, window=5, min_count=5,
                     max_final_vocab=VOCABULARY, sg=0, epochs=5, workers=2, seed=1)
    vectors = out_dir / "ar_kg.vectors.txt"
    model.wv.save_word2vec_format(str(vectors), binary=False)
    pretrain_file = out_dir / "ar_kg.pretrain.pt"
    Pretrain(str(pretrain_file), str(vectors), max_vocab=VOCABULARY).load()
    vectors.unlink()
    return pretrain_file


if __name__ == "__main__":
    train(Path(sys.argv[1]), Path(sys.argv[2]))
