"""The parse cache: every article's Stanza parse, kept beside the store so that changed extraction
rules re-extract the corpus without parsing it again (``kg build --reextract``).

An entry is keyed by the hash of the article's text (the kg:contentHash of the store) and holds
the text, its cleaned paragraphs with their offsets back into it, and each paragraph's sentences as
Stanza's CoNLL-U dicts (``Document.to_dict()``: tokens with offsets, words with tags, lemmas, the
tree and NER tags), gzipped JSON in ``DIR/parses/ab/abcdef….json.gz``. Entries are written
atomically, so a killed build leaves whole entries or none.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from kg.files import atomic_writer
from kg.rdf import content_hash
from kg.records import Article, Paragraph

FOLDER = "parses"  # inside the store's folder
ParagraphParses = list[list[list[dict]]]  # per paragraph, per sentence, the CoNLL-U dict of each token and word


def documents(article: Article, parses: ParagraphParses) -> list:
    """One stanza Document per paragraph, as the parser made it (entities included)."""
    import stanza

    return [stanza.Document(sentences, text=paragraph.text)
            for paragraph, sentences in zip(article.paragraphs, parses)]


class ParseCache:
    """Parses on disk by article text hash; a missing or unreadable entry just means: parse again."""

    def __init__(self, store_folder: Path | str):
        self.folder = Path(store_folder) / FOLDER

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json.gz"

    def get(self, article: Article) -> ParagraphParses | None:
        """The parse of ``article``'s paragraphs, if they were parsed before as they are now cleaned."""
        entry = self._read(content_hash(article.text))
        if entry is None or [p["text"] for p in entry["paragraphs"]] != [p.text for p in article.paragraphs]:
            return None
        return [p["sentences"] for p in entry["paragraphs"]]

    def put(self, article: Article, parses: ParagraphParses) -> None:
        entry = {"text": article.text, "paragraphs": [
            {"text": paragraph.text, "pieces": paragraph.pieces, "sentences": sentences}
            for paragraph, sentences in zip(article.paragraphs, parses)]}
        with atomic_writer(self.path(content_hash(article.text)), binary=True) as stream:
            stream.write(gzip.compress(json.dumps(entry, ensure_ascii=False).encode("utf-8"), compresslevel=6))

    def restore(self, key: str, **fields: str | None) -> tuple[Article, ParagraphParses] | None:
        """The article whose text hashes to ``key``, with ``fields`` (doc, title, date, source, url)
        from the store, and its parse; None when it is not cached."""
        entry = self._read(key)
        if entry is None:
            return None
        paragraphs = tuple(Paragraph(p["text"], tuple(map(tuple, p["pieces"]))) for p in entry["paragraphs"])
        return Article(text=entry["text"], paragraphs=paragraphs, **fields), [p["sentences"] for p in entry["paragraphs"]]

    def _read(self, key: str) -> dict | None:
        try:
            with gzip.open(self.path(key), "rb") as stream:
                return json.load(stream)
        except (OSError, EOFError, ValueError):  # absent, or damaged outside kg: parse again
            return None
