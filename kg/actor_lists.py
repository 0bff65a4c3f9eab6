"""Actor lists of your own (``kg build --actors FILE``): actors the bundled ones lack, or that you
name otherwise, in CSV or Turtle. They win over the bundled actors (kg/link.py).

A CSV list has a header row; the columns, in any order (``kg actors --format csv`` writes them):

    id           the actor's id, its IRI being kgid:ID (a-z, 0-9, _); by default the slug of label_en
    label_en     its English name (required)
    label_ar     its Arabic name (required), which the linker looks for in the text
    type         Person, State, Organisation or GovernmentBody (required)
    affiliation  the id of the actor it belongs to: a bundled one (russia) or one of the lists'
    aliases      its other names, Arabic (looked for in the text too) or English, separated by |
    role         Arabic role nouns that refer back to it in a later sentence (المبعوث), separated by |
    cameo        its CAMEO actor code (by default UniversalPetrarch's for its Arabic name, if any)

The columns that ``kg actors`` adds (as_speaker, as_target, new) are ignored. A Turtle list uses the
vocabulary of ontology/actors.ttl and persons.ttl: ``kgid:ID a kg:Person ; skos:prefLabel "…"@en ,
"…"@ar``, with skos:altLabel, kg:ambiguousLabel, kg:affiliation, kg:office, kg:role, kg:nisba,
kg:cameoCode.

A CSV row becomes that vocabulary too, so both are checked alike: an actor with a problem (an
unknown type, a missing label, an affiliation to an unknown id, an id given twice) is one error
naming its file and line, and is left out; the others load.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.errors import KgError, syntax_error
from kg.ontology import KG, KGID, RESOURCE_NS
from kg.records import ACTOR_TYPES
from kg.text import is_arabic, slug

__all__ = ["COLUMNS", "REVIEW_COLUMNS", "SEPARATOR", "ActorFile", "ActorLists", "read_actor_files", "read_actor_lists"]

COLUMNS = ("id", "label_en", "label_ar", "type", "affiliation", "aliases", "role", "cameo")
REQUIRED = ("label_en", "label_ar", "type")
REVIEW_COLUMNS = ("as_speaker", "as_target", "new")  # added by kg actors, ignored here
SEPARATOR = "|"  # between the aliases, and the roles, of a CSV cell
SUFFIXES = (".csv", ".ttl")
LABELS = {"en": "label_en", "ar": "label_ar"}  # skos:prefLabel's languages, as the CSV names them


@dataclass(frozen=True)
class ActorFile:
    """An actor list as read from disk; sent as it is to worker processes, which may not see the disk."""

    name: str  # as given, for messages
    text: str

    @property
    def is_csv(self) -> bool:
        return self.name.lower().endswith(".csv")

    @classmethod
    def read(cls, path: str | Path) -> ActorFile:
        path = Path(path)
        if path.suffix.lower() not in SUFFIXES:
            raise KgError(f"{path}: an actor list is a {' or '.join(SUFFIXES)} file")
        try:
            return cls(str(path), path.read_text(encoding="utf-8-sig"))  # -sig: a spreadsheet's byte-order mark
        except (OSError, UnicodeDecodeError) as error:
            raise KgError(f"{path}: cannot read the actor list ({error})") from None


def read_actor_files(sources: Iterable[ActorFile | str | Path]) -> tuple[ActorFile, ...]:
    return tuple(source if isinstance(source, ActorFile) else ActorFile.read(source) for source in sources)


@dataclass
class ActorLists:
    """The actors of the user's lists that passed the checks, and what was wrong with the others."""

    graph: Graph = field(default_factory=Graph)  # in the ontology's actor vocabulary
    lines: dict[URIRef, str] = field(default_factory=dict)  # where each actor is given: "actors.csv:4"
    errors: list[str] = field(default_factory=list)  # one line each: "actors.csv:5: ..."


class BadActor(ValueError):
    """What is wrong with one actor of a list."""


@dataclass
class _Entry:
    """One actor as a list gives it, or the problem of its CSV row."""

    line: str  # "actors.csv:4"
    node: URIRef | None = None
    graph: Graph = field(default_factory=Graph)
    problem: str | None = None


def read_actor_lists(files: Iterable[ActorFile], known: Collection[str]) -> ActorLists:
    """The actors of ``files``; an affiliation may name one of them or an id in ``known``.

    A file that cannot be read as a whole (no header, bad Turtle) is a KgError.
    """
    lists = ActorLists()
    for file in files:
        for entry in _csv_entries(file) if file.is_csv else _turtle_entries(file):
            problem = entry.problem or _problem(entry, lists)
            if problem:
                lists.errors.append(f"{entry.line}: {problem}")
            else:
                lists.graph += entry.graph
                lists.lines[entry.node] = entry.line
    _drop_unknown_affiliations(lists, known)
    return lists


def _problem(entry: _Entry, lists: ActorLists) -> str | None:
    local = _local(entry.node)
    if entry.node in lists.lines:
        return f"{local}: given again (first at {lists.lines[entry.node]}); the first is kept"
    try:
        _check(entry.graph, entry.node)
    except BadActor as bad:
        return f"{local}: {bad}"
    return None


