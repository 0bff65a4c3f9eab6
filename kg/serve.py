"""SPARQL over HTTP: a read-only SPARQL 1.1 Protocol endpoint over a store (FastAPI on uvicorn,
with rdflib-endpoint's query editor, service description and media types).

Each query runs in one of a few worker processes that have the store open read-only (kg.workers),
so a slow query holds up no other client, and a query over the time limit or the memory limit is
stopped: its client gets HTTP 503 and one line saying which limit. A result keeps its first
``max_rows`` rows (triples for CONSTRUCT and DESCRIBE); when rows were left out, the response says
so in the header ``X-Kg-Rows-Cut: MAX_ROWS`` (the SPARQL result formats have no place for it).

    from kg.serve import Limits, serve
    serve(Path("stores/seeds"), port=8000)  # until Ctrl-C or SIGTERM; query http://127.0.0.1:8000/
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import NamedTuple
from urllib.parse import parse_qsl

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from rdflib_endpoint.sparql_router import SparqlRouter
from rdflib_endpoint.utils import (GENERIC_CONTENT_TYPE_TO_RDFLIB_FORMAT, GRAPH_CONTENT_TYPE_TO_RDFLIB_FORMAT,
                                   SPARQL_RESULT_CONTENT_TYPE_TO_RDFLIB_FORMAT, get_default_content_type,
                                   parse_accept_header)
from starlette.concurrency import run_in_threadpool

from kg.errors import KgError
from kg.query import TIMEOUT, answer
from kg.rdf import Store, with_prefixes
from kg.workers import MEMORY, OverLimit, Workers

TITLE = "kg: diplomatic statements from Arabic news"
DESCRIPTION = ("Who said what about whom. Statements follow the ontology at https://kg.example.org/ontology#; "
               "the default graph is the union of all graphs; the project's prefixes (kg:, kgid:, …) are bound.")
ROWS_CUT = "X-Kg-Rows-Cut"
GRAPH_FORMATS = {**GRAPH_CONTENT_TYPE_TO_RDFLIB_FORMAT, **GENERIC_CONTENT_TYPE_TO_RDFLIB_FORMAT}
RESULT_FORMATS = {**SPARQL_RESULT_CONTENT_TYPE_TO_RDFLIB_FORMAT, **GENERIC_CONTENT_TYPE_TO_RDFLIB_FORMAT}


@dataclass(frozen=True)
class Limits:
    timeout: float = TIMEOUT  # seconds a query may take, waiting for a free worker included
    max_rows: int = 10_000  # rows (triples of a graph) a result keeps
    workers: int = 4  # queries running at once; more wait for a free worker
    memory: int = MEMORY  # bytes a worker may use


class Reply(NamedTuple):
    media_type: str
    body: bytes
    cut: bool


def respond(store: Store, sparql: str, accept: str, max_rows: int) -> Reply:
    """The result of ``sparql``, in the first media type of ``accept`` that suits it (run by a worker)."""
    result, cut = answer(store, sparql, max_rows=max_rows)
    graph = result.type in ("CONSTRUCT", "DESCRIBE")
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    media_type = next((wanted for wanted in parse_accept_header(accept) if wanted in formats),
                      get_default_content_type("Construct Query" if graph else "Select Query"))
    body = (with_prefixes(result.graph) if graph else result).serialize(format=formats[media_type])
    return Reply(media_type, body, cut)


async def operation(request: Request) -> tuple[str | None, str | None]:
    """The query and the update of a SPARQL Protocol request: URL parameters, a form, or the body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if request.method == "POST" and content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8"), None
    if request.method == "POST" and content_type == "application/sparql-update":
        return None, (await request.body()).decode("utf-8")
    fields = dict(request.query_params)
    if request.method == "POST" and content_type == "application/x-www-form-urlencoded":
        fields.update(parse_qsl((await request.body()).decode("utf-8")))
    return fields.get("query"), fields.get("update")


def endpoint(workers: Workers, limits: Limits, description: SparqlRouter) -> FastAPI:
    """The web application answering on ``/``: queries through ``workers``; updates get HTTP 403;
    without a query, ``description``'s query editor (for browsers) or service description."""
    app = FastAPI(title=TITLE, description=DESCRIPTION)

    async def sparql(request: Request) -> Response:
        query, update = await operation(request)
        if update is not None:
            return PlainTextResponse("updates are refused: this endpoint is read-only", 403)
        if query is None:
            return service(request, description)
        try:
            reply = await run_in_threadpool(workers.run, respond, query, request.headers.get("accept", ""),
                                            limits.max_rows, timeout=limits.timeout)
        except OverLimit as error:
            return PlainTextResponse(f"query: {error}", 503)
        except KgError as error:
            return PlainTextResponse(str(error), 400)
        return Response(reply.body, media_type=reply.media_type,
                        headers={ROWS_CUT: str(limits.max_rows)} if reply.cut else None)

    app.add_api_route("/", sparql, methods=["GET", "POST"])
    return app


def service(request: Request, description: SparqlRouter) -> Response:
    if request.headers.get("accept", "").startswith("text/html"):
        return description.serve_yasgui()
    turtle = request.headers.get("accept") == "text/turtle"
    return Response(description.service_description.serialize(format="turtle" if turtle else "xml"),
                    media_type="text/turtle" if turtle else "application/xml")


class Server(uvicorn.Server):
    """uvicorn, which on Ctrl-C or SIGTERM first stops the running queries: it waits for open requests."""

    def __init__(self, config: uvicorn.Config, workers: Workers):
        super().__init__(config)
        self.workers = workers

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.workers.close()
        super().handle_exit(sig, frame)


def serve(path: Path, host: str = "127.0.0.1", port: int = 8000, limits: Limits = Limits()) -> None:
    """Answer queries on the store at ``path`` until interrupted; meanwhile no other process can write it."""
    public_url = f"http://{host}:{port}/"
    with Workers(path, limits.workers, memory=limits.memory, preload=(__name__,)) as workers:
        with Store(path, read_only=True) as store:  # only to describe it: the router answers no query
            description = SparqlRouter(graph=store.dataset, title=TITLE, description=DESCRIPTION,
                                       public_url=public_url, enable_update=False)
        config = uvicorn.Config(endpoint(workers, limits, description), host=host, port=port, log_level="warning",
                                timeout_graceful_shutdown=1)
        Server(config, workers).run()
