"""Shared fixtures: the seeds are built once per test session, with the bundled models."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def kg(*args, env=None, cwd=None, timeout=1200):
    """Run the ``kg`` command in a subprocess; official Stanza models are hidden unless ``env`` says otherwise."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout,
                          env={**os.environ, "STANZA_RESOURCES_DIR": "/nonexistent", **(env or {})})


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory) -> Path:
    """A folder with ``store/`` (the seeds built by `kg build`) and ``seeds.jsonl`` (its export)."""
    folder = tmp_path_factory.mktemp("seeds")
    built = kg("build", EXAMPLES, "--store", folder / "store")
    assert built.returncode == 0, built.stderr
    exported = kg("export", "--store", folder / "store", "--format", "jsonl", "-o", folder / "seeds.jsonl")
    assert exported.returncode == 0, exported.stderr
    return folder


@pytest.fixture(scope="session")
def seeds_store(seeds_export) -> Path:
    """The folder of the seeds' Oxigraph store (open it with ``kg.rdf.Store``; close it after use)."""
    return seeds_export / "store"