def _check(graph: Graph, node: URIRef) -> None:
    """An actor needs an id, one of the four types, an English and an Arabic label."""
    if not str(node).startswith(RESOURCE_NS):
        raise BadActor(f"an actor's IRI is {RESOURCE_NS}ID (kgid:ID)")
    _check_id(_local(node))
    classes = [str(kind).removeprefix(str(KG)) for kind in graph.objects(node, RDF.type)]
    if len(classes) != 1 or classes[0] not in ACTOR_TYPES:
        raise _type_error(classes)
    for language, column in LABELS.items():
        labels = [str(label) for label in graph.objects(node, SKOS.prefLabel) if label.language == language]
        if len(labels) != 1:
            raise BadActor(f"{'missing' if not labels else 'more than one'} {column} (skos:prefLabel @{language})")
        if language == "ar" and not is_arabic(labels[0]):
            raise BadActor(f"label_ar {labels[0]!r} has no Arabic letters")


def _check_id(actor_id: str) -> None:
    if slug(actor_id) != actor_id:
        raise BadActor(f"{actor_id!r} is no id: write it with a-z, 0-9 and _ ({slug(actor_id) or 'amal_haddad'})")


def _type_error(given: list[str]) -> BadActor:
    problem = "no type" if not given else f"unknown type {given[0]!r}" if len(given) == 1 else "more than one type"
    return BadActor(f"{problem}; give one of {', '.join(ACTOR_TYPES)}")


def _local(node: URIRef | None) -> str:
    return str(node).removeprefix(RESOURCE_NS)


def _drop_unknown_affiliations(lists: ActorLists, known: Collection[str]) -> None:
    """Leave out the actors affiliated to an id neither ``known`` nor of the lists (which may have
    just lost the actor it named)."""
    while bad := [(node, affiliation) for node in lists.lines for affiliation in lists.graph.objects(node, KG.affiliation)
                  if _local(affiliation) not in known and affiliation not in lists.lines]:
        for node, affiliation in bad:
            lists.errors.append(f"{lists.lines.pop(node)}: {_local(node)}: affiliation {_local(affiliation)!r} "
                                "is no known actor's id")
            lists.graph.remove((node, None, None))


# ---------------------------------------------------------------- CSV

def _csv_entries(file: ActorFile) -> Iterator[_Entry]:
    reader = csv.DictReader(io.StringIO(file.text, newline=""))
    reader.fieldnames = _header(file, reader.fieldnames)
    for row in reader:
        line = f"{file.name}:{reader.line_num}"
        cell = {name: (value or "").strip() for name, value in row.items() if name is not None}
        actor_id = cell.get("id") or slug(cell["label_en"])
        try:
            if None in row:
                raise BadActor("more cells than the header has columns")
            yield _Entry(line, *_row_graph(actor_id, cell))
        except BadActor as bad:
            yield _Entry(line, problem=f"{actor_id}: {bad}" if actor_id else str(bad))


def _header(file: ActorFile, fields: list[str] | None) -> list[str]:
    names = [name.strip() for name in fields or []]
    unknown = [name for name in names if name not in COLUMNS + REVIEW_COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing:
        problem = f"unknown column {unknown[0]!r}" if unknown else f"no column {missing[0]!r}"
        raise KgError(f"{file.name}:1: {problem}; the header names columns of {', '.join(COLUMNS)}")
    return names


def _row_graph(actor_id: str, cell: dict[str, str]) -> tuple[URIRef, Graph]:
    """A CSV row's cells in the ontology's vocabulary."""
    if not actor_id:
        raise BadActor("missing label_en (skos:prefLabel @en)")
    _check_id(actor_id)
    node, graph = KGID[actor_id], Graph()
    kind = next((kind for kind in ACTOR_TYPES if kind.lower() == cell["type"].lower()), None)  # in any case
    if kind is None:
        raise _type_error([cell["type"]] if cell["type"] else [])
    graph.add((node, RDF.type, KG[kind]))
    for language, column in LABELS.items():
        if cell[column]:
            graph.add((node, SKOS.prefLabel, Literal(cell[column], lang=language)))
    for alias in _split(cell.get("aliases")):
        graph.add((node, SKOS.altLabel, Literal(alias, lang="ar" if is_arabic(alias) else "en")))
    for role in _split(cell.get("role")):
        graph.add((node, KG.role, Literal(role, lang="ar")))
    if cell.get("affiliation"):
        _check_id(cell["affiliation"])
        graph.add((node, KG.affiliation, KGID[cell["affiliation"]]))
    if cell.get("cameo"):
        graph.add((node, KG.cameoCode, Literal(cell["cameo"])))
    return node, graph


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


# ---------------------------------------------------------------- Turtle

def _turtle_entries(file: ActorFile) -> Iterator[_Entry]:
    """Each subject typed with a kg: class or labelled with skos:prefLabel, in the order of the file."""
    graph = Graph()
    try:
        graph.parse(data=file.text, format="ox-turtle")
    except SyntaxError as error:
        raise syntax_error(file.name, error) from None
    actors = {node for node in graph.subjects(SKOS.prefLabel)} | {
        node for node, kind in graph.subject_objects(RDF.type) if str(kind).startswith(str(KG))}
    lines = file.text.splitlines()
    entries = [_Entry(f"{file.name}:{_line_of(node, lines)}", node) for node in actors]
    for entry in sorted(entries, key=lambda e: int(e.line.rsplit(":", 1)[1])):
        entry.graph += graph.triples((entry.node, None, None))
        yield entry


def _line_of(node: URIRef, lines: list[str]) -> int:
    """The line that describes ``node``: the first starting with its name, else the first naming it."""
    name = re.compile(rf"<{re.escape(str(node))}>|[\w-]*:{re.escape(_local(node))}(?![\w-])")
    naming = [number for number, text in enumerate(lines, 1) if name.search(text)]
    starting = [number for number in naming if name.match(lines[number - 1].lstrip())]
    return (starting or naming or [0])[0]
