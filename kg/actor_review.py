"""The actors of a store, for review (``kg actors``): the actors its statements name and the actors
they belong to, each with its type, affiliation, how many statements it made and was the target of,
and whether the build made it up for a name that neither the bundled actors nor the user's lists
have (``kg:candidate``: a transliterated label, the tagger's type).

    from kg.actor_review import render, stored_actors
    with Store("stores/news") as store:
        print(render(stored_actors(store, new_only=True), "csv"))

The CSV is an actor list (kg.actor_lists): fix a label or a type, keep the id, and give it back to
``kg build --reextract --actors FILE``; the actor is then the list's, in the same statements.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.actor_lists import COLUMNS, REVIEW_COLUMNS, SEPARATOR
from kg.errors import KgError
from kg.ontology import KG, RESOURCE_NS
from kg.query import text_table
from kg.rdf import Store
from kg.records import ACTOR_TYPES, Actor

FORMATS = ("table", "csv", "json")
TABLE_COLUMNS = ("id", "label_en", "label_ar", "type", "affiliation", *REVIEW_COLUMNS)

# The statements each actor made and heard, and the actors those belong to (with none of their own).
COUNTS = """
SELECT ?actor (COUNT(DISTINCT ?said) AS ?as_speaker) (COUNT(DISTINCT ?heard) AS ?as_target) WHERE {
  { ?said kg:speaker ?actor } UNION { ?heard kg:target ?actor }
  UNION { { SELECT DISTINCT ?named WHERE { [] kg:speaker|kg:target ?named } } ?named kg:affiliation+ ?actor }
} GROUP BY ?actor"""
KINDS = " ".join(f"kg:{kind}" for kind in ACTOR_TYPES)
DESCRIPTIONS = f"""
SELECT DISTINCT ?actor ?property ?value WHERE {{
  VALUES ?kind {{ {KINDS} }}
  VALUES ?property {{ rdf:type skos:prefLabel skos:altLabel kg:affiliation kg:cameoCode kg:role kg:candidate }}
  ?actor a ?kind ; ?property ?value .
}}"""


@dataclass(frozen=True)
class StoredActor:
    actor: Actor
    as_speaker: int  # statements it made
    as_target: int  # statements of which it was the target


def stored_actors(store: Store, new_only: bool = False) -> list[StoredActor]:
    """The store's actors, the most named first; only the candidates if ``new_only``."""
    counts = {actor: (int(said), int(heard)) for actor, said, heard in store.select(COUNTS)}
    described: dict[URIRef, Graph] = defaultdict(Graph)
    for actor, predicate, value in store.select(DESCRIPTIONS):
        described[actor].add((actor, predicate, value))
    found = [StoredActor(_actor(described[node], node), *counted) for node, counted in counts.items()]
    return sorted((entry for entry in found if entry.actor.candidate or not new_only),
                  key=lambda entry: (-entry.as_speaker - entry.as_target, entry.actor.id))


def _actor(graph: Graph, node: URIRef) -> Actor:
    """The actor ``graph`` describes, in the vocabulary the store writes (kg.rdf.actor_graph)."""
    def texts(predicate: URIRef, language: str | None = None) -> list[str]:
        return sorted(str(v) for v in graph.objects(node, predicate) if language is None or v.language == language)

    def first(values: list[str]) -> str | None:
        return values[0] if values else None

    kinds = [kind.removeprefix(str(KG)) for kind in texts(RDF.type)]
    return Actor(id=_local(node), label=first(texts(SKOS.prefLabel, "en")) or "",
                 label_ar=first(texts(SKOS.prefLabel, "ar")) or "", type=first(kinds) or "",
                 aliases=tuple(texts(SKOS.altLabel)), affiliation=first([_local(a) for a in texts(KG.affiliation)]),
                 cameo=first(texts(KG.cameoCode)), roles=tuple(texts(KG.role)),
                 candidate=graph.value(node, KG.candidate) == Literal(True))


def _local(node) -> str:
    return str(node).removeprefix(RESOURCE_NS)


def record(entry: StoredActor) -> dict:
    """An actor as a row of ``kg actors``: the columns of an actor list (kg.actor_lists), then the review's."""
    actor = entry.actor
    return {"id": actor.id, "label_en": actor.label, "label_ar": actor.label_ar, "type": actor.type,
            "affiliation": actor.affiliation, "aliases": list(actor.aliases), "role": list(actor.roles),
            "cameo": actor.cameo, "as_speaker": entry.as_speaker, "as_target": entry.as_target, "new": actor.candidate}


def render(entries: list[StoredActor], fmt: str) -> str:
    """The actors as a table for people, a CSV that is an actor list, or a JSON array."""
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    records = [record(entry) for entry in entries]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    rows = [{name: _cell(value) for name, value in row.items()} for row in records]
    if fmt == "table":
        return text_table(TABLE_COLUMNS, ([row[name] for name in TABLE_COLUMNS] for row in rows))
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=[*COLUMNS, *REVIEW_COLUMNS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return SEPARATOR.join(value)
    return "" if value is None else str(value)
