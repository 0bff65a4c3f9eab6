"""SPARQL over a store, from Python and from ``kg query``: the project's prefixes are bound, and
nothing changes the store unless the caller asks for an update.

    from kg.query import query, render, run_query
    from kg.rdf import Store
    with Store("stores/seeds") as store:
        print(render(query(store, "SELECT ?who WHERE { ?who kg:appealsTo kgid:united_states }"), "table"))
    print(run_query(Path("stores/seeds"), "SELECT ...", timeout=30))  # stopped after 30 s: a KgError
"""
from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from pyparsing import ParseException
from rdflib import Graph, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.query import Result
from rdflib.term import Node, URIRef
from rich.console import Console
from rich.table import Table

from kg.errors import KgError
from kg.rdf import QUERY_PREFIXES, Store, with_prefixes
from kg.workers import MEMORY, OverLimit, Workers

FORMATS = ("table", "csv", "json")
GRAPH_SYNTAX = {"table": "turtle", "csv": "nt", "json": "json-ld"}  # for CONSTRUCT and DESCRIBE results
TIMEOUT = 30.0  # seconds, for `kg query` and `kg serve`


class Answer(NamedTuple):
    result: Result | None  # None after an update
    cut: bool = False  # whether rows beyond max_rows were left out


def query(store: Store, sparql: str, update: bool = False, source: str = "query") -> Result | None:
    """Run ``sparql`` on the store; a SPARQL Update runs only with ``update=True`` and returns None.

    ``source`` names the query in error messages (e.g. its file name).
    """
    return answer(store, sparql, update, source).result


def answer(store: Store, sparql: str, update: bool = False, source: str = "query",
           max_rows: int | None = None) -> Answer:
    """query(), keeping at most ``max_rows`` rows of a SELECT (triples of a CONSTRUCT or DESCRIBE).
    Oxigraph evaluates no further row; a graph, though, comes whole from oxrdflib before it is cut."""
    if not sparql.strip():
        raise KgError(f"{source}: empty query")
    try:
        result = store.dataset.query(sparql, initNs=QUERY_PREFIXES)
        return Answer(result, evaluate(result, max_rows))
    except Exception as error:  # whatever the engine refuses is a problem of this query, not a bug
        refusal = error
    # Only now parse with rdflib (slow next to Oxigraph): to tell an update from a mistake, and place the mistake.
    if not is_update(sparql, source):
        raise KgError(f"{source}: {refusal}")
    if not update:
        raise KgError(f"{source}: this is a SPARQL Update, which changes the store; give --update to run it")
    try:
        store.update(sparql)
    except Exception as error:
        raise KgError(f"{source}: {error}") from None
    return Answer(None)


def evaluate(result: Result, max_rows: int | None) -> bool:
    """Evaluate the lazy solutions of ``result``, ``max_rows`` at most; whether there were more."""
    if max_rows is None or result.type == "ASK":
        len(result)
        return False
    if result.type == "SELECT":
        rows = list(islice(result, max_rows + 1))
        # A generator, as rdflib's own: a list would be added to what is left of rdflib's generator.
        result.bindings = ({Variable(name): value for name, value in row.asdict().items()} for row in rows[:max_rows])
        return len(rows) > max_rows
    if len(result.graph) <= max_rows:
        return False
    kept = Graph()
    kept += islice(result.graph, max_rows)
    result.graph = kept
    return True


def run_query(path: Path, sparql: str, fmt: str = "table", update: bool = False, source: str = "query",
              timeout: float | None = TIMEOUT, memory: int = MEMORY) -> str | None:
    """query() and render() on the store at ``path`` in a worker process (kg.workers), stopped with a
    KgError after ``timeout`` seconds or beyond ``memory`` bytes; None after an update."""
    with Workers(path, writable=True, memory=memory, preload=(__name__,)) as workers:
        try:
            return workers.run(rendered, sparql, fmt, update, source, timeout=timeout)
        except OverLimit as error:
            raise KgError(f"{source}: {error}") from None


def rendered(store: Store, sparql: str, fmt: str, update: bool, source: str) -> str | None:
    result = query(store, sparql, update, source)
    return None if result is None else render(result, fmt)


def is_update(sparql: str, source: str = "query") -> bool:
    """Whether ``sparql`` is an update rather than a query, as rdflib's SPARQL parser reads it."""
    try:
        prepareQuery(sparql, initNs=QUERY_PREFIXES)
        return False
    except ParseException as query_error:
        try:
            parseUpdate(sparql)
            return True
        except ParseException as update_error:
            # The reading that got further is more likely the one meant; a tie goes to the query.
            error = update_error if update_error.loc > query_error.loc else query_error
            raise KgError(f"{source}: line {error.lineno}, column {error.col}: {error.msg}, "
                          f"found {error.found}") from None
    except Exception as error:  # rdflib's algebra: an unknown prefix and the like
        raise KgError(f"{source}: {error}") from None


def render(result: Result, fmt: str) -> str:
    """The result as text: a table for people, or SPARQL's CSV / JSON results formats.

    Graphs (CONSTRUCT, DESCRIBE) come as Turtle, N-Triples or JSON-LD for table, csv and json.
    """
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return with_prefixes(result.graph).serialize(format=GRAPH_SYNTAX[fmt])
    if result.type == "ASK" and fmt != "json":
        return f"{str(result.askAnswer).lower()}\n"
    if fmt == "table":
        return table(result)
    return result.serialize(format=fmt).decode("utf-8")


def table(result: Result) -> str:
    return text_table(map(str, result.vars), (map(cell, row) for row in result))


def text_table(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Rows of text as a table drawn for the terminal's width (160 characters without one)."""
    grid = Table(*columns)
    for row in rows:
        grid.add_row(*row)
    width = shutil.get_terminal_size((160, 24)).columns
    console = Console(file=io.StringIO(), width=width, no_color=True, highlight=False)
    console.print(grid)
    return console.file.getvalue()


def cell(term: Node | None) -> str:
    """A term as a person reads it: IRIs with the project's prefixes, literals as their text."""
    if isinstance(term, URIRef):
        return next((f"{prefix}:{term[len(namespace):]}" for prefix, namespace in QUERY_PREFIXES.items()
                     if term.startswith(namespace)), str(term))
    return "" if term is None else str(term)
