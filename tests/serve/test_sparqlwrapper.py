"""Check 1: SPARQLWrapper, a real SPARQL client, gets from the endpoint the rows `kg query --format csv` prints."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, SELECT, SPARQLWrapper

from kg.rdf.query import run_query
from kg.rdf.results import format_results
from tests.serve.conftest import parameterless_queries

QUERY_FILES = parameterless_queries()


def cli_rows(store, path: Path) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """What `kg query FILE --format csv` prints, as header and a multiset of rows."""
    text = format_results(run_query(store, path.read_text(encoding="utf-8")), "csv")
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, Counter(tuple(row) for row in rows)


def wrapper(server: str, query: str) -> SPARQLWrapper:
    """A SPARQLWrapper for the endpoint holding ``query``, sent as a query whatever SPARQLWrapper guesses.

    SPARQLWrapper guesses the query type with regular expressions and its comment stripping skips every second
    line of a comment block (RDFLib/sparqlwrapper#232), so a header comment saying "added" makes it take a
    SELECT for an ADD update and send it as update= (which the endpoint rightly refuses). The files of
    queries/ are all queries, so the guess is overridden; the text itself is sent unchanged.
    """
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.queryType = SELECT
    return client


def test_every_parameterless_query_is_covered() -> None:
    assert len(QUERY_FILES) >= 10
    assert "provenance.rq" not in {p.name for p in QUERY_FILES}  # needs ?actor


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_sparqlwrapper_json_rows_equal_kg_query(server: str, serve_store, path: Path) -> None:
    client = wrapper(server, path.read_text(encoding="utf-8"))
    client.setMethod(POST)  # form-encoded POST: the query text travels untouched, comments and all
    client.setReturnFormat(JSON)
    data = client.query().convert()
    header, expected = cli_rows(serve_store, path)
    assert data["head"]["vars"] == header
    got = Counter(tuple(b[v]["value"] if v in b else "" for v in header) for b in data["results"]["bindings"])
    assert got == expected
    assert expected, f"{path.name} returned nothing on the bundled corpus"


@pytest.mark.parametrize("path", QUERY_FILES[:3], ids=lambda p: p.stem)
def test_sparqlwrapper_csv_by_direct_post_equals_kg_query(server: str, serve_store, path: Path) -> None:
    client = wrapper(server, path.read_text(encoding="utf-8"))
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY)  # application/sparql-query body
    client.setReturnFormat(CSV)
    text = client.query().convert().decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    expected_header, expected = cli_rows(serve_store, path)
    assert header == expected_header
    assert Counter(tuple(r) for r in rows) == expected


def test_sparqlwrapper_get(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")  # GET, SPARQLWrapper's default
    client.setQuery("PREFIX ckg: <https://w3id.org/congress-kg/ontology#>\nASK { ?r a ckg:Report }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
