"""The whole pipeline over a batch of inputs: ingest -> nlp -> extract -> link -> rdf.

    from kg.build import build
    report = build(["examples/"], "stores/seeds")
    report = build(["news.jsonl.xz"], "stores/news", workers=2)  # or dask="tcp://scheduler:8786"
    report = build([], "stores/news", reextract=True, actors=["my-actors.csv"])  # kg.actor_lists

Inputs are streamed, never held whole. An article already stored with the same text is skipped, so
a build that was stopped, even by kill -9, resumes where it was: each parse goes to the parse cache
(kg.parses) and then the article to the store in one transaction. Workers (kg.parallel) parse,
extract and link; this process alone writes the cache and the store. At the end, statements of the
same claim in several articles are grouped again (kg.corroborate).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from kg import nlp
from kg.actor_lists import ActorFile, read_actor_files
from kg.corroborate import CLAIM_WINDOW_DAYS, corroborate
from kg.errors import KgError
from kg.extract import Extractor
from kg.ingest import IngestError, count_records, read_articles
from kg.link import Linker, link_statements
from kg.parallel import batched, runner
from kg.parses import ParagraphParses, ParseCache, documents
from kg.rdf import Store, content_hash, statement_iri
from kg.records import Article, LinkedStatement, ParsedArticle

BATCH = 32  # articles per Stanza call and per worker task: a worker parses 1.09x faster than with 8 (docs/corpus-scale.md)


@dataclass
class BuildReport:
    built: int = 0  # articles parsed (or taken from the parse cache) and stored
    unchanged: int = 0  # articles already in the store with the same text
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # names the user's actor lists share with other actors
    sentences: int = 0  # in the articles built
    from_cache: int = 0  # articles built from a cached parse, without Stanza (nothing left to parse)
    claims: int = 0  # corroborated claims in the store after the build
    expected: int | None = None  # inputs to go through, when counted for a progress display

    @property
    def handled(self) -> int:
        return self.built + self.unchanged + len(self.errors)

    def summary(self) -> str:
        extras = [f"{self.from_cache} from cached parses" if self.from_cache else "",
                  f"{self.claims} corroborated claims in the store" if self.claims else "",
                  f"{len(self.warnings)} warnings" if self.warnings else ""]
        return "; ".join([f"{self.built} articles built, {self.unchanged} unchanged, {self.statements} statements, "
                          f"{len(self.errors)} errors", *filter(None, extras)])


@dataclass
class Job:
    article: Article
    parses: ParagraphParses | None = None  # from the parse cache


@dataclass
class Outcome:
    article: Article
    statements: list[LinkedStatement] = field(default_factory=list)
    parses: ParagraphParses | None = None  # a fresh parse, for the cache
    sentences: int = 0
    error: str | None = None
    failures: list[str] = field(default_factory=list)  # sentences lost, the rest of the article kept


class Builder:
    """Parses, extracts and links articles; reusable across batches. The Stanza models load at the
    first parse, so re-extracting cached parses never loads them. ``actors``: the user's actor lists
    (kg.actor_lists), which win over the bundled actors."""

    def __init__(self, models: nlp.ModelSet | str | Path | None = None, use_gpu: bool = False,
                 actors: Iterable[ActorFile | str | Path] = ()):
        self.models = models if isinstance(models, nlp.ModelSet) else nlp.resolve_models(models)
        self.use_gpu = use_gpu
        self.actor_files = read_actor_files(actors)
        self.linker = Linker(actors=self.actor_files)
        self.extractor = Extractor(self.linker)

    @cached_property
    def parser(self) -> nlp.Parser:
        return nlp.Parser(self.models, use_gpu=self.use_gpu)

    def parse(self, article: Article) -> ParsedArticle:
        texts = [p.text for p in article.paragraphs]
        return ParsedArticle(article, self.parser.parse_many(texts, self.extractor.needs_tree))

    def statements(self, article: Article) -> list[LinkedStatement]:
        return self.extract(self.parse(article))

    def extract(self, parsed: ParsedArticle) -> list[LinkedStatement]:
        return link_statements(self.extractor.statements(parsed), self.linker)

    def work(self, jobs: list[Job]) -> list[Outcome]:
        """Each job's outcome; the paragraphs of all uncached articles go to Stanza in one call.
        A failure is one article's error, never the whole batch's or the build's."""
        try:
            parsed = self._documents(jobs)
        except Exception as error:  # Stanza stumbles on some odd text: parse the articles apart to find it
            if len(jobs) > 1:
                return [outcome for job in jobs for outcome in self.work([job])]
            return [Outcome(jobs[0].article, error=_failure(jobs[0].article, "cannot parse", error))]
        return [self._outcome(job.article, docs, parsed_now) for job, (docs, parsed_now) in zip(jobs, parsed)]

    def _documents(self, jobs: list[Job]) -> list[tuple[list, bool]]:
        """Each job's documents, and whether Stanza worked on them now (so they go to the cache).
        A cached parse gets the trees its sentences need now and did not then (the trigger lexicon
        grew since), all the batch's in one call; the models load only if some sentence needs one."""
        needs_tree = self.extractor.needs_tree
        texts = [p.text for job in jobs if job.parses is None for p in job.article.paragraphs]
        fresh = iter(self.parser.parse_many(texts, needs_tree) if texts else [])
        parsed, incomplete = [], []
        for job in jobs:
            if job.parses is None:
                parsed.append(([next(fresh) for _ in job.article.paragraphs], True))
                continue
            docs = documents(job.article, job.parses)
            lacking = bool(nlp.treeless(docs, needs_tree))
            incomplete += docs if lacking else []
            parsed.append((docs, lacking))
        if incomplete:
            self.parser.complete(incomplete, needs_tree)
        return parsed

    def _outcome(self, article: Article, docs: list, parsed_now: bool) -> Outcome:
        try:
            statements = self.extract(ParsedArticle(article, docs))
        except Exception as error:  # a bug on one odd sentence must not stop a corpus build
            return Outcome(article, error=_failure(article, "cannot extract statements", error))
        parses = [doc.to_dict() for doc in docs] if parsed_now else None
        return Outcome(article, statements, parses, sum(len(doc.sentences) for doc in docs),
                       failures=self.extractor.failures)


