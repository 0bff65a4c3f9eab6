"""kg.graph: the store as networkx graphs, its filters and its exports (kg export --format graphml|gexf|json|csv)."""
import csv
import json

import networkx as nx
import pytest

from conftest import HOSTILE, SMALL_ARTICLES, graph_of, kg, small_claim
from kg.errors import KgError
from kg.export import export
from kg.graph import GraphFilter, aggregate, select, statement_graph
from kg.ontology import statement_type
from kg.rdf import Store

TARGETED = [row for _, _, rows in SMALL_ARTICLES for row in rows if row[2]]


def statements_between(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(speaker, kind, target) for speaker, target, kind in graph.edges(data="type")}


def test_one_edge_per_statement_with_a_target_and_the_others_counted(small_store):
    graph = graph_of(small_store)
    assert statements_between(graph) == set(TARGETED)
    assert graph.graph["untargeted"] == 1
    assert graph.nodes["obrien"] == {"iri": "https://kg.example.org/id/obrien", "type": "Person",
                                     "label": "O'Brien & <Co>", "label_ar": "أوبراين"}
    edge = graph.edges["sergey_lavrov", "united_states", next(iter(graph["sergey_lavrov"]["united_states"]))]
    assert edge["claim"] == small_claim("a1", "appeal") and edge["family"] == statement_type("appeal").family
    assert (edge["type_label_ar"], edge["date"], edge["outlet"]) == ("دعوة", "2024-01-10", f"Agence {HOSTILE}")


def test_the_seeds_graph_holds_every_statement_that_has_a_target(seeds_store):
    with Store(seeds_store) as store:
        statements, graph = store.statements(), statement_graph(store)
    assert graph.number_of_edges() == sum(1 for s in statements if s["target"])
    assert graph.graph["untargeted"] == sum(1 for s in statements if not s["target"])
    assert {graph.nodes[n]["label"] for n in graph} == {s[role]["label"] for s in statements if s["target"]
                                                       for role in ("speaker", "target")}


@pytest.mark.parametrize("selection, expected", [
    ({"types": ("appeal", "warn")}, {("sergey_lavrov", "appeal", "united_states"),
                                     ("united_states", "warn", "sergey_lavrov")}),
    ({"speaker": "الولايات المتحدة"}, {("united_states", "consult", "russia"), ("united_states", "warn", "sergey_lavrov")}),
    ({"actor": "Russia", "depth": 1}, {("russia", "criticize", "obrien"), ("united_states", "consult", "russia")}),
    ({"actor": "russia", "depth": 2}, set(TARGETED)),
    ({"actor": "obrien", "depth": 0}, set()),
    ({"since": "2024-02-01"}, {("russia", "criticize", "obrien"), ("united_states", "consult", "russia")}),
    ({"until": "2024-02-01"}, {("sergey_lavrov", "appeal", "united_states")}),  # the undated article is left out
    ({"until": "20240201"}, {("sergey_lavrov", "appeal", "united_states")}),
])
def test_filters(small_store, selection, expected):
    assert statements_between(graph_of(small_store, **selection)) == expected


def test_untargeted_statements_follow_the_filters(small_store):
    assert graph_of(small_store, speaker="Sergey Lavrov").graph["untargeted"] == 1
    assert graph_of(small_store, types=("appeal",)).graph["untargeted"] == 0
    assert graph_of(small_store, actor="obrien", depth=1).graph["untargeted"] == 0


@pytest.mark.parametrize("selection, expected", [
    ({}, [("sergey_lavrov", "united_states"), ("sergey_lavrov", None), ("russia", "obrien"),
          ("united_states", "russia"), ("united_states", "sergey_lavrov")]),
    ({"actor": "sergey_lavrov", "depth": 0}, [("sergey_lavrov", None)]),  # its own, though none has a target
    ({"actor": "obrien", "depth": 1}, [("russia", "obrien")]),
])
def test_select_lists_the_statements_with_a_target_or_without_in_article_order(small_store, selection, expected):
    with Store(small_store) as store:
        selected = select(store, GraphFilter(**selection))
    assert [(speaker, target) for speaker, target, _ in selected.statements] == expected
    assert sorted(key for _, _, key in selected.graph.edges(keys=True)) == sorted(
        edge["statement"] for _, target, edge in selected.statements if target)
    assert selected.graph.graph["untargeted"] == sum(1 for _, target in expected if target is None)


@pytest.mark.parametrize("selection, message", [
    ({"types": ("gossip",)}, "unknown statement type 'gossip'"),
    ({"since": "last week"}, "'last week' is not a date"),
    ({"actor": "Atlantis"}, "unknown actor 'Atlantis'"),
])
def test_bad_filters_are_user_errors(small_store, selection, message):
    with pytest.raises(KgError, match=message):
        graph_of(small_store, **selection)


def test_aggregate_weighs_the_statements_of_a_pair_by_type():
    graph = nx.MultiDiGraph()
    for kind in ("warn", "warn", "praise"):
        graph.add_edge("a", "b", type=kind)
    graph.add_edge("b", "a", type="warn")
    summary = aggregate(graph)
    assert summary["a"]["b"]["weight"] == 3 and summary["a"]["b"]["types"] == {"warn": 2, "praise": 1}
    assert summary["b"]["a"]["weight"] == 1


READERS = {
    "graphml": nx.read_graphml,
    "gexf": nx.read_gexf,
    "json": lambda path: nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges"),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_networkx_reads_the_exports_back(seeds_store, tmp_path, fmt):
    path = tmp_path / f"seeds.{fmt}"
    with Store(seeds_store) as store:
        graph = statement_graph(store)
        assert export(store, fmt, path) == graph.number_of_edges()
    read = READERS[fmt](path)
    assert (read.number_of_nodes(), read.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert sorted(read.edges(data="claim")) == sorted(graph.edges(data="claim"))


def test_gexf_is_version_1_2_with_statement_types(small_store, tmp_path):
    path = tmp_path / "small.gexf"
    with Store(small_store) as store:
        export(store, "gexf", path)
    assert 'xmlns="http://www.gexf.net/1.2draft"' in path.read_text(encoding="utf-8")
    assert 'version="1.2"' in path.read_text(encoding="utf-8").split("\n")[1]
    read = nx.read_gexf(path)
    assert {kind for _, _, kind in read.edges(data="statement_type")} == {kind for _, kind, _ in TARGETED}


def test_csv_has_one_statement_per_row_through_the_cli(small_store, tmp_path):
    path = tmp_path / "small.csv"
    exported = kg("export", "--store", small_store, "--format", "csv", "-o", path)
    assert exported.returncode == 0, exported.stderr
    assert f"{len(TARGETED)} statements written to {path}" in exported.stderr
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {(r["speaker"], r["type"], r["target"]) for r in rows} == set(TARGETED) and len(rows) == len(TARGETED)
    assert {r["claim"] for r in rows} == {small_claim(doc, kind) for doc, _, statements in SMALL_ARTICLES
                                          for _, kind, target in statements if target}
    assert {(r["speaker_rule"], r["target_rule"]) for r in rows} == {("speaker.subject", "target.dependent"),
                                                                     ("speaker.previous_speaker", "target.dependent")}
