"""The whole pipeline over a batch of inputs: ingest -> nlp -> extract -> link -> rdf.

    from kg.build import build
    report = build(["examples/"], "stores/seeds")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg import nlp
from kg.extract import Extractor
from kg.ingest import IngestError, read_articles
from kg.link import Linker, link_statements
from kg.rdf import Store, content_hash
from kg.records import Article, ParsedArticle


@dataclass
class BuildReport:
    built: int = 0  # articles parsed and stored
    unchanged: int = 0  # articles already in the store with the same text
    statements: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.built} articles built, {self.unchanged} unchanged, {self.statements} statements, "
                f"{len(self.errors)} errors")


class Builder:
    """Parses, extracts and links articles; reusable across batches (models load once)."""

    def __init__(self, models: str | Path | None = None, use_gpu: bool = False):
        self.parser = nlp.Parser(nlp.resolve_models(models), use_gpu=use_gpu)
        self.linker = Linker()
        self.extractor = Extractor(self.linker)

    def parse(self, article: Article) -> ParsedArticle:
        return ParsedArticle(article, [self.parser(p.text) for p in article.paragraphs])

    def statements(self, article: Article):
        return link_statements(self.extractor.statements(self.parse(article)), self.linker)


def build(inputs: Iterable[str | Path], store: str | Path | None, models: str | Path | None = None,
          use_gpu: bool = False, on_error: Callable[[str], None] | None = None,
          builder: Builder | None = None) -> BuildReport:
    """Build every article of ``inputs`` into the store; bad inputs are reported and skipped."""
    report, builder = BuildReport(), builder or Builder(models, use_gpu)
    with Store(store) as target:
        for item in read_articles(inputs):
            if isinstance(item, IngestError):
                report.errors.append(str(item))
                if on_error:
                    on_error(str(item))
            elif target.article_hash(item.doc) == content_hash(item.text):
                report.unchanged += 1
            else:
                linked = builder.statements(item)
                target.write_article(item, linked)
                report.built += 1
                report.statements += len(linked)
    return report
