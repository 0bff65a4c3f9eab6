"""Shared fixtures: the seeds are built once per test session, with the bundled models."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph import GraphFilter, statement_graph
from kg.rdf import Store
from kg.records import Actor, Article, LinkedStatement, Mention, Statement

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def kg(*args, env=None, cwd=None, timeout=1200):
    """Run the ``kg`` command in a subprocess; official Stanza models are hidden unless ``env`` says otherwise."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout,
                          env={**os.environ, "STANZA_RESOURCES_DIR": "/nonexistent", **(env or {})})


def error_line(result: subprocess.CompletedProcess) -> str:
    """What a failed kg command printed: exit code 1 and one line "error: ..." on stderr, no traceback."""
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory) -> Path:
    """A folder with ``store/`` (the seeds built by `kg build`) and ``seeds.jsonl`` (its export)."""
    folder = tmp_path_factory.mktemp("seeds")
    built = kg("build", EXAMPLES, "--store", folder / "store")
    assert built.returncode == 0, built.stderr
    exported = kg("export", "--store", folder / "store", "--format", "jsonl", "-o", folder / "seeds.jsonl")
    assert exported.returncode == 0, exported.stderr
    return folder


@pytest.fixture(scope="session")
def seeds_store(seeds_export) -> Path:
    """The folder of the seeds' Oxigraph store (open it with ``kg.rdf.Store``; close it after use)."""
    return seeds_export / "store"


# Text that would run as script or break out of markup if a view ever put it in a page unescaped.
HOSTILE = "<script>alert(1)</script> \"quoted\" 'single' & more"
SMALL_ACTORS = {actor.id: actor for actor in (
    Actor("sergey_lavrov", "Sergey Lavrov", "سيرغي لافروف", "Person"),
    Actor("russia", "Russia", "روسيا", "State"),
    Actor("united_states", "United States", "الولايات المتحدة", "State"),
    Actor("obrien", "O'Brien & <Co>", "أوبراين", "Person"))}
# (doc, date, [(speaker, type, target)]): the third article is undated, one statement has no target.
SMALL_ARTICLES = (
    ("a1", "2024-01-10", [("sergey_lavrov", "appeal", "united_states"), ("sergey_lavrov", "assert", None)]),
    ("a2", "2024-03-05", [("russia", "criticize", "obrien"), ("united_states", "consult", "russia")]),
    ("a3", None, [("united_states", "warn", "sergey_lavrov")]))


def graph_of(store_path: Path, **selection):
    """The statement graph (kg.graph) of the store at ``store_path``, filtered by GraphFilter(**selection)."""
    with Store(store_path) as store:
        return statement_graph(store, GraphFilter(**selection))


def small_claim(doc: str, type_id: str) -> str:
    return f"{HOSTILE} ({doc} {type_id})"


def small_rules(rank: int, target: str | None) -> dict[str, str]:
    """The rules behind a statement of SMALL_ARTICLES: the first of an article has its speaker as
    subject, the next ones continue the previous speaker."""
    rules = {"predicate": "predicate.trigger_lemma", "speaker": "speaker.previous_speaker" if rank else "speaker.subject",
             "claim": "claim.content_clause"}
    return rules | ({"target": "target.dependent"} if target else {})


# The rules of every statement of SMALL_ARTICLES, in the order Store.statements() gives them.
SMALL_RULES = [small_rules(rank, target) for _, _, rows in SMALL_ARTICLES for rank, (_, _, target) in enumerate(rows)]


def _small_statement(doc: str, rank: int, speaker: str, type_id: str, target: str | None) -> LinkedStatement:
    sentence = f"قال {SMALL_ACTORS[speaker].label_ar}: {HOSTILE}"
    mention = Mention(SMALL_ACTORS[speaker].label_ar, 0, 3)
    statement = Statement(doc, sentence, 100 * rank, 100 * rank + len(sentence), type_id, "قال", mention,
                          None, small_claim(doc, type_id), 0.9, rules=small_rules(rank, target))
    return LinkedStatement(statement, SMALL_ACTORS[speaker], SMALL_ACTORS.get(target))


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    """A store written directly, without Stanza: SMALL_ARTICLES, with HOSTILE in every text field."""
    path = tmp_path_factory.mktemp("small") / "store"
    with Store(path) as store:
        for doc, day, rows in SMALL_ARTICLES:
            store.write_article(*small_article(doc, day, rows))
    return path


def small_article(doc: str, day: str | None, rows: list[tuple]) -> tuple[Article, list[LinkedStatement]]:
    """An article of SMALL_ARTICLES and its statements, as kg build would write them."""
    article = Article(doc, HOSTILE, (), title=HOSTILE, date=day, source=f"Agence {HOSTILE}")
    return article, [_small_statement(doc, rank, *row) for rank, row in enumerate(rows)]
