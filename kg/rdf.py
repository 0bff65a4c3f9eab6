"""Stage 5 of the pipeline: statements as RDF in a persistent store.

Each article is one named graph (its IRI is the article's), written in one SPARQL update, so
an article is replaced atomically and building the same input twice changes nothing. IRIs are
deterministic: articles from their id, statements from article, offsets, speaker, type and
target, actors from their canonical id. Actor descriptions live in one shared graph, each as the
last article written that names the actor gives it (a candidate relabelled by the user's list
replaces the guess). A statement names the extractor's rule behind each of its parts
(kg:speakerRule rule:speaker.subject, ...).

On disk (Oxigraph, RocksDB) one process at a time opens a store: another one gets a clear error.
Many processes can read it at once (``Store(path, read_only=True)``) while ``shared_for_reading``
keeps writers out. ``kg-store.json`` in the folder records the store's format, and code refuses a
newer format.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import mmap
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, NamespaceManager

from kg.errors import KgError, syntax_error
from kg.files import atomic_writer
from kg.ontology import KG, KGID, ROLES, RULE, RULE_NS, rule, rule_property, statement_types
from kg.records import Actor, Article, LinkedStatement, Statement

SCHEMA = Namespace("https://schema.org/")
ACTORS_GRAPH = KGID["graph/actors"]
PREFIXES = {"kg": KG, "kgid": KGID, "rule": RULE, "skos": SKOS, "rdfs": RDFS, "dcterms": DCTERMS, "prov": PROV,
            "schema": SCHEMA, "xsd": XSD}
QUERY_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}  # Oxigraph wants str
BACKENDS = {"oxigraph": "Oxigraph", "memory": "default"}  # rdflib store plugins by our name
# RDF syntaxes by file extension, as oxrdflib's plugins: Oxigraph's parsers and serializers, which on
# an Oxigraph store read and write it directly. Turtle has no named graphs (see Store.load, Store.dump).
SYNTAXES = {"ttl": "ox-turtle", "trig": "ox-trig", "nq": "ox-nquads", "jsonld": "ox-json-ld"}
GRAPHLESS = frozenset({"ttl"})
# Syntaxes that declare prefixes: the project's and rdf's at most, and only those their statements use.
PREFIXED = frozenset({"ttl", "trig"})
DECLARABLE = {**PREFIXES, "rdf": RDF}
# The layout of a store on disk. Raise it when older code would misread a newer store: older code
# then refuses the store instead of damaging it. A store without the file predates it: format 1.
STORE_FORMAT = 1
FORMAT_FILE = "kg-store.json"


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
    for link, found in rule_links(s):
        graph.add((node, link, found))
    if linked.target:
        graph.add((node, KG.target, actor_iri(linked.target)))
        graph.add((speaker, URIRef(statement_type.direct_property), actor_iri(linked.target)))


def rule_links(statement: Statement) -> Iterator[tuple[URIRef, URIRef]]:
    """(kg:speakerRule and the like, the rule's IRI) for each part of ``statement``.

    The one check of the extractor's rule ids: a KgError, which stops a build, for a rule that
    rules.ttl lacks or declares for another role. Which parts need a rule is for the shapes to say.
    """
    for role, rule_id in statement.rules.items():
        found = rule(rule_id)
        if found.role != role:
            raise KgError(f"{statement.doc}: rule {rule_id!r} finds the {found.role}, not the {role}")
        yield rule_property(role), URIRef(found.iri)


def rules_of(values: Iterable[URIRef | None]) -> dict[str, str]:
    """The ``rules`` of a statement (role -> rule id) from the values of its RULE_VARIABLES, in ROLES order."""
    return {role: str(found).removeprefix(RULE_NS) for role, found in zip(ROLES, values) if found is not None}


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
        for role in actor.roles:
            graph.add((node, KG.role, Literal(role, lang="ar")))
        if actor.candidate:
            graph.add((node, KG.candidate, Literal(True)))
    return graph


def _forget(graph: URIRef, subjects: set) -> str:
    """The update that removes what ``graph`` says of ``subjects``."""
    if not subjects:
        return ""
    values = " ".join(subject.n3() for subject in subjects)
    return (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}\n"
            f"WHERE {{ VALUES ?s {{ {values} }} GRAPH <{graph}> {{ ?s ?p ?o }} }} ;\n")


def _copy_used_prefixes(draft: IO[bytes], stream: IO[bytes]) -> None:
    """Copy Oxigraph's Turtle or TriG from ``draft`` to ``stream``, without the prefix declarations
    (its first lines) that no statement uses."""
    draft.seek(0)
    declarations, start = [], 0
    for line in iter(draft.readline, b""):
        if not line.startswith(b"@prefix "):
            break
        declarations.append(line)
        start = draft.tell()
    end = draft.seek(0, 2)
    if end > start:  # mmap refuses an empty file
        with mmap.mmap(draft.fileno(), 0, access=mmap.ACCESS_READ) as text:
            stream.writelines(line for line in declarations if _uses_prefix(text, start, line.split()[1]))
        draft.seek(start)
        shutil.copyfileobj(draft, stream)


# The terms of a line of Oxigraph's Turtle: strings (one line each: Oxigraph escapes line breaks), IRIs, the rest.
_TERM = re.compile(rb'"(?:[^"\\\n]|\\.)*"|<[^>\n]*>|[^\s"<]+')


def _uses_prefix(text: mmap.mmap, start: int, prefix: bytes) -> bool:
    """Whether the Turtle from ``start`` writes a name with ``prefix`` (b"kg:"); in a string it does not count.

    A plain search finds where the name may be; only the lines it finds are read term by term."""
    found = text.find(prefix, start)
    while found >= 0:
        end = text.find(b"\n", found)
        line = text[text.rfind(b"\n", 0, found) + 1:end]
        if text[found - 1] in b" \t\n([^" and any(term.lstrip(b"^([").startswith(prefix)
                                                  for term in _TERM.findall(line) if term[:1] not in b'"<'):
            return True
        found = text.find(prefix, end) if end >= 0 else -1
    return False


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt")


def with_prefixes(graph: Graph) -> Graph:
    """``graph`` with the project's prefixes bound, for readable Turtle and query results."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def syntax_of(path: Path) -> str:
    syntax = Path(path).suffix.lstrip(".").lower()
    if syntax not in SYNTAXES:
        raise KgError(f"{path}: unknown RDF syntax; name the file .{', .'.join(SYNTAXES)}")
    return syntax


def import_graph(path: Path) -> URIRef:
    """The named graph that receives a Turtle file (which names none): one per file name, removable alone."""
    return KGID[f"graph/import/{slug(Path(path).stem)}"]


def is_store(path: Path) -> bool:
    """Whether ``path`` holds a store (ours, or an Oxigraph folder from before the format file)."""
    return (path / FORMAT_FILE).is_file() or (path / "CURRENT").is_file()


def _open_on_disk(dataset: Dataset, path: Path) -> None:
    _check_format(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        dataset.open(str(path))
    except OSError as error:
        if "lock" in str(error).lower():  # RocksDB's lock file: one process at a time
            raise _in_use(path) from None
        raise KgError(f"{path}: cannot open the store ({error})") from None
    if not (path / FORMAT_FILE).exists():
        with atomic_writer(path / FORMAT_FILE) as stream:
            json.dump({"format": STORE_FORMAT}, stream)


def _in_use(path: Path) -> KgError:
    return KgError(f"{path}: the store is in use by another process (kg build, import or serve?); "
                   "try again when it has finished")


def _read_only(path: Path) -> OxigraphStore:
    _check_format(path)
    try:
        return OxigraphStore(store=pyoxigraph.Store.read_only(str(path)))
    except OSError as error:
        raise KgError(f"{path}: cannot open the store for reading ({error})") from None


@contextmanager
def shared_for_reading(path: Path) -> Iterator[None]:
    """While inside, any number of processes may open the store at ``path`` with
    ``Store(path, read_only=True)``, and no other process may open it to write.

    Oxigraph allows readers beside a writer that does not write, but a writer's store compacts its
    files in the background; so no writer stays open here. The lock a writer takes (fcntl on
    RocksDB's LOCK file) is taken instead, which keeps out kg build and the like with their usual
    error. A writer coming between the close and the lock would win: a window of microseconds.
    """
    # Opening to write moves the log of the last writes into the tables; a reader would replay it
    # in memory instead, every time (minutes and hundreds of MB after a build of 1,400 articles).
    Store(path).close()
    with open(path / "LOCK", "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise _in_use(path) from None
        yield


def _check_format(path: Path) -> None:
    marker = path / FORMAT_FILE
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))["format"] if marker.exists() else 1
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KgError(f"{marker}: unreadable ({error}); is this a kg store?") from None
    if not isinstance(found, int):
        raise KgError(f"{marker}: the format should be a whole number, not {found!r}")
    if found > STORE_FORMAT:
        raise KgError(f"{path}: this store has format {found}, newer than this kg reads ({STORE_FORMAT}); "
                      "upgrade kg to open it")


class Store:
    """The statements of many articles: an rdflib Dataset over Oxigraph on disk, or in memory.

    ``read_only``: on disk, for reading beside other readers, which needs ``shared_for_reading``.
    """

    def __init__(self, path: Path | str | None = None, backend: str = "oxigraph", read_only: bool = False):
        if backend not in BACKENDS:
            raise KgError(f"unknown store backend {backend!r}; choose from {', '.join(BACKENDS)}")
        self.path = Path(path) if path else None
        self.backend = backend if self.path else "memory"
        read_only = read_only and self.backend == "oxigraph"
        # default_union: a plain SELECT sees every article's graph.
        self.dataset = Dataset(store=_read_only(self.path) if read_only else BACKENDS[self.backend],
                               default_union=True)
        if self.backend == "oxigraph" and not read_only:
            _open_on_disk(self.dataset, self.path)
        # Updates go through a view whose default graph is the real one: over the union, rdflib would
        # run them itself, one operation at a time, instead of Oxigraph's single transaction.
        self._updates = Dataset(store=self.dataset.store)
        self.dataset.namespace_manager = NamespaceManager(self.dataset, bind_namespaces="core")
        with_prefixes(self.dataset)

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
        """Replace the article's graph and the descriptions of its actors, in one atomic update.

        An actor is described as the latest build knows it: with the label a user's list gave it
        since (kg build --reextract --actors), no more as a candidate.
        """
        actors = {a.id: a for s in statements for a in (s.speaker, s.target, *s.affiliations) if a}
        self.replace_graph(article_iri(article.doc), article_graph(article, statements),
                           described={ACTORS_GRAPH: actor_graph(list(actors.values()))})

    def replace_graph(self, name: URIRef, graph: Graph, described: dict[URIRef, Graph] | None = None) -> None:
        """Replace the named graph ``name`` with ``graph`` and, in each graph named in ``described``,
        what it says of the subjects of the triples given for it with those triples: one atomic update."""
        forget = "".join(_forget(into, set(triples.subjects())) for into, triples in (described or {}).items())
        inserts = "\n".join(f"GRAPH <{into}> {{ {_ntriples(triples)} }}"
                            for into, triples in {name: graph, **(described or {})}.items())
        self.update(f"DROP SILENT GRAPH <{name}> ;\n{forget}INSERT DATA {{ {inserts} }}")

    def remove_article(self, doc: str) -> None:
        self.update(f"DROP SILENT GRAPH <{article_iri(doc)}>")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, all or nothing on Oxigraph; its default graph is the real one, not the union."""
        self._updates.update(sparql, initNs=QUERY_PREFIXES)

    def load(self, source: Path, bulk: bool = False) -> None:
        """Add the triples of an RDF file, whose extension names its syntax (one of SYNTAXES).

        TriG, N-Quads and JSON-LD keep their named graphs; a Turtle file goes to the graph
        import_graph(source), so that it can be removed alone. The load is one transaction unless
        ``bulk``: Oxigraph's bulk loader is faster, but a crash leaves part of the file loaded.
        """
        syntax = syntax_of(source)
        target = self.dataset.graph(import_graph(source)) if syntax in GRAPHLESS else self.dataset
        try:
            target.parse(source, format=SYNTAXES[syntax], transactional=not bulk)
        except SyntaxError as error:
            raise syntax_error(source, error) from None
        except OSError as error:
            raise KgError(f"{source}: cannot read it ({error.strerror or error})") from None

    def dump(self, stream: IO[bytes], syntax: str) -> None:
        """Write the store in ``syntax`` (one of SYNTAXES); Turtle gets the union of all graphs.
        Turtle and TriG declare the prefixes of DECLARABLE that their statements use."""
        # A view of the dataset: the prefixes set below are its own, not the store's.
        source = self.union() if syntax in GRAPHLESS else Dataset(store=self.dataset.store)
        if syntax not in PREFIXED:
            source.serialize(destination=stream, format=SYNTAXES[syntax])
            return
        source.namespace_manager = NamespaceManager(Graph(), bind_namespaces="none")  # none of the store's
        for prefix, namespace in DECLARABLE.items():
            source.bind(prefix, namespace)
        # Oxigraph declares every prefix it is given; which ones the statements use shows once they are written.
        with tempfile.TemporaryFile() as draft:
            source.serialize(destination=draft, format=SYNTAXES[syntax])
            _copy_used_prefixes(draft, stream)

    def union(self) -> Graph:
        """Every triple of every graph, in one in-memory graph."""
        return with_prefixes(self.dataset.query("CONSTRUCT WHERE { ?s ?p ?o }").graph)

    def triple_count(self) -> int:
        """The number of distinct triples, all graphs together."""
        return len(self.dataset)

    def select(self, sparql: str) -> list[tuple]:
        return [tuple(row) for row in self.dataset.query(sparql, initNs=QUERY_PREFIXES)]

    def actors(self) -> dict[str, dict]:
        """Every actor's labels and aliases, by IRI, from whichever graph holds them (an imported Turtle file too)."""
        found: dict[str, dict] = {}
        for actor, predicate, value in self.select("SELECT DISTINCT ?a ?p ?o WHERE { "
                                                   "VALUES ?p { skos:prefLabel skos:altLabel } ?a ?p ?o } ORDER BY ?a ?p ?o"):
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
                 "evidence": {"start": int(start), "end": int(end)}, "confidence": float(confidence),
                 "rules": rules_of(found)}
                for doc, sentence, concept, speaker, target, claim, trigger, start, end, confidence, *found in rows]


# The rule behind each part of a statement ?statement, for queries that return it: ?predicate_rule ...
RULE_VARIABLES = " ".join(f"?{role}_rule" for role in ROLES)
RULE_PATTERNS = "\n  ".join(f"OPTIONAL {{ ?statement <{rule_property(role)}> ?{role}_rule }}" for role in ROLES)

STATEMENTS_QUERY = f"""
SELECT ?doc ?sentence ?concept ?speaker ?target ?claim ?trigger ?start ?end ?confidence {RULE_VARIABLES} WHERE {{
  ?statement a kg:Statement ; kg:article ?article ; kg:evidenceSentence ?sentence ;
             kg:statementType ?concept ; kg:speaker ?speaker ; kg:claim ?claim ; kg:trigger ?trigger ;
             kg:startOffset ?start ; kg:endOffset ?end ; kg:confidence ?confidence .
  ?article dcterms:identifier ?doc .
  OPTIONAL {{ ?statement kg:target ?target }}
  {RULE_PATTERNS}
}} ORDER BY ?doc ?start ?concept ?speaker"""
