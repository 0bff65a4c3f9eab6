"""SPARQL on a store: examples/queries/*.rq against the seeds' answers, `kg query` and its errors.

The seeds' answers are checked against Store.statements(), so that they hold whatever the
extractor finds, plus a few facts any extractor must find (Lavrov appeals to the United States).
"""
import csv
import io
import json
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, error_line, kg
from kg import synthetic
from kg.errors import KgError
from kg.query import answer, query, render
from kg.rdf import Store

QUERIES = ROOT / "examples" / "queries"
LAVROV, UNITED_STATES, WASHINGTON = "Sergey Lavrov", "United States", "واشنطن"
# A cartesian product: on the seeds' 2,335 triples, 1.3e10 rows to count.
ENDLESS = "SELECT (COUNT(*) AS ?rows) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def rows(store_path: Path, name: str) -> list[dict[str, str]]:
    """The answer of examples/queries/NAME.rq, each row as {variable: text}, through SPARQL's CSV format."""
    with Store(store_path) as store:
        result = query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
        return [dict(row) for row in csv.DictReader(io.StringIO(render(result, "csv")))]


def short(iri: str) -> str:
    """The local name of an ontology IRI: kg:appeal -> appeal."""
    return iri.rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def seeds(seeds_store) -> list[dict]:
    with Store(seeds_store) as store:
        return store.statements()


def label(actor: dict | None) -> str | None:
    return actor["label"] if actor else None


def test_every_example_query_has_a_header_comment():
    for path in QUERIES.glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("# "), path


def test_statements_of_a_speaker(seeds_store, seeds):
    answer = rows(seeds_store, "statements-of-speaker")
    assert ("appeal", UNITED_STATES) in {(short(row["type"]), row["target_name"]) for row in answer}
    assert len(answer) == sum(label(s["speaker"]) == LAVROV for s in seeds)
    order = [(row["doc"], int(row["start"])) for row in answer]
    assert order == sorted(order)


def test_who_criticised_warned_or_accused_the_united_states(seeds_store, seeds):
    answer = {(row["speaker_name"], short(row["type"]), row["claim"]) for row in rows(seeds_store, "criticism-of")}
    assert ("Ministry of Foreign Affairs of Russia", "warn") in {(speaker, kind) for speaker, kind, _ in answer}
    assert answer == {(label(s["speaker"]), s["type"], s["claim"]) for s in seeds
                      if s["type"] in ("criticize", "warn", "accuse") and label(s["target"]) == UNITED_STATES}


def test_the_most_targeted_actors(seeds_store, seeds):
    answer = rows(seeds_store, "most-targeted")
    assert answer[0]["name"] == UNITED_STATES
    counts = Counter(label(s["target"]) for s in seeds if s["target"])
    assert [(row["name"], int(row["statements"])) for row in answer[:3]] == \
        sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]


def test_counts_by_type_per_speaker(seeds_store, seeds):
    answer = {(row["name"], short(row["type"])): int(row["statements"])
              for row in rows(seeds_store, "types-by-speaker")}
    assert answer[(LAVROV, "appeal")] >= 1
    assert answer == Counter((label(s["speaker"]), s["type"]) for s in seeds)


def test_statements_between_two_actors(seeds_store, seeds):
    answer = rows(seeds_store, "between-actors")
    pairs = {(row["speaker_name"], row["target_name"]) for row in answer}
    assert pairs <= {(LAVROV, UNITED_STATES), (UNITED_STATES, LAVROV)}
    assert (LAVROV, "appeal", UNITED_STATES) in {(row["speaker_name"], short(row["type"]), row["target_name"])
                                                 for row in answer}
    assert len(answer) == sum({label(s["speaker"]), label(s["target"])} == {LAVROV, UNITED_STATES} for s in seeds)
    order = [(row["doc"], int(row["start"])) for row in answer]  # the seeds have no dates
    assert order == sorted(order)


def test_statements_between_two_actors_come_in_date_order(tmp_path):
    actors = synthetic.cast(len(synthetic.NAMED_ACTORS))  # few actors: Lavrov and the United States meet often
    with Store(tmp_path / "store") as store:
        for index in range(12):
            store.write_article(*synthetic.article(index, 12, actors))
    answer = rows(tmp_path / "store", "between-actors")
    dates = [row["date"] for row in answer]
    assert len(set(dates)) > 3 and dates == sorted(dates)


def test_claims_containing_a_word(seeds_store, seeds):
    answer = rows(seeds_store, "claims-containing")
    assert answer and all(WASHINGTON in row["claim"] for row in answer)
    assert sorted(row["claim"] for row in answer) == sorted(s["claim"] for s in seeds if WASHINGTON in s["claim"])


# ---------------------------------------------------------------- the command line

