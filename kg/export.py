"""Exports of a store to files; every file is written atomically (temporary file, then rename)."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import IO, Callable, NamedTuple

from kg.files import atomic_writer
from kg.graph import GRAPH_WRITERS
from kg.rdf import SYNTAXES, Store


def write_jsonl(store: Store, stream: IO[str]) -> int:
    """One statement per line, in score.py's format plus claim, trigger, evidence, confidence."""
    statements = store.statements()
    for statement in statements:
        stream.write(json.dumps(statement, ensure_ascii=False) + "\n")
    return len(statements)


def write_rdf(store: Store, stream: IO[bytes], syntax: str) -> int:
    """The whole store as RDF: named graphs kept, except in Turtle (the union of all graphs)."""
    store.dump(stream, syntax)
    return store.triple_count()


class Writer(NamedTuple):
    write: Callable[[Store, IO], int]  # returns how many ``unit`` it wrote
    unit: str
    binary: bool = False


WRITERS = {"jsonl": Writer(write_jsonl, "statements"),
           **{fmt: Writer(write, "statements") for fmt, write in GRAPH_WRITERS.items()},
           **{syntax: Writer(partial(write_rdf, syntax=syntax), "triples", binary=True) for syntax in SYNTAXES}}
FORMATS = tuple(WRITERS)


def export(store: Store, fmt: str, output: Path | None) -> int:
    """Write the store in ``fmt``; returns the number of records written (WRITERS[fmt].unit)."""
    writer = WRITERS[fmt]
    with atomic_writer(output, binary=writer.binary) as stream:
        return writer.write(store, stream)
