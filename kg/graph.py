"""Stage 6 of the pipeline: the store as networkx graphs of who said what about whom.

:func:`statement_graph` gives a MultiDiGraph: one node per actor (its id, e.g. ``sergey_lavrov``,
with ``iri``, ``type``, ``label``, ``label_ar``) and one edge per statement from speaker to
target, keyed by the statement's id, with the rule that found each part (``speaker_rule``:
``speaker.subject``, ...). A statement without a target has no edge to draw: it is
left out, and counted in ``graph.graph["untargeted"]``; :func:`select` gives it beside the graph
(the view lists it under its speaker). :func:`aggregate` folds the statements
of each speaker and target into one weighted edge. The graph exports (GraphML, GEXF, node-link
JSON, CSV) write the MultiDiGraph of the whole store.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import IO, Callable, Iterable

import networkx as nx

from kg.errors import KgError
from kg.ontology import ONTOLOGY_NS, RESOURCE_NS, ROLES, statement_type, statement_types
from kg.rdf import ACTORS_GRAPH, RULE_PATTERNS, RULE_VARIABLES, Store, rules_of

ACTORS_QUERY = f"""
SELECT ?actor ?type ?label ?label_ar WHERE {{ GRAPH <{ACTORS_GRAPH}> {{
  ?actor a ?type .
  OPTIONAL {{ ?actor skos:prefLabel ?label FILTER(lang(?label) = "en") }}
  OPTIONAL {{ ?actor skos:prefLabel ?label_ar FILTER(lang(?label_ar) = "ar") }}
}} }}"""

# Articles apart from their statements: converting the query results to Python costs more than
# the query, and an article has many statements.
ARTICLES_QUERY = """
SELECT ?article ?doc ?title ?date ?outlet ?url WHERE {
  ?article a kg:Article ; dcterms:identifier ?doc .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?outlet }
  OPTIONAL { ?article schema:url ?url }
}"""

STATEMENTS_QUERY = f"""
SELECT ?statement ?speaker ?target ?concept ?claim ?sentence ?confidence ?article {RULE_VARIABLES} WHERE {{
  ?statement a kg:Statement ; kg:article ?article ; kg:statementType ?concept ; kg:speaker ?speaker ;
             kg:claim ?claim ; kg:evidenceSentence ?sentence ; kg:confidence ?confidence .
  OPTIONAL {{ ?statement kg:target ?target }}
  {RULE_PATTERNS}
}} ORDER BY ?article ?statement"""


def rule_attribute(role: str) -> str:
    """The edge attribute of the rule that found ``role``: "speaker_rule": "speaker.subject".
    Flat, not one dict of rules, because GraphML and GEXF hold no dicts."""
    return f"{role}_rule"


RULE_ATTRIBUTES = tuple(map(rule_attribute, ROLES))
# The columns of the CSV export, one statement per row; the rest of a row comes from the edge.
CSV_ACTOR_COLUMNS = ("speaker", "speaker_label", "target", "target_label")
EDGE_COLUMNS = ("statement", "type", "type_label", "type_label_ar", "family", "claim", "sentence",
                "confidence", "doc", "title", "date", "outlet", "url", *RULE_ATTRIBUTES)


@dataclass(frozen=True)
class GraphFilter:
    """Which statements to draw; the default is all of them.

    Actors are named by id, English or Arabic label (see :func:`resolve_actor`). ``since`` and
    ``until`` are inclusive ISO dates of the article; with either set, undated articles are left out.
    """

    speaker: str | None = None
    actor: str | None = None  # keep the actors within ``depth`` statements of this one (either direction)
    depth: int = 1
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        for type_id in self.types:
            statement_type(type_id)  # raises KgError on an unknown type
        for bound in ("since", "until"):
            if getattr(self, bound):  # compared as text with the articles' dates: same spelling needed
                object.__setattr__(self, bound, _iso_date(getattr(self, bound)))
        if self.depth < 0:
            raise KgError(f"depth must be 0 or more, not {self.depth}")

    def keeps(self, edge: dict, speaker: str) -> bool:
        """Whether a statement passes the type, date and speaker filters (not the ego graph)."""
        dated = edge.get("date") or ""
        return bool((not self.types or edge["type"] in self.types)
                    and (not self.since or dated >= self.since)
                    and (not self.until or (dated and dated <= self.until))
                    and (not self.speaker or speaker == self.speaker))


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise KgError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def local_id(iri) -> str:
    return str(iri).removeprefix(RESOURCE_NS)


def actor_nodes(store: Store) -> dict[str, dict]:
    """Every actor of the store as node attributes, by actor id."""
    return {local_id(actor): {"iri": str(actor), "type": str(kind).removeprefix(ONTOLOGY_NS),
                              "label": str(label or local_id(actor)), "label_ar": str(label_ar or label or "")}
            for actor, kind, label, label_ar in store.select(ACTORS_QUERY)}


def resolve_actor(actors: dict[str, dict], name: str) -> str:
    """The id of the actor named ``name``: its id, English label or Arabic label, in any case."""
    wanted = name.strip().casefold()
    for actor_id, node in actors.items():
        if wanted in (actor_id.casefold(), node["label"].casefold(), node["label_ar"].casefold()):
            return actor_id
    raise KgError(f"unknown actor {name!r}: give an actor's id, English or Arabic label")


def statement_edges(store: Store) -> list[tuple[str, str | None, dict]]:
    """(speaker id, target id or None, edge attributes) of every statement, in article order."""
    types = {t.iri: t for t in statement_types().values()}
    articles = {article: {"doc": str(doc), "title": title and str(title), "date": dated and str(dated),
                          "outlet": outlet and str(outlet), "url": url and str(url)}
                for article, doc, title, dated, outlet, url in store.select(ARTICLES_QUERY)}
    edges, rows = [], store.select(STATEMENTS_QUERY)
    for statement, speaker, target, concept, claim, sentence, confidence, article, *rules in rows:
        kind = types[str(concept)]
        edges.append((local_id(speaker), local_id(target) if target else None, {
            "statement": local_id(statement), "type": kind.id, "type_label": kind.label_en,
            "type_label_ar": kind.label_ar, "family": kind.family, "claim": str(claim),
            "sentence": str(sentence), "confidence": float(confidence), **articles[article],
            **{rule_attribute(role): rule_id for role, rule_id in rules_of(rules).items()}}))
    return edges


@dataclass(frozen=True)
class Selected:
    """The statements a :class:`GraphFilter` keeps, with a target or without."""

    graph: nx.MultiDiGraph  # those with a target, as in statement_graph
    statements: list[tuple[str, str | None, dict]]  # all of them as in statement_edges, in article order
    actors: dict[str, dict]  # every actor of the store, as in actor_nodes


def select(store: Store, selection: GraphFilter = GraphFilter()) -> Selected:
    """The statements ``selection`` keeps: those with a target as a graph, and all of them in a list."""
    actors = actor_nodes(store)
    if selection.speaker:
        selection = replace(selection, speaker=resolve_actor(actors, selection.speaker))
    kept = [(speaker, target, edge) for speaker, target, edge in statement_edges(store)
            if selection.keeps(edge, speaker)]
    graph = nx.MultiDiGraph()
    for speaker, target, edge in kept:
        if target is not None:
            graph.add_node(speaker, **actors[speaker])
            graph.add_node(target, **actors[target])
            graph.add_edge(speaker, target, key=edge["statement"], **edge)
    if selection.actor:
        centre = resolve_actor(actors, selection.actor)
        graph = ego_graph(graph, centre, selection.depth)
        kept = [(speaker, target, edge) for speaker, target, edge in kept
                if in_ego_graph(graph, centre, speaker, target)]
    graph.graph["untargeted"] = sum(1 for _, target, _ in kept if target is None)
    return Selected(graph, kept, actors)


def statement_graph(store: Store, selection: GraphFilter = GraphFilter()) -> nx.MultiDiGraph:
    """Actors and the statements between them that ``selection`` keeps."""
    return select(store, selection).graph


def in_ego_graph(graph: nx.MultiDiGraph, centre: str, speaker: str, target: str | None) -> bool:
    """Whether a statement stays with the ego graph: both its actors are in it, or, without a target,
    its speaker is (the centre's own statements stay even when none of them has a target)."""
    if target is None:
        return speaker in graph or speaker == centre
    return speaker in graph and target in graph


def ego_graph(graph: nx.MultiDiGraph, centre: str, depth: int) -> nx.MultiDiGraph:
    """The actors within ``depth`` statements of ``centre``, whichever way they point."""
    if centre not in graph:
        return nx.MultiDiGraph()
    return nx.ego_graph(graph, centre, radius=depth, undirected=True)


def aggregate(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per speaker and target: ``weight`` statements in all, ``types`` counts them by type."""
    summary = nx.DiGraph(**graph.graph)
    summary.add_nodes_from(graph.nodes(data=True))
    for speaker, target, kind in graph.edges(data="type"):
        if not summary.has_edge(speaker, target):
            summary.add_edge(speaker, target, weight=0, types=Counter())
        summary[speaker][target]["weight"] += 1
        summary[speaker][target]["types"][kind] += 1
    return summary


def without_none(graph: nx.MultiDiGraph, renamed: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """A copy without missing values, which GraphML and GEXF cannot hold, attributes ``renamed``."""
    renamed = renamed or {}

    def clean(data: dict) -> dict:
        return {renamed.get(name, name): value for name, value in data.items() if value is not None}

    copy = nx.MultiDiGraph(**clean(graph.graph))
    copy.add_nodes_from((node, clean(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from((u, v, key, clean(data)) for u, v, key, data in graph.edges(keys=True, data=True))
    return copy


def write_xml(lines: Iterable[str], stream: IO[str]) -> None:
    stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
    stream.writelines(line + "\n" for line in lines)


def write_graphml(graph: nx.MultiDiGraph, stream: IO[str]) -> None:
    write_xml(nx.generate_graphml(without_none(graph)), stream)


def write_gexf(graph: nx.MultiDiGraph, stream: IO[str]) -> None:
    # GEXF reserves an edge's "type" for directed/undirected, which Gephi checks.
    clean = without_none(graph, renamed={"type": "statement_type"})
    write_xml(nx.generate_gexf(clean, version="1.2draft"), stream)


def write_node_link(graph: nx.MultiDiGraph, stream: IO[str]) -> None:
    json.dump(nx.node_link_data(graph, edges="edges"), stream, ensure_ascii=False)


def write_csv(graph: nx.MultiDiGraph, stream: IO[str]) -> None:
    rows = csv.writer(stream)
    rows.writerow(CSV_ACTOR_COLUMNS + EDGE_COLUMNS)
    for speaker, target, data in graph.edges(data=True):
        actors = (speaker, graph.nodes[speaker]["label"], target, graph.nodes[target]["label"])
        rows.writerow(actors + tuple(data.get(column) for column in EDGE_COLUMNS))


def from_store(write: Callable[[nx.MultiDiGraph, IO[str]], None]) -> Callable[[Store, IO[str]], int]:
    """An export writer (see kg.export) of the whole store's graph; it returns the statements written."""
    def writer(store: Store, stream: IO[str]) -> int:
        graph = statement_graph(store)
        write(graph, stream)
        return graph.number_of_edges()
    return writer


GRAPH_WRITERS = {"graphml": from_store(write_graphml), "gexf": from_store(write_gexf),
                 "json": from_store(write_node_link), "csv": from_store(write_csv)}
