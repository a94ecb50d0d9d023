"""The SPARQL 1.1 Protocol over HTTP: the three ways to send a query, content negotiation, graphs and errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest

CKG = "PREFIX ckg: <https://w3id.org/congress-kg/ontology#>\n"
SELECT = CKG + "SELECT ?report ?file WHERE { ?report a ckg:Report ; ckg:fileName ?file } ORDER BY ?file"
CONSTRUCT = CKG + "CONSTRUCT { ?report ckg:fileName ?file } WHERE { ?report a ckg:Report ; ckg:fileName ?file }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def files(response: httpx.Response) -> list[str]:
    return [b["file"]["value"] for b in response.json()["results"]["bindings"]]


def test_get_post_form_and_post_query_agree(client: httpx.Client) -> None:
    got = client.get("/sparql", params={"query": SELECT})
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", content=SELECT.encode(), headers={"Content-Type": "application/sparql-query"})
    for response in (got, form, direct):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/sparql-results+json"
    assert files(got) == files(form) == files(direct)
    assert len(files(got)) == 5


def test_root_path_is_an_endpoint_too(client: httpx.Client) -> None:
    assert files(client.get("/", params={"query": SELECT})) == files(client.post("/", data={"query": SELECT}))


@pytest.mark.parametrize(("accept", "media"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"),  # a browser
])
def test_select_content_negotiation(client: httpx.Client, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": SELECT}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media
    assert "Accept" in response.headers["vary"]


def test_select_formats_carry_the_same_rows(client: httpx.Client) -> None:
    def get(accept: str) -> str:
        return client.post("/sparql", data={"query": SELECT}, headers={"Accept": accept}).text

    expected = files(client.post("/sparql", data={"query": SELECT}))
    root = ET.fromstring(get("application/sparql-results+xml"))
    assert [r.findtext(f"{SRX}binding[@name='file']/{SRX}literal") for r in root.iter(f"{SRX}result")] == expected
    rows = list(csv.reader(io.StringIO(get("text/csv"))))
    assert rows[0] == ["report", "file"] and [r[1] for r in rows[1:]] == expected
    lines = get("text/tab-separated-values").splitlines()
    assert lines[0] == "?report\t?file"
    assert [json.loads(line.split("\t")[1]) for line in lines[1:]] == expected  # TSV writes RDF terms: "literal"


@pytest.mark.parametrize(("name", "media"), [("json", "application/sparql-results+json"),
                                             ("xml", "application/sparql-results+xml"),
                                             ("csv", "text/csv; charset=utf-8"),
                                             ("tsv", "text/tab-separated-values; charset=utf-8")])
def test_format_parameter_overrides_accept(client: httpx.Client, name: str, media: str) -> None:
    response = client.get("/sparql", params={"query": SELECT, "format": name}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"] == media


def test_construct_as_turtle_and_other_rdf_formats(client: httpx.Client) -> None:
    turtle = client.post("/sparql", data={"query": CONSTRUCT})  # no Accept: Turtle
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 5
    for accept, fmt in [("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
                        ("application/ld+json", ox.RdfFormat.JSON_LD)]:
        response = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
        assert response.headers["content-type"].startswith(accept)
        assert set(ox.parse(response.content, format=fmt)) == set(triples)
    assert client.get("/sparql", params={"query": CONSTRUCT, "format": "nt"}).headers["content-type"] == \
        "application/n-triples"


def test_describe_and_ask(client: httpx.Client) -> None:
    iri = client.post("/sparql", data={"query": SELECT}).json()["results"]["bindings"][0]["report"]["value"]
    described = client.post("/sparql", data={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "text/turtle"})
    assert described.status_code == 200 and iri in described.text
    ask = client.get("/sparql", params={"query": CKG + "ASK { ?r a ckg:Report }"}, headers={"Accept": "text/csv"})
    assert ask.status_code == 200 and ask.text.strip() == "true"


@pytest.mark.parametrize("accept", ["image/png", "application/sparql-results+json;q=0"])
def test_unacceptable_type_is_406(client: httpx.Client, accept: str) -> None:
    response = client.post("/sparql", data={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text  # says what it offers


def test_unknown_format_name_is_406(client: httpx.Client) -> None:
    assert client.get("/sparql", params={"query": SELECT, "format": "yaml"}).status_code == 406
    assert client.get("/sparql", params={"query": SELECT, "format": "turtle"}).status_code == 406  # SELECT as Turtle


def test_default_graph_is_the_union_and_named_graphs_are_reachable(client: httpx.Client, server: str) -> None:
    health = client.get("/health").json()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(client.post("/sparql", data={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    assert union == health["triples"] > 10000
    graphs = client.post("/sparql", data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    names = sorted(b["g"]["value"] for b in graphs["results"]["bindings"])
    assert len(names) == health["named_graphs"] == 7
    one = next(n for n in names if n.endswith("/graph/reference"))
    restricted = client.post("/sparql", data={"query": count, "default-graph-uri": one}).json()
    assert 0 < int(restricted["results"]["bindings"][0]["n"]["value"]) < union
    only = client.post("/sparql", data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                        "named-graph-uri": one}).json()
    assert [b["g"]["value"] for b in only["results"]["bindings"]] == [one]


def test_errors(client: httpx.Client) -> None:
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert bad.status_code == 400 and "bad SPARQL" in bad.text
    assert client.get("/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.put("/sparql", content=SELECT).status_code == 405
    assert client.get("/sparql", params=[("query", SELECT), ("query", SELECT)]).status_code == 400
    too_big = client.post("/sparql", content=b"#" * (2 << 20), headers={"Content-Type": "application/sparql-query"})
    assert too_big.status_code == 413


def test_service_is_refused_without_any_outbound_request(client: httpx.Client) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ \\u0053ERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"):
            response = client.post("/sparql", data={"query": query})
            assert response.status_code == 403 and "SERVICE" in response.text
        with pytest.raises(TimeoutError):
            listener.accept()


def test_health(client: httpx.Client) -> None:
    health = client.get("/health")
    assert health.status_code == 200 and health.headers["content-type"] == "application/json"
    data = health.json()
    assert data["status"] == "ok" and data["triples"] > 10000 and data["quads"] > data["triples"]
    assert data["timeout_seconds"] == 30


def test_page_served_to_browsers_only_without_query(client: httpx.Client) -> None:
    for path in ("/", "/sparql"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'nonce-" in page.headers["content-security-policy"]
        assert "Documents" in page.text
    assert client.get("/").headers["content-type"].startswith("text/html")
