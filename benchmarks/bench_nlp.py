"""Speed of the full Arabic pipeline (tokenize -> mwt -> pos -> lemma -> depparse -> ner) on this machine.

    python benchmarks/bench_nlp.py --news ../shared/data/news/arabic_news.jsonl.xz [--models PATH]

Prints sentences/s and tokens/s on the seed articles and on 1,000 news sentences, and the peak RSS.
"""
from __future__ import annotations

import argparse
import json
import lzma
import re
import resource
import time
from pathlib import Path

from kg import nlp

SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


def news_sentences(path: Path, count: int) -> list[str]:
    sentences = []
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            for paragraph in json.loads(line)["text"].split("\n"):
                sentences += [s for s in SENTENCE_END.split(paragraph) if len(s.split()) >= 4]
            if len(sentences) >= count:
                return sentences[:count]
    return sentences


def measure(name: str, texts: list[str], parser: nlp.Parser) -> None:
    started = time.perf_counter()
    docs = [parser(text) for text in texts]
    seconds = time.perf_counter() - started
    sentences = sum(len(doc.sentences) for doc in docs)
    tokens = sum(doc.num_tokens for doc in docs)
    print(f"{name:22} {sentences:6d} sentences {tokens:7d} tokens {seconds:7.1f} s "
          f"{sentences / seconds:7.1f} sentences/s {tokens / seconds:8.1f} tokens/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--news", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=Path("examples"))
    parser.add_argument("--models", type=Path)
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    models = nlp.resolve_models(args.models)
    parser = nlp.Parser(models)
    print(f"{models.describe()}; pipeline loaded in {time.perf_counter() - started:.1f} s")
    measure("seeds (5 articles)", [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))], parser)
    # One sentence per line, paragraphs of 20: the tokenizer still has to find the sentence ends.
    sentences = news_sentences(args.news, args.sentences)
    paragraphs = ["\n".join(sentences[i:i + 20]) for i in range(0, len(sentences), 20)]
    measure(f"news ({len(sentences)} sentences)", ["\n\n".join(paragraphs)], parser)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
