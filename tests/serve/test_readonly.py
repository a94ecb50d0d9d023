"""Check 2: the endpoint is read-only; every way of sending an update gets a 4xx and changes nothing."""

from __future__ import annotations

import urllib.error

import httpx
import pytest
from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

INSERT = "INSERT DATA { <http://example.org/s> <http://example.org/p> \"injected\" }"
UPDATES = [
    INSERT,
    "DROP ALL",
    "CLEAR DEFAULT",
    "PREFIX ex: <http://example.org/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]
COUNTS = ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]


def counts(client: httpx.Client) -> tuple[int, ...]:
    """Triples in the default graph and in the named graphs, counted now by querying; /health's counts (from start)."""
    live = [int(client.post("/sparql", data={"query": q}).json()["results"]["bindings"][0]["n"]["value"]) for q in COUNTS]
    health = client.get("/health").json()
    assert live == [health["triples"], health["quads"] - health["triples"]]
    return *live, health["triples"], health["quads"]


@pytest.mark.parametrize("update", UPDATES, ids=lambda u: u.split()[0] if not u.startswith("PREFIX") else "DELETE")
def test_update_is_refused_every_way_and_changes_nothing(client: httpx.Client, update: str) -> None:
    before = counts(client)
    attempts = [
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"update": update}),
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-query"}),
        client.post("/", data={"update": update}),
    ]
    for response in attempts:
        assert response.status_code == 403, (response.request.method, response.request.url, response.text)
        assert "read-only" in response.text
    assert counts(client) == before
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p \"injected\" }"}).json()
    assert ask["boolean"] is False


@pytest.mark.parametrize("request_method", [None, POSTDIRECTLY])
def test_sparqlwrapper_update_is_refused(client: httpx.Client, server: str, request_method: str | None) -> None:
    before = counts(client)
    wrapper = SPARQLWrapper(f"{server}/sparql")
    wrapper.setMethod(POST)
    if request_method:
        wrapper.setRequestMethod(request_method)
    wrapper.setQuery(INSERT)
    assert wrapper.isSparqlUpdateRequest()
    with pytest.raises(urllib.error.HTTPError) as caught:
        wrapper.query()
    assert caught.value.code == 403
    assert counts(client) == before
