"""Exports in RDF syntaxes and `kg import` of them: the round trip keeps every statement and graph.
JSON Lines: the rules that found each statement."""
import json
import re

import pytest
from rdflib import URIRef

from conftest import SMALL_RULES, error_line, kg
from kg.errors import KgError
from kg.export import export
from kg.ontology import ROLES
from kg.rdf import ACTORS_GRAPH, Store, import_graph


def quads(store: Store) -> set[tuple]:
    return {(s, p, o, URIRef(g)) for s, p, o, g in store.dataset.quads((None, None, None, None))}


@pytest.fixture(scope="module")
def seeds(seeds_store):
    """What the seeds store holds: its statements, triple count and quads."""
    with Store(seeds_store) as store:
        return store.statements(), store.triple_count(), quads(store)


def test_trig_round_trips_through_the_cli(seeds_store, seeds, tmp_path):
    exported = kg("export", "--store", seeds_store, "--format", "trig", "-o", tmp_path / "seeds.trig")
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr.endswith(f"{seeds[1]} triples written to {tmp_path / 'seeds.trig'}\n")
    for _ in range(2):  # importing again changes nothing
        imported = kg("import", tmp_path / "seeds.trig", "--store", tmp_path / "copy")
        assert imported.returncode == 0, imported.stderr
        with Store(tmp_path / "copy") as copy:
            assert (copy.statements(), copy.triple_count(), quads(copy)) == seeds


@pytest.mark.parametrize("syntax", ["nq", "jsonld"])
def test_quad_syntaxes_keep_the_named_graphs(seeds_store, seeds, tmp_path, syntax):
    path = tmp_path / f"seeds.{syntax}"
    with Store(seeds_store) as store:
        export(store, syntax, path)
    with Store() as copy:  # the in-memory backend reads them too
        copy.load(path)
        assert quads(copy) == seeds[2]
        assert ACTORS_GRAPH in {graph for *_, graph in quads(copy)}


def test_turtle_holds_the_union_and_is_imported_into_a_graph_of_its_own(seeds_store, seeds, tmp_path):
    path = tmp_path / "seeds.ttl"
    with Store(seeds_store) as store:
        export(store, "ttl", path)
    with Store(tmp_path / "copy") as copy:
        copy.load(path)
        copy.load(path)
        assert {graph for *_, graph in quads(copy)} == {import_graph(path)}
        assert copy.statements() == seeds[0]
        assert copy.triple_count() == seeds[1]


def prefixes(text: str) -> tuple[set[str], set[str]]:
    """The prefixes a Turtle or TriG text declares, and those its statements write (not in strings or IRIs)."""
    statements = re.sub(r'^@prefix .*$|"(?:[^"\\\n]|\\.)*"|<[^>\n]*>', " ", text, flags=re.M)
    return set(re.findall(r"^@prefix (\w+):", text, re.M)), set(re.findall(r"(?:^|[\s^])([a-z]\w*):", statements, re.M))


@pytest.mark.parametrize("syntax", ["trig", "ttl"])
def test_turtle_and_trig_declare_just_the_prefixes_they_use_and_read_back_the_same(seeds_store, seeds, tmp_path,
                                                                                   syntax):
    path = tmp_path / f"seeds.{syntax}"
    with Store(seeds_store) as store:
        export(store, syntax, path)
    declared, used = prefixes(path.read_text(encoding="utf-8"))
    assert declared == used
    assert {"kg", "kgid", "rule"} <= declared and not {"brick", "sosa", "owl", "xml"} & declared
    with Store() as copy:
        copy.load(path)
        if syntax == "trig":
            assert quads(copy) == seeds[2]
        else:
            assert {(s, p, o) for s, p, o, _ in quads(copy)} == {(s, p, o) for s, p, o, _ in seeds[2]}


def test_a_prefix_only_in_a_string_is_not_declared(tmp_path):
    with Store() as store:
        store.update('INSERT DATA { GRAPH kgid:notes { kgid:a rdfs:comment "owl: and (schema:x are words" } }')
        export(store, "ttl", tmp_path / "notes.ttl")
    assert prefixes((tmp_path / "notes.ttl").read_text(encoding="utf-8")) == ({"kgid", "rdfs"}, {"kgid", "rdfs"})


def test_a_bad_turtle_file_is_one_line_with_its_place(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix kg: <https://kg.example.org/ontology#> .\nkg:a kg:b "c" .\nkg:a kg:b .\n')
    message = error_line(kg("import", path, "--store", tmp_path / "store"))
    assert message.startswith(f"error: {path}: line 3, column 11: ")
    with Store(tmp_path / "store") as store:  # nothing of the file was loaded
        assert store.triple_count() == 0


def test_an_unknown_extension_is_refused(tmp_path):
    (tmp_path / "seeds.rdf").write_text("")
    with Store() as store, pytest.raises(KgError, match="unknown RDF syntax"):
        store.load(tmp_path / "seeds.rdf")


def test_each_jsonl_line_names_the_rules_that_found_its_statement(small_store, tmp_path):
    path = tmp_path / "small.jsonl"
    exported = kg("export", "--store", small_store, "--format", "jsonl", "-o", path)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["rules"] == {"predicate": "predicate.trigger_lemma", "speaker": "speaker.subject",
                                 "target": "target.dependent", "claim": "claim.content_clause"}
    assert list(lines[0]["rules"]) == list(ROLES)  # in the order of a statement's parts
    assert [line["rules"] for line in lines] == SMALL_RULES
