"""Worker processes over a store: calls wait for a free worker up to their time limit, a stopped
worker is replaced, a call's error comes back, and writers are kept out while workers read."""
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ROOT, error_line, kg
from kg.rdf import Store
from kg.workers import OverLimit, Workers

# A cartesian product of five patterns: on the small store's ~110 triples, 1.6e10 rows to count.
ENDLESS = "SELECT (COUNT(*) AS ?rows) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"


@pytest.fixture
def store(small_store, tmp_path):
    return shutil.copytree(small_store, tmp_path / "store")  # tests here lock it


def test_a_call_waits_for_a_free_worker_until_its_time_limit_and_a_stopped_worker_is_replaced(store):
    with Workers(store, count=1) as workers, ThreadPoolExecutor(1) as other:
        endless = other.submit(workers.run, Store.select, ENDLESS, timeout=4)
        with pytest.raises(OverLimit, match=r"^no worker was free within 1 s \(all 1 busy\)$"):
            workers.run(Store.triple_count, timeout=1)
        with pytest.raises(OverLimit, match=r"^stopped after 4 s \(the time limit\)$"):
            endless.result()
        assert workers.run(Store.triple_count, timeout=30) > 100


def test_an_error_of_the_call_comes_back_and_its_worker_goes_on(store):
    with Workers(store, count=1) as workers:
        with pytest.raises(SyntaxError):
            workers.run(Store.select, "SELECT nothing")
        assert len(workers.run(Store.select, "SELECT ?s WHERE { ?s a kg:Statement }")) == 5


def test_readers_keep_writers_out_until_they_end(store):
    with Workers(store, count=2):
        imported = kg("import", ROOT / "ontology" / "actors.ttl", "--store", store)
        assert "in use by another process" in error_line(imported)
    Store(store).close()
