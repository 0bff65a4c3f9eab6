"""Building at corpus scale: the parse cache, resuming after kill -9, local and Dask workers, bad
input, corroborated claims. tests/data/corpus_sample.jsonl holds six short articles of the news
corpus (four outlets on the same statement of the Saudi education minister)."""
import csv
import gzip
import io
import json
import lzma
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, small_rules
from kg import nlp
from kg.build import Builder, Job, build
from kg.corroborate import CLAIMS_GRAPH, corroborate
from kg.ingest import read_articles
from kg.ontology import validate
from kg.parses import FOLDER, ParseCache, documents
from kg.query import query, render
from kg.rdf import Store, statement_iri
from kg.records import Actor, Article, LinkedStatement, Mention, Statement

SAMPLE = Path(__file__).parent / "data" / "corpus_sample.jsonl"
SAMPLE_SIZE = 6
GOOD = "قال وزير الخارجية الروسي سيرغي لافروف إن روسيا تدعم الحل السياسي في سورية."


@pytest.fixture(scope="module")
def builder():
    """One Builder for the module, parsing with one torch thread: on a busy CPU, two threads make
    torch many times slower (docs/corpus-scale.md)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield Builder(nlp.bundled_models())
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, builder) -> Path:
    """The sample built without interruption, serially: what every other way must equal."""
    path = tmp_path_factory.mktemp("sample") / "store"
    report = build([SAMPLE], path, builder=builder)
    assert (report.built, report.errors) == (SAMPLE_SIZE, []) and report.statements > 0
    return path


def quads(path: Path) -> list[tuple]:
    with Store(path) as store:
        return sorted(tuple(term.n3() for term in row)
                      for row in store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))


# ---------------------------------------------------------------- the parse cache

def test_extraction_from_the_cached_parse_equals_extraction_from_a_fresh_one(tmp_path, builder):
    article = next(read_articles([SAMPLE]))
    parsed = builder.parse(article)
    cache = ParseCache(tmp_path)
    cache.put(article, [doc.to_dict() for doc in parsed.docs])
    [again] = builder.work([Job(article, cache.get(article))])
    fresh = builder.extract(parsed)
    assert again.parses is None and again.sentences == sum(len(doc.sentences) for doc in parsed.docs) > 1
    assert [statement_iri(s) for s in again.statements] == [statement_iri(s) for s in fresh] != []
    assert [vars(s.statement) for s in again.statements] == [vars(s.statement) for s in fresh]
    restored = documents(article, cache.get(article))
    assert ["{:C}".format(doc) for doc in restored] == ["{:C}".format(doc) for doc in parsed.docs]  # tags, tree, NER
    assert [[(e.text, e.type, e.start_char) for e in doc.ents] for doc in restored] == \
           [[(e.text, e.type, e.start_char) for e in doc.ents] for doc in parsed.docs]


def test_a_parse_of_other_paragraphs_is_not_used(tmp_path, builder):
    [article] = read_articles([EXAMPLES / "001_5338f5e4b209c58c.txt"])
    cache = ParseCache(tmp_path)
    cache.put(article, [[] for _ in article.paragraphs])
    assert cache.get(article) is not None
    cleaned_otherwise = Article(article.doc, article.text, article.paragraphs[1:])
    assert cache.get(cleaned_otherwise) is None


def test_reextract_applies_new_rules_to_every_stored_article_without_stanza(tmp_path, sample_store):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    silent = Builder(nlp.bundled_models())
    silent.extract = lambda parsed: []  # "new extraction rules" that find nothing
    report = build([], store, builder=silent, reextract=True)
    assert (report.built, report.from_cache, report.statements) == (SAMPLE_SIZE, SAMPLE_SIZE, 0)
    assert "parser" not in vars(silent)  # the Stanza pipeline was never loaded
    with Store(store) as opened:
        assert opened.statements() == []
    build([SAMPLE], store, builder=Builder(nlp.bundled_models()), reextract=True)
    assert quads(store) == quads(sample_store)


def test_reextract_parses_what_sentences_need_now_and_caches_it(tmp_path, sample_store):
    """A sentence parsed without a tree (it could hold no statement then) that may hold one now
    (the trigger lexicon grew) gets its tree at re-extraction, once."""
    store = tmp_path / "store"
    before = Builder(nlp.bundled_models())
    before.extractor.needs_tree = lambda sentence: False  # a lexicon that triggers nothing
    before.extract = lambda parsed: []
    build([SAMPLE], store, builder=before)
    now = Builder(nlp.bundled_models())
    report = build([], store, builder=now, reextract=True)
    assert (report.built, report.from_cache, report.errors) == (SAMPLE_SIZE, 0, [])
    assert quads(store) == quads(sample_store)
    again = Builder(nlp.bundled_models())
    assert build([], store, builder=again, reextract=True).from_cache == SAMPLE_SIZE
    assert "parser" not in vars(again)
    assert quads(store) == quads(sample_store)


# ---------------------------------------------------------------- resuming, in parallel

def test_kill_9_in_the_middle_then_a_rerun_equals_an_uninterrupted_build(tmp_path, sample_store, builder):
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg.cli", "build", SAMPLE, "--store", store, "--batch", "1", "-q"]
    environment = {**os.environ, "STANZA_RESOURCES_DIR": "/nonexistent", "OMP_NUM_THREADS": "1"}  # as conftest.kg
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list((store / FOLDER).glob("*/*.json.gz"))) < 2:  # the second parse: the first article is stored
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    seen = []
    report = build([SAMPLE], store, builder=builder, on_progress=lambda r: seen.append(r.handled))
    assert report.unchanged >= 1 and report.built >= 1 and report.unchanged + report.built == SAMPLE_SIZE
    assert report.expected == SAMPLE_SIZE and seen[-1] == SAMPLE_SIZE
    assert quads(store) == quads(sample_store)


def test_two_local_worker_processes_build_the_same_store(tmp_path, sample_store):
    report = build([SAMPLE], tmp_path / "store", nlp.bundled_models().path, workers=2, batch=2)
    assert (report.built, report.errors) == (SAMPLE_SIZE, [])
    assert quads(tmp_path / "store") == quads(sample_store)


def test_a_dask_cluster_builds_the_same_store(tmp_path, sample_store):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        report = build([SAMPLE], tmp_path / "store", nlp.bundled_models().path,
                       dask=cluster.scheduler_address, batch=2)
    assert (report.built, report.errors) == (SAMPLE_SIZE, [])
    assert quads(tmp_path / "store") == quads(sample_store)


# ---------------------------------------------------------------- bad input at scale

def record(doc: str, text: str = GOOD) -> str:
    return json.dumps({"id": doc, "text": text}, ensure_ascii=False) + "\n"


def truncated_xz(folder: Path) -> None:
    data = lzma.compress("".join(record(f"x{i}") for i in range(3)).encode())
    (folder / "cut.jsonl.xz").write_bytes(data[:-40])


def corrupt_gz(folder: Path) -> None:
    data = bytearray(gzip.compress("".join(record(f"g{i}", GOOD * 20) for i in range(3)).encode()))
    data[len(data) // 2: len(data) // 2 + 8] = b"\xff" * 8
    (folder / "bad.jsonl.gz").write_bytes(bytes(data))


def broken_line(folder: Path) -> None:
    (folder / "broken.jsonl").write_text('{"id": "b1", "text": "قال\n', encoding="utf-8")


def huge_article(folder: Path) -> None:
    (folder / "huge.jsonl").write_text(record("h1", "قال " * 715_000), encoding="utf-8")  # 5 MB


def repeated_id(folder: Path) -> None:
    (folder / "repeats.jsonl").write_text(record("good") + record("good", GOOD + " وأضاف أن ..."), encoding="utf-8")


@pytest.mark.parametrize("make, problem", [
    (truncated_xz, ("cut.jsonl.xz:", "corrupt or truncated")),  # at the line where the stream breaks
    (corrupt_gz, ("bad.jsonl.gz:1: corrupt or truncated",)),
    (broken_line, ("broken.jsonl:1: not valid JSON",)),
    (huge_article, ("huge.jsonl:1: line too long (over 1,000,000 bytes)",)),
    (repeated_id, ("good: an earlier article of this build has this id and another text",)),
])
def test_bad_input_is_one_line_skipped_and_counted_and_the_build_goes_on(tmp_path, builder, make, problem):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "z_good.jsonl").write_text(record("good") + record("other"), encoding="utf-8")
    make(folder)
    lines = []
    report = build([folder], tmp_path / "store", builder=builder, on_error=lines.append)
    assert len(lines) == 1 and all(part in lines[0] for part in problem) and "\n" not in lines[0], lines
    assert report.errors == lines and "1 errors" in report.summary()
    with Store(tmp_path / "store") as store:
        assert {"good", "other"} <= {str(row[0]) for row in store.select("SELECT ?doc WHERE { ?a dcterms:identifier ?doc }")}
        assert store.article_hash("good") == store.article_hash("other")  # the first text of "good" is kept


# ---------------------------------------------------------------- corroborated claims

MINISTER = Actor("azzam_al_dakhil", "Azzam al-Dakhil", "عزام الدخيل", "Person")
SAUDI_ARABIA = Actor("saudi_arabia", "Saudi Arabia", "السعودية", "State")


def reporting_article(doc: str, day: str | None, source: str, target: Actor | None = SAUDI_ARABIA) -> tuple:
    sentence = "أكد وزير التعليم عزام الدخيل جاهزية المدارس."
    statement = Statement(doc, sentence, 0, len(sentence), "assert", "أكد",
                          Mention(MINISTER.label_ar, 17, 28), None, "جاهزية المدارس", 0.9,
                          rules=small_rules(0, target and target.id))
    return Article(doc, sentence, (), date=day, source=source), [LinkedStatement(statement, MINISTER, target)]


@pytest.fixture
def reported_store(tmp_path) -> Path:
    """Two outlets a day apart, a third ten days later, one undated, one with another target."""
    with Store(tmp_path / "store") as store:
        for article, statements in (reporting_article("a1", "2015-07-22", "sabq"),
                                    reporting_article("a2", "2015-07-23", "alweeam"),
                                    reporting_article("a3", "2015-08-01", "okaz"),
                                    reporting_article("a4", None, "alriyadh"),
                                    reporting_article("a5", "2015-07-22", "alyaum", target=None)):
            store.write_article(article, statements)
    return tmp_path / "store"


def corroborated(path: Path, window: int) -> list[dict]:
    with Store(path) as store:
        corroborate(store, window)
        sparql = (ROOT / "examples" / "queries" / "corroborated-claims.rq").read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(render(query(store, sparql), "csv"))))


def test_the_same_claim_from_two_outlets_within_days_is_one_claim_with_two_reports(reported_store):
    [claim] = corroborated(reported_store, window=3)
    assert (claim["speaker_name"], claim["type"].split("#")[-1], claim["target_name"]) == \
           ("Azzam al-Dakhil", "assert", "Saudi Arabia")
    assert (claim["date"], claim["outlets"]) == ("2015-07-22", "2")
    assert set(claim["reported_by"].split(", ")) == {"sabq", "alweeam"}
    with Store(reported_store) as store:
        reports = store.select(f"SELECT ?doc WHERE {{ GRAPH <{CLAIMS_GRAPH}> {{ ?c kg:report ?s }} "
                               "?s kg:article/dcterms:identifier ?doc }")
        assert sorted(str(doc) for doc, in reports) == ["a1", "a2"]
        assert validate(store.union())[0]


def test_a_wider_window_takes_the_later_report_in_and_recomputing_replaces_the_claims(reported_store):
    [claim] = corroborated(reported_store, window=10)
    assert claim["outlets"] == "3"
    assert corroborated(reported_store, window=0) == []
