"""`kg serve`: a SPARQL 1.1 Protocol endpoint, queried with a real SPARQL client (SPARQLWrapper)."""
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import error_line, kg
from kg.rdf import Store

LAVROV = "https://kg.example.org/id/sergey_lavrov"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(url: str, sparql: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(url)
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(sparql)
    return wrapper


def answers(url: str) -> bool:
    try:
        client(url, "ASK {}").query()
        return True
    except (URLError, ConnectionError):
        return False


@pytest.fixture(scope="module")
def server(seeds_store: Path):
    """(url, process) of `kg serve` on the seeds; stopped after the module."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(seeds_store),
                                "--port", str(port)], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while not answers(url):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "kg serve did not answer within a minute"
        time.sleep(0.3)
    yield url, process
    process.terminate()  # uvicorn shuts down, then dies of the signal (exit status -15)
    process.wait(timeout=20)
    Store(seeds_store).close()  # the lock went with the server


def test_a_select_finds_lavrov_appealing_to_the_united_states(server):
    url, _ = server
    result = client(url, "SELECT ?speaker WHERE { ?speaker kg:appealsTo kgid:united_states }").query().convert()
    assert result["head"]["vars"] == ["speaker"]
    assert LAVROV in [row["speaker"]["value"] for row in result["results"]["bindings"]]


def test_a_malformed_query_gets_400_with_the_parsers_message_and_the_server_goes_on(server):
    url, process = server
    with pytest.raises(QueryBadFormed) as refused:
        client(url, "SELECT ?speaker WHERE { ?speaker kg:appealsTo ").query()
    assert "Expected SelectQuery" in str(refused.value) and "line:1" in str(refused.value)
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