def test_kg_query_prints_a_table(seeds_store):
    result = kg("query", "--store", seeds_store, "-f", QUERIES / "criticism-of.rq")
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[1]
    assert header.startswith("┃ speaker_name") and "claim" in header
    assert "Ministry of Foreign Affairs of Russia" in result.stdout and "kg:warn" in result.stdout


def test_kg_query_writes_csv(seeds_store):
    result = kg("query", "--store", seeds_store, "--format", "csv", "-f", QUERIES / "most-targeted.rq")
    assert result.returncode == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["name", "statements"] and table[1][0] == UNITED_STATES


def test_kg_query_writes_sparql_json(seeds_store):
    result = kg("query", "--store", seeds_store, "--format", "json",
                "SELECT ?speaker WHERE { ?speaker kg:appealsTo kgid:united_states }")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["head"]["vars"] == ["speaker"]
    assert {"type": "uri", "value": "https://kg.example.org/id/sergey_lavrov"} in \
        [binding["speaker"] for binding in answer["results"]["bindings"]]


def test_a_syntax_error_is_one_line_with_its_place(seeds_store, tmp_path):
    path = tmp_path / "query.rq"
    path.write_text("# who appealed to whom\nSELECT ?speaker ?target WHERE {\n  ?speaker kg:appealsTo ?target .\n"
                    "  FILTER(?target = ) }\n")
    message = error_line(kg("query", "--store", seeds_store, "-f", path))
    assert message.startswith(f"error: {path}: line 4, column ")


def test_an_update_needs_update(tmp_path):
    with Store(tmp_path / "store"):
        pass
    insert = "INSERT DATA { GRAPH kgid:notes { kgid:sergey_lavrov rdfs:comment 'a note' } }"
    assert "give --update" in error_line(kg("query", "--store", tmp_path / "store", insert))
    assert kg("query", "--store", tmp_path / "store", "--update", insert).returncode == 0
    with Store(tmp_path / "store") as store:
        assert store.triple_count() == 1


def test_the_library_refuses_updates_and_names_unknown_prefixes():
    with Store() as store:
        with pytest.raises(KgError, match="SPARQL Update"):
            query(store, "DELETE WHERE { ?s ?p ?o }")
        with pytest.raises(KgError, match="Unknown namespace prefix : foo"):
            query(store, "SELECT * WHERE { ?s foo:bar ?o }")
        assert query(store, "INSERT DATA { GRAPH kgid:notes { kgid:a kgid:b kgid:c } }", update=True) is None
        assert render(query(store, "ASK { kgid:a kgid:b kgid:c }"), "table") == "true\n"


def test_max_rows_keeps_the_first_rows_and_says_that_it_cut(small_store):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    with Store(small_store) as store:
        rows = list(query(store, everything))
        result, cut = answer(store, everything, max_rows=3)
        assert cut and list(result) == rows[:3]
        assert json.loads(render(result, "json"))["results"]["bindings"] == \
            json.loads(render(answer(store, everything + " LIMIT 3").result, "json"))["results"]["bindings"]
        assert not answer(store, everything, max_rows=len(rows)).cut
        graph, cut = answer(store, "CONSTRUCT WHERE { ?s ?p ?o }", max_rows=3)
        assert cut and len(graph.graph) == 3


def test_kg_query_stops_a_query_over_its_time_limit(seeds_store):
    started = time.monotonic()
    assert error_line(kg("query", "--store", seeds_store, "--timeout", "1", ENDLESS)) == \
        "error: query: stopped after 1 s (the time limit)\n"
    assert time.monotonic() - started < 30  # start-up included; the count would take hours
    again = kg("query", "--store", seeds_store, "--format", "csv", "ASK { ?s ?p ?o }")  # the store was let go
    assert (again.returncode, again.stdout) == (0, "true\n")


def test_an_update_over_the_time_limit_changes_nothing(small_store, tmp_path):
    store = shutil.copytree(small_store, tmp_path / "store")
    with Store(store) as opened:
        before = opened.triple_count()
    # GRAPH: an update's default graph is the real one, empty here. One row a combination: nothing to skip.
    insert = ("INSERT { GRAPH kgid:notes { kgid:row kgid:is ?row } } WHERE { GRAPH ?v { ?a ?b ?c } "
              "GRAPH ?w { ?d ?e ?f } GRAPH ?x { ?g ?h ?i } GRAPH ?y { ?j ?k ?l } GRAPH ?z { ?m ?n ?o } "
              "BIND(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o)) AS ?row) }")
    assert error_line(kg("query", "--store", store, "--update", "--timeout", "2", insert)) == \
        "error: query: stopped after 2 s (the time limit)\n"
    with Store(store) as opened:
        assert opened.triple_count() == before
