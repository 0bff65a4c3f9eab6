"""SPARQL over HTTP: a read-only SPARQL 1.1 Protocol endpoint over a store (rdflib-endpoint on uvicorn).

    from kg.serve import serve
    with Store("stores/seeds") as store:
        serve(store, port=8000)  # until Ctrl-C; query http://127.0.0.1:8000/
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from rdflib.plugins.sparql.sparql import Query
from rdflib_endpoint.sparql_router import SparqlRouter

from kg.rdf import Store

TITLE = "kg: diplomatic statements from Arabic news"
DESCRIPTION = ("Who said what about whom. Statements follow the ontology at https://kg.example.org/ontology#; "
               "the default graph is the union of all graphs; the project's prefixes (kg:, kgid:, …) are bound.")


class ParsedQuery(str):
    """A query's text that also carries rdflib's parse of it.

    rdflib-endpoint parses every query (a bad one gets HTTP 400 with the parser's message) and passes
    the parse on. Oxigraph only takes text, so rdflib would evaluate the parse with its own engine,
    some 30 times slower on the seeds. Being a str, this goes to the store's engine instead.
    """

    def __new__(cls, text: str, parsed: Query) -> "ParsedQuery":
        query = super().__new__(cls, text)
        query.algebra = parsed.algebra  # the router reads the query form (SELECT, CONSTRUCT ...) from it
        return query


class StoreRouter(SparqlRouter):
    def _prepare_query_cached(self, query: str, graph_ns: dict[str, Any]) -> ParsedQuery:
        return ParsedQuery(query, super()._prepare_query_cached(query, graph_ns))


def endpoint(store: Store, public_url: str = "http://127.0.0.1:8000/") -> FastAPI:
    """The web application answering SPARQL queries on ``/``; updates are refused (HTTP 403)."""
    app = FastAPI(title=TITLE, description=DESCRIPTION)
    app.include_router(StoreRouter(graph=store.dataset, title=TITLE, description=DESCRIPTION,
                                   public_url=public_url, enable_update=False))
    return app


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Answer queries until interrupted. The store stays open, so no other process can open it meanwhile."""
    import uvicorn

    uvicorn.run(endpoint(store, f"http://{host}:{port}/"), host=host, port=port, log_level="warning")
