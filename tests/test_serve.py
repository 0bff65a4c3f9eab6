"""`kg serve`: a SPARQL 1.1 Protocol endpoint, queried with a real SPARQL client (SPARQLWrapper) and
plain HTTP; its limits on a store of 300,000 triples, where a cartesian product never ends."""
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import error_line, kg
from kg.ontology import KG, KGID
from kg.rdf import Store

LAVROV = "https://kg.example.org/id/sergey_lavrov"
BIG = 300_000  # triples
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ENDLESS = "SELECT (COUNT(*) AS ?rows) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2.7e16 rows to count
TIMEOUT, MAX_ROWS = 15, 1000  # the big server's limits


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(url: str, sparql: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(url)
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(sparql)
    return wrapper


def post(url: str, sparql: str, accept: str = "application/sparql-results+json") -> tuple[int, dict, bytes]:
    """(HTTP status, headers, body) of a query sent as a form."""
    request = Request(url, data=urlencode({"query": sparql}).encode(), headers={"Accept": accept})
    try:
        with urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def timed(url: str, sparql: str) -> tuple[tuple[int, dict, bytes], float, float]:
    """post()'s answer, the seconds it took, and when it came (time.monotonic)."""
    started = time.monotonic()
    answer = post(url, sparql)
    return answer, time.monotonic() - started, time.monotonic()


def answers(url: str) -> bool:
    try:
        client(url, "ASK {}").query()
        return True
    except (URLError, ConnectionError):
        return False


def start_server(store: Path, *options: str) -> tuple[str, subprocess.Popen]:
    """(url, process) of `kg serve` on ``store``, once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store),
                                "--port", str(port), *options], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while not answers(url):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "kg serve did not answer within a minute"
        time.sleep(0.3)
    return url, process


def stop_server(process: subprocess.Popen, store: Path) -> None:
    process.terminate()  # uvicorn shuts down, then dies of the signal (exit status -15)
    process.wait(timeout=20)
    Store(store).close()  # the lock went with the server


@pytest.fixture(scope="module")
def server(seeds_store: Path):
    """(url, process) of `kg serve` on the seeds; stopped after the module."""
    url, process = start_server(seeds_store)
    yield url, process
    stop_server(process, seeds_store)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    """BIG triples in 1,000 graphs, loaded from N-Quads written directly (kg.synthetic, through rdflib,
    takes over a minute for as many)."""
    folder = tmp_path_factory.mktemp("big")
    with (folder / "big.nq").open("w", encoding="utf-8") as stream:
        stream.writelines(f'<{KGID}s{n}> <{KG}p{n % 20}> "{n}" <{KGID}g{n % 1000}> .\n' for n in range(BIG))
    with Store(folder / "store") as store:
        store.load(folder / "big.nq", bulk=True)
    return folder / "store"


@pytest.fixture(scope="module")
def big_server(big_store: Path):
    url, process = start_server(big_store, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                                "--max-memory", "1", "--workers", "3")
    yield url, process
    stop_server(process, big_store)


def small_query(n: int) -> str:
    return f"SELECT ?o WHERE {{ <{KGID}s{n}> ?p ?o }}"


def objects(body: bytes) -> list[str]:
    return [row["o"]["value"] for row in json.loads(body)["results"]["bindings"]]


def test_a_select_finds_lavrov_appealing_to_the_united_states(server):
    url, _ = server
    result = client(url, "SELECT ?speaker WHERE { ?speaker kg:appealsTo kgid:united_states }").query().convert()
    assert result["head"]["vars"] == ["speaker"]
    assert LAVROV in [row["speaker"]["value"] for row in result["results"]["bindings"]]


def test_a_malformed_query_gets_400_with_the_parsers_message_and_the_server_goes_on(server):
    url, process = server
    with pytest.raises(QueryBadFormed) as refused:
        client(url, "SELECT ?speaker WHERE { ?speaker kg:appealsTo ").query()
    assert "query: line 1, column " in str(refused.value) and "Expected SelectQuery" in str(refused.value)
    assert process.poll() is None
    assert client(url, f"ASK {{ <{LAVROV}> kg:appealsTo kgid:united_states }}").query().convert()["boolean"]


def test_updates_are_refused(server):
    url, _ = server
    update = client(url, f"INSERT DATA {{ GRAPH kgid:notes {{ <{LAVROV}> rdfs:comment 'a note' }} }}")
    update.setMethod(POST)
    with pytest.raises(HTTPError) as refused:
        update.query()
    assert refused.value.code == 403
    assert not client(url, f"ASK {{ <{LAVROV}> rdfs:comment ?note }}").query().convert()["boolean"]


def test_a_browser_gets_the_query_editor(server):
    with urlopen(Request(server[0], headers={"Accept": "text/html"}), timeout=30) as page:
        assert "yasgui" in page.read().decode("utf-8").lower()


def test_it_listens_on_the_loopback_only(server):
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("reads Linux's table of sockets")
    port = int(server[0].rsplit(":", 1)[1].strip("/"))
    listening = [line.split()[1] for line in tcp.read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, little-endian


def test_the_served_store_is_locked_for_other_commands(server, seeds_store):
    assert "in use by another process" in error_line(kg("query", "--store", seeds_store, "ASK {}"))


# ---------------------------------------------------------------- limits, on BIG triples

def test_slow_queries_hold_up_no_other_client_and_stop_at_the_limits(big_server):
    url, _ = big_server
    with ThreadPoolExecutor(2) as slow:
        endless, cartesian = slow.submit(timed, url, ENDLESS), slow.submit(timed, url, CARTESIAN)
        time.sleep(1)  # both run in workers of their own now
        small = [(n, *timed(url, small_query(n))) for n in range(0, BIG, BIG // 50)]
        (status, headers, body), seconds, ended = endless.result()
        assert (status, body) == (503, f"query: stopped after {TIMEOUT} s (the time limit)".encode())
        assert TIMEOUT <= seconds < TIMEOUT + 10
        assert all(answered < ended for *_, answered in small)  # all of them came while it ran
        (status, headers, body), *_ = cartesian.result()
        assert status == 200 and headers["X-Kg-Rows-Cut"] == str(MAX_ROWS)
        assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert len(small) == 50
    for n, (status, headers, body), seconds, _ in small:
        assert (status, objects(body)) == (200, [str(n)]) and "X-Kg-Rows-Cut" not in headers
        assert seconds < 1
    status, _, body = post(url, small_query(7))  # the stopped worker has been replaced
    assert (status, objects(body)) == (200, ["7"])


def test_a_query_over_the_memory_limit_gets_503_and_the_server_goes_on(big_server):
    url, _ = big_server
    status, _, body = post(url, f"{CARTESIAN} ORDER BY ?i")  # sorting needs every row in memory
    assert (status, body) == (503, b"query: stopped: it needed more than 1 GB of memory (the limit)")
    status, _, body = post(url, small_query(11))
    assert (status, objects(body)) == (200, ["11"])


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_sigterm_or_ctrl_c_stops_the_server_within_2_s_even_mid_query(big_store, tmp_path, stop):
    store = shutil.copytree(big_store, tmp_path / "store")  # the big server may hold the original
    url, process = start_server(store)
    with ThreadPoolExecutor(1) as slow:
        endless = slow.submit(post, url, ENDLESS)
        time.sleep(2)  # it runs in a worker now
        sent = time.monotonic()
        process.send_signal(stop)
        process.wait(timeout=30)
        assert time.monotonic() - sent < 2
        assert process.returncode == -stop
        assert endless.result()[:1] == (503,)  # its client was told, not left hanging
    Store(store).close()  # the lock went with the server
