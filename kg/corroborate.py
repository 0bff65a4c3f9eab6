"""Corroboration: the same claim reported by several articles.

Statements with the same speaker, type and target (or none) from articles dated at most ``window``
days after the first of them make one kg:CorroboratedClaim when they come from two articles or
more; each statement is a kg:report of it, with its own provenance (kg:article, whose
dcterms:source is the outlet). Claims live in one named graph, recomputed from the whole store
after every build; undated articles take no part (no window can hold them).

    from kg.corroborate import corroborate
    with Store("stores/news") as store:
        corroborate(store, window=3)
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.ontology import KG, KGID
from kg.rdf import QUERY_PREFIXES, Store

CLAIMS_GRAPH = KGID["graph/claims"]
CLAIM_WINDOW_DAYS = 3

REPORTS = """
SELECT ?statement ?speaker ?type ?target ?article ?date WHERE {
  ?statement a kg:Statement ; kg:speaker ?speaker ; kg:statementType ?type ; kg:article ?article .
  ?article dcterms:date ?date .
  OPTIONAL { ?statement kg:target ?target }  # last: before the join above, Oxigraph takes 40x longer
} ORDER BY ?speaker ?type ?target ?date ?statement"""


@dataclass(frozen=True)
class Report:
    statement: URIRef
    claim: tuple  # (speaker, type, target or None): what is claimed
    article: URIRef
    day: date


def corroborate(store: Store, window: int = CLAIM_WINDOW_DAYS) -> int:
    """Replace the claims graph with the claims of the store's statements; their number."""
    claims = [group for group in claim_groups(_reports(store), window) if len({r.article for r in group}) > 1]
    graph = Graph()
    for group in claims:
        add_claim(graph, group)
    store.replace_graph(CLAIMS_GRAPH, graph)
    return len(claims)


def claim_groups(reports: Iterable[Report], window: int) -> Iterator[list[Report]]:
    """Reports of one claim, at most ``window`` days after its first; ``reports`` sorted by claim and day."""
    for _, same_claim in groupby(reports, key=lambda report: report.claim):
        group: list[Report] = []
        for report in same_claim:
            if group and (report.day - group[0].day).days > window:
                yield group
                group = []
            group.append(report)
        yield group


def add_claim(graph: Graph, reports: list[Report]) -> None:
    first = reports[0]
    identity = "|".join(map(str, (*first.claim, first.day)))
    node = KGID[f"claim/{hashlib.sha1(identity.encode()).hexdigest()[:16]}"]
    graph.add((node, RDF.type, KG.CorroboratedClaim))
    graph.add((node, DCTERMS.date, Literal(first.day.isoformat(), datatype=XSD.date)))
    for report in reports:
        graph.add((node, KG.report, report.statement))


def _reports(store: Store) -> Iterator[Report]:
    # Row by row, not Store.select's list: a corpus has hundreds of thousands of statements.
    for statement, speaker, kind, target, article, day in store.dataset.query(REPORTS, initNs=QUERY_PREFIXES):
        try:
            yield Report(statement, (speaker, kind, target), article, date.fromisoformat(str(day)[:10]))
        except ValueError:  # a malformed date in an imported graph: no window can hold it
            continue
