"""Stage 5 of the pipeline: statements as RDF in a persistent store.

Each article is one named graph (its IRI is the article's), written in one SPARQL update, so
an article is replaced atomically and building the same input twice changes nothing. IRIs are
deterministic: articles from their id, statements from article, offsets, speaker, type and
target, actors from their canonical id. Actor descriptions live in one shared graph.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import KgError
from kg.ontology import KG, KGID, statement_types
from kg.records import Actor, Article, LinkedStatement

SCHEMA = Namespace("https://schema.org/")
ACTORS_GRAPH = KGID["graph/actors"]
PREFIXES = {"kg": KG, "kgid": KGID, "skos": SKOS, "rdfs": RDFS, "dcterms": DCTERMS, "prov": PROV,
            "schema": SCHEMA, "xsd": XSD}
QUERY_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}  # Oxigraph wants str
BACKENDS = {"oxigraph": "Oxigraph", "memory": "default"}


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "_", text, flags=re.UNICODE).strip("_") or "x"


def article_iri(doc: str) -> URIRef:
    return KGID[f"article/{slug(doc)}"]


def actor_iri(actor: Actor) -> URIRef:
    return KGID[actor.id]


def statement_iri(linked: LinkedStatement) -> URIRef:
    s = linked.statement
    identity = f"{s.sentence_start}|{s.type}|{linked.speaker.id}|{linked.target.id if linked.target else ''}"
    return KGID[f"statement/{slug(s.doc)}/{s.sentence_start}-{hashlib.sha1(identity.encode()).hexdigest()[:10]}"]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_graph(article: Article, statements: list[LinkedStatement]) -> Graph:
    """The triples of one article: the article, its statements and their direct edges."""
    graph, node = Graph(), article_iri(article.doc)
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, DCTERMS.identifier, Literal(article.doc)))
    graph.add((node, KG.contentHash, Literal(content_hash(article.text))))
    optional = [(DCTERMS.title, article.title, None), (DCTERMS.date, article.date, XSD.date),
                (DCTERMS.source, article.source, None)]
    for predicate, value, datatype in optional:
        if value:
            graph.add((node, predicate, Literal(value[:10] if datatype else value, datatype=datatype)))
    if article.url:
        graph.add((node, SCHEMA.url, URIRef(article.url)))
    types = statement_types()
    for linked in statements:
        add_statement(graph, node, linked, types[linked.statement.type])
    return graph


def add_statement(graph: Graph, article_node: URIRef, linked: LinkedStatement, statement_type) -> None:
    s, node = linked.statement, statement_iri(linked)
    speaker = actor_iri(linked.speaker)
    graph.add((node, RDF.type, KG.Statement))
    graph.add((node, KG.speaker, speaker))
    graph.add((node, KG.statementType, URIRef(statement_type.iri)))
    graph.add((node, KG.claim, Literal(s.claim, lang="ar")))
    graph.add((node, KG.evidenceSentence, Literal(s.sentence, lang="ar")))
    graph.add((node, KG.startOffset, Literal(s.sentence_start)))
    graph.add((node, KG.endOffset, Literal(s.sentence_end)))
    graph.add((node, KG.trigger, Literal(s.trigger, lang="ar")))
    graph.add((node, KG.confidence, Literal(round(s.confidence, 2), datatype=XSD.decimal)))
    graph.add((node, KG.article, article_node))
    graph.add((node, PROV.wasDerivedFrom, article_node))
    if linked.target:
        graph.add((node, KG.target, actor_iri(linked.target)))
        graph.add((speaker, URIRef(statement_type.direct_property), actor_iri(linked.target)))


def actor_graph(actors: list[Actor]) -> Graph:
    graph = Graph()
    for actor in actors:
        node = actor_iri(actor)
        graph.add((node, RDF.type, KG[actor.type]))
        graph.add((node, RDFS.label, Literal(actor.label, lang="en")))
        graph.add((node, RDFS.label, Literal(actor.label_ar, lang="ar")))
        graph.add((node, SKOS.prefLabel, Literal(actor.label, lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(actor.label_ar, lang="ar")))
        for alias in actor.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        if actor.affiliation:
            graph.add((node, KG.affiliation, KGID[actor.affiliation]))
        if actor.cameo:
            graph.add((node, KG.cameoCode, Literal(actor.cameo)))
    return graph


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt")


class Store:
    """The statements of many articles: an rdflib Dataset over Oxigraph on disk, or in memory."""

    def __init__(self, path: Path | str | None = None, backend: str = "oxigraph"):
        self.path = Path(path) if path else None
        # default_union: a plain SELECT sees every article's graph.
        self.dataset = Dataset(store=BACKENDS[backend] if self.path else "default", default_union=True)
        if self.path and backend == "oxigraph":
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self.dataset.open(str(self.path))
            except OSError as error:
                raise KgError(f"{self.path}: cannot open the store ({error})") from error
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.dataset.close()

    def article_hash(self, doc: str) -> str | None:
        node = article_iri(doc)
        rows = self.select(f"SELECT ?hash WHERE {{ GRAPH <{node}> {{ <{node}> kg:contentHash ?hash }} }}")
        return str(rows[0][0]) if rows else None

    def write_article(self, article: Article, statements: list[LinkedStatement]) -> None:
        """Replace the article's graph and add its actors, in one atomic update."""
        graph_name = article_iri(article.doc)
        actors = {a.id: a for s in statements for a in (s.speaker, s.target) if a}
        self.dataset.update(
            f"DROP SILENT GRAPH <{graph_name}> ;\n"
            f"INSERT DATA {{ GRAPH <{graph_name}> {{ {_ntriples(article_graph(article, statements))} }}\n"
            f"GRAPH <{ACTORS_GRAPH}> {{ {_ntriples(actor_graph(list(actors.values())))} }} }}")

    def remove_article(self, doc: str) -> None:
        self.dataset.update(f"DROP SILENT GRAPH <{article_iri(doc)}>")

    def select(self, sparql: str) -> list[tuple]:
        return [tuple(row) for row in self.dataset.query(sparql, initNs=QUERY_PREFIXES)]

    def actors(self) -> dict[str, dict]:
        """Every actor's labels and aliases, by IRI."""
        found: dict[str, dict] = {}
        for actor, predicate, value in self.select(
                f"SELECT ?a ?p ?o WHERE {{ GRAPH <{ACTORS_GRAPH}> {{ ?a ?p ?o }} }}"):
            entry = found.setdefault(str(actor), {"label": None, "label_ar": None, "aliases": []})
            if predicate == SKOS.prefLabel:
                entry["label_ar" if value.language == "ar" else "label"] = str(value)
            elif predicate == SKOS.altLabel:
                entry["aliases"].append(str(value))
        return found

    def statements(self) -> list[dict]:
        """Every statement as a plain record, in article and text order (score.py's format)."""
        type_of = {t.iri: t.id for t in statement_types().values()}
        actors = self.actors()
        rows = self.select(STATEMENTS_QUERY)
        return [{"doc": str(doc), "sentence": str(sentence), "type": type_of[str(concept)],
                 "speaker": actors.get(str(speaker)), "target": actors.get(str(target)) if target else None,
                 "claim": str(claim), "trigger": str(trigger),
                 "evidence": {"start": int(start), "end": int(end)}, "confidence": float(confidence)}
                for doc, sentence, concept, speaker, target, claim, trigger, start, end, confidence in rows]


STATEMENTS_QUERY = """
SELECT ?doc ?sentence ?concept ?speaker ?target ?claim ?trigger ?start ?end ?confidence WHERE {
  ?statement a kg:Statement ; kg:article ?article ; kg:evidenceSentence ?sentence ;
             kg:statementType ?concept ; kg:speaker ?speaker ; kg:claim ?claim ; kg:trigger ?trigger ;
             kg:startOffset ?start ; kg:endOffset ?end ; kg:confidence ?confidence .
  ?article dcterms:identifier ?doc .
  OPTIONAL { ?statement kg:target ?target }
} ORDER BY ?doc ?start ?concept ?speaker"""