def _failure(article: Article, what: str, error: Exception) -> str:
    detail = " ".join(f"{type(error).__name__}: {error}".split())  # Stanza's messages span lines
    return f"{article.doc}: {what} ({detail[:200]}); skipped"


_worker = threading.local()


def work_in_worker(jobs: list[Job], models: nlp.ModelSet, use_gpu: bool,
                   actors: tuple[ActorFile, ...] = ()) -> list[Outcome]:
    """``Builder.work`` in a worker process, local or on Dask: each worker thread loads a Builder once.
    One torch thread each: workers are one per core, and more threads than cores slow torch badly.
    The actor lists come as text: a Dask worker may not see the files."""
    builders = _worker.__dict__.setdefault("builders", {})
    key = (str(models.path), use_gpu, actors)
    if key not in builders:
        import torch

        torch.set_num_threads(1)
        builders[key] = Builder(models, use_gpu, actors)
    return builders[key].work(jobs)


STORED_ARTICLES = """
SELECT ?doc ?hash ?title ?date ?source ?url WHERE { GRAPH ?graph {
  ?article a kg:Article ; dcterms:identifier ?doc ; kg:contentHash ?hash .
  OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?source } OPTIONAL { ?article schema:url ?url } } }"""


@dataclass
class _Run:
    """One build: what is read is checked here, and what the workers return is written here."""

    store: Store
    cache: ParseCache | None
    report: BuildReport
    on_error: Callable[[str], None] | None = None
    on_progress: Callable[[BuildReport], None] | None = None
    on_warning: Callable[[str], None] | None = None
    seen: dict[str, str] = field(default_factory=dict)  # doc -> text hash of every input article so far

    def check_lists(self, linker: Linker) -> None:
        """What is wrong in the user's actor lists is an error each, a name they share a warning."""
        for message in linker.lists.errors:
            self.fail(message)
        for message in linker.clashes:
            self.report.warnings.append(message)
            if self.on_warning:
                self.on_warning(message)

    def jobs(self, items: Iterable[Article | IngestError]) -> Iterator[Job]:
        """The articles to build; errors are reported, repeated and unchanged articles skipped."""
        for item in items:
            if isinstance(item, IngestError):
                self.fail(str(item))
                continue
            digest = content_hash(item.text)
            earlier = self.seen.get(item.doc)
            self.seen.setdefault(item.doc, digest)
            if earlier not in (None, digest):
                self.fail(f"{item.doc}: an earlier article of this build has this id and another text; "
                          "skipped (the first one is kept)")
            elif earlier == digest or self.store.article_hash(item.doc) == digest:
                self.report.unchanged += 1
                self.progress()
            else:
                yield Job(item, self.cache.get(item) if self.cache else None)

    def stored_jobs(self) -> Iterator[Job]:
        """Every stored article again, with its cached parse (kg build --reextract)."""
        if self.cache is None:
            raise KgError("--reextract needs a store on disk, where the parses are cached")
        rows = self.store.select(STORED_ARTICLES)
        if self.report.expected is not None:
            self.report.expected += len(rows)
        for doc, key, *values in rows:
            fields = {name: None if value is None else str(value)
                      for name, value in zip(("title", "date", "source", "url"), values)}
            restored = self.cache.restore(str(key), doc=str(doc), **fields)
            if restored is None:
                self.fail(f"{doc}: no cached parse to re-extract from; build it again from its input")
            else:
                yield Job(*restored)

    def write(self, outcome: Outcome) -> None:
        if outcome.error:
            self.fail(outcome.error)
            return
        if self.cache is not None and outcome.parses is not None:
            self.cache.put(outcome.article, outcome.parses)  # first: a kill before the store write costs no parse
        self.store.write_article(outcome.article, outcome.statements)
        for failure in outcome.failures:
            self.fail(failure)
        self.report.built += 1
        self.report.statements += len({statement_iri(s) for s in outcome.statements})  # as stored: repeats merge
        self.report.sentences += outcome.sentences
        self.report.from_cache += outcome.parses is None
        self.progress()

    def fail(self, message: str) -> None:
        self.report.errors.append(message)
        if self.on_error:
            self.on_error(message)
        self.progress()

    def progress(self) -> None:
        if self.on_progress:
            self.on_progress(self.report)


