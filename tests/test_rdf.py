"""The store on disk: its format marker, its lock, a crash during a write, the built graph's shapes,
the rules that found each statement, and the descriptions of actors."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from conftest import SMALL_ARTICLES, SMALL_RULES, error_line, kg, small_article
from kg import synthetic
from kg.errors import KgError
from kg.ontology import KG, validate
from kg.rdf import FORMAT_FILE, STORE_FORMAT, Store, article_graph, article_iri

HOLD_OPEN = """
import sys, time
from kg.rdf import Store
store = Store(sys.argv[1])
print("open", flush=True)
time.sleep(120)
"""
WRITE_FOREVER = """
import sys
from kg import synthetic
from kg.rdf import Store
actors = synthetic.cast()
with Store(sys.argv[1]) as store:
    for index in range(10_000):
        store.write_article(*synthetic.article(index, int(sys.argv[2]), actors))
        print(index, flush=True)
"""
BIG = 1000  # statements per article: ~12k triples, so that a write takes a second or so


def python(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, text=True)


def graph_size(store: Store, graph: URIRef) -> int:
    return int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0][0])


def test_a_new_store_records_its_format(tmp_path):
    with Store(tmp_path / "store"):
        pass
    assert json.loads((tmp_path / "store" / FORMAT_FILE).read_text()) == {"format": STORE_FORMAT}


def test_a_store_of_a_newer_format_is_refused(tmp_path):
    folder = tmp_path / "store"
    with Store(folder):
        pass
    (folder / FORMAT_FILE).write_text(json.dumps({"format": STORE_FORMAT + 1}))
    with pytest.raises(KgError, match="newer than this kg reads"):
        Store(folder)
    assert "upgrade kg" in error_line(kg("query", "--store", folder, "ASK {}"))


def test_a_store_in_use_by_another_process_is_refused_clearly(tmp_path):
    folder = tmp_path / "store"
    with Store(folder):
        pass
    holder = python(HOLD_OPEN, folder)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(KgError, match="in use by another process"):
            Store(folder)
        assert "in use by another process" in error_line(kg("export", "--store", folder))
    finally:
        holder.kill()
        holder.wait()
    with Store(folder):  # the lock goes with the process
        pass


def test_a_write_killed_midway_leaves_each_article_whole_or_absent(tmp_path):
    folder = tmp_path / "store"
    writer = python(WRITE_FOREVER, folder, BIG)
    assert writer.stdout.readline() == "0\n"
    started = time.monotonic()
    assert writer.stdout.readline() == "1\n"
    # Most of a write is Oxigraph's update (the rest builds the triples): land somewhere in the third.
    time.sleep(random.uniform(0.2, 0.9) * (time.monotonic() - started))
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    actors = synthetic.cast()
    with Store(folder) as store:
        whole = []
        for index in range(4):
            article, statements = synthetic.article(index, BIG, actors)
            expected, found = len(article_graph(article, statements)), graph_size(store, article_iri(article.doc))
            assert found in (0, expected), f"article {index}: {found} of its {expected} triples"
            whole += [index] if found else []
        assert whole[:2] == [0, 1]
        assert len(store.statements()) == BIG * len(whole)


# ---------------------------------------------------------------- the built graph against shapes.ttl

@pytest.mark.parametrize("built", ["seeds_store", "small_store"])
def test_a_built_store_conforms_to_the_shapes(request, built):
    with Store(request.getfixturevalue(built)) as store:
        conforms, report = validate(store.dataset)
    assert conforms, report


@pytest.mark.parametrize("built, link, message", [("seeds_store", KG.speaker, "exactly one speaker"),
                                                  ("small_store", KG.speakerRule, "exactly one speaker rule")])
def test_a_statement_without_its_speaker_or_speaker_rule_breaks_the_shapes(request, built, link, message):
    with Store(request.getfixturevalue(built)) as store:
        graph = store.union()
    graph.remove((next(graph.subjects(link, None)), link, None))
    conforms, report = validate(graph)
    assert not conforms
    assert message in report


# ---------------------------------------------------------------- the rules that found each statement

def test_the_rules_of_each_statement_come_back_from_the_store(small_store):
    with Store(small_store) as store:
        assert [row["rules"] for row in store.statements()] == SMALL_RULES


def test_sparql_finds_the_statements_of_a_rule(small_store):
    with Store(small_store) as store:
        found = store.select("SELECT ?doc ?type WHERE { ?s kg:speakerRule rule:speaker.previous_speaker ; "
                             "kg:article/dcterms:identifier ?doc ; kg:statementType ?type } ORDER BY ?doc")
    assert [(str(doc), str(kind).removeprefix(str(KG))) for doc, kind in found] == [("a1", "assert"), ("a2", "consult")]


@pytest.mark.parametrize("rules, message", [
    ({"speaker": "speaker.telepathy"}, "unknown rule 'speaker.telepathy'"),
    ({"target": "speaker.subject"}, "a1: rule 'speaker.subject' finds the speaker, not the target"),
    ({"speakr": "speaker.subject"}, "finds the speaker, not the speakr"),
])
def test_a_statement_naming_a_rule_the_ontology_lacks_is_not_written(rules, message):
    article, statements = small_article(*SMALL_ARTICLES[0])
    statements[0].statement.rules = rules
    with Store() as store:
        with pytest.raises(KgError, match=message):
            store.write_article(article, statements)
        assert store.triple_count() == 0


# ---------------------------------------------------------------- actors

def test_an_actor_is_described_as_its_last_article_names_it():
    """A build with the user's lists (kg build --reextract --actors) relabels what an earlier one made up."""
    first, said = small_article(*SMALL_ARTICLES[0])
    later, heard = small_article(*SMALL_ARTICLES[2])
    made_up = replace(said[0].speaker, label="Sirghi Lafruf", roles=("الوزير",), candidate=True)
    said[0].speaker = said[1].speaker = made_up
    heard[0].target = replace(made_up, label="Sergey Lavrov", roles=(), candidate=False)
    with Store() as store:
        store.write_article(first, said)
        store.write_article(later, heard)
        described = store.select("SELECT ?p ?o WHERE { kgid:sergey_lavrov ?p ?o } ORDER BY ?p ?o")
        conforms, report = validate(store.dataset)
    assert conforms, report
    assert sorted(str(label) for predicate, label in described if predicate == SKOS.prefLabel) == [
        "Sergey Lavrov", "سيرغي لافروف"]
    assert not {KG.candidate, KG.role} & {predicate for predicate, _ in described}
