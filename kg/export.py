"""Exports of a store to files; every file is written atomically (temporary file, then rename)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from kg.rdf import Store



@contextmanager
def atomic_writer(path: Path | None) -> Iterator[IO[str]]:
    """A text stream that replaces ``path`` only once fully written; stdout when ``path`` is None."""
    if path is None:
        yield sys.stdout
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_jsonl(store: Store, stream: IO[str]) -> int:
    """One statement per line, in score.py's format plus claim, trigger, evidence, confidence."""
    statements = store.statements()
    for statement in statements:
        stream.write(json.dumps(statement, ensure_ascii=False) + "\n")
    return len(statements)


WRITERS = {"jsonl": write_jsonl}
FORMATS = tuple(WRITERS)


def export(store: Store, fmt: str, output: Path | None) -> int:
    """Write the store in ``fmt``; returns the number of records written."""
    with atomic_writer(output) as stream:
        return WRITERS[fmt](store, stream)