def build(inputs: Iterable[str | Path], store: str | Path | None, models: str | Path | None = None,
          use_gpu: bool = False, on_error: Callable[[str], None] | None = None,
          builder: Builder | None = None, *, workers: int = 1, dask: str | None = None, batch: int = BATCH,
          reextract: bool = False, claim_window: int = CLAIM_WINDOW_DAYS,
          on_progress: Callable[[BuildReport], None] | None = None, actors: Iterable[str | Path] = (),
          on_warning: Callable[[str], None] | None = None) -> BuildReport:
    """Build every article of ``inputs`` into the store; bad inputs are reported and skipped.

    ``workers`` > 1 parses in that many local processes, ``dask`` on the Dask scheduler at that
    address; ``batch`` articles go to Stanza at once. ``reextract`` first extracts every stored
    article again from its cached parse. ``on_progress`` gets the report after each article; its
    ``expected`` then counts the inputs, read once more for it. Statements of the same claim within
    ``claim_window`` days become one corroborated claim. ``actors``: the user's actor lists (CSV or
    Turtle, kg.actor_lists), whose actors win over the bundled ones; a bad actor in them is an error
    (``on_error``), a name they share with another actor a warning (``on_warning``). A ``builder``
    given has its lists already.
    """
    inputs = list(inputs)  # read twice when counted
    report = BuildReport(expected=count_records(inputs) if on_progress else None)
    if builder is not None and actors:
        raise ValueError("give the actor lists to the Builder")
    builder = builder or Builder(models, use_gpu, actors)  # the Stanza models load only at its first parse
    work = _work(builder, parallel=workers > 1 or bool(dask))
    with Store(store) as target, runner(workers, dask) as run:
        this = _Run(target, ParseCache(target.path) if target.path else None, report, on_error, on_progress, on_warning)
        this.check_lists(builder.linker)
        # Stored articles first and apart: a newer text of one of them among the inputs is written last.
        for jobs in (this.stored_jobs() if reextract else (), this.jobs(read_articles(inputs))):
            for outcomes in run(work, batched(jobs, batch)):
                for outcome in outcomes:
                    this.write(outcome)
        report.claims = corroborate(target, claim_window)
    return report


def _work(builder: Builder, parallel: bool) -> Callable[[list[Job]], list[Outcome]]:
    if not parallel:
        return builder.work
    # Resolved here, once: workers get a path and never go looking for (or downloading) models.
    return partial(work_in_worker, models=builder.models, use_gpu=builder.use_gpu, actors=builder.actor_files)
