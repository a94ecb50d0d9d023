"""The endpoint's pure parts: update and SERVICE detection, Accept negotiation, the queries/ header fields."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.serve.examples import header, load_examples
from kg.serve.guard import looks_like_update, uses_service
from kg.serve.negotiate import GRAPH_OFFERS, SOLUTION_OFFERS, NotAcceptable, by_name, negotiate
from tests.conftest import QUERIES


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a:b> <a:c> 1 }", "  drop all", "PREFIX ex: <http://e/#x>\n# SELECT\nDELETE WHERE { ?s ?p ?o }",
    "BASE <http://e/> LOAD <x>", "# comment\nCLEAR DEFAULT", "\\u0044ROP ALL", "WITH <g> DELETE {?s ?p ?o} WHERE {}",
])
def test_updates_are_recognised(text: str) -> None:
    assert looks_like_update(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }", "# INSERT DATA\nASK {}", "PREFIX insert: <http://e/#>\nSELECT * {}",
    "CONSTRUCT WHERE { ?s ?p 'DROP ALL' }", "DESCRIBE <http://e/delete>",
])
def test_queries_are_not_updates(text: str) -> None:
    assert not looks_like_update(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * { \\u0053ERVICE<http://x/>{ ?s ?p ?o } }", True),
    ("SELECT ?service { ?s <http://e/#SERVICE> 'SERVICE' } # SERVICE", False),
    ("PREFIX service: <http://e/> SELECT * { ?s service:x ?o ; <http://e/p> ex:service }", False),
    ('SELECT * { ?s ?p """a "SERVICE" b""" }', False),
])
def test_service_detection(text: str, expected: bool) -> None:
    assert uses_service(text) is expected


def test_negotiation() -> None:
    assert negotiate(None, SOLUTION_OFFERS)[1] == ox.QueryResultsFormat.JSON
    assert negotiate("text/*", SOLUTION_OFFERS)[0] == "text/csv"
    assert negotiate("text/tab-separated-values, text/csv;q=0.8", SOLUTION_OFFERS)[1] == ox.QueryResultsFormat.TSV
    assert negotiate("application/*;q=0.5, application/sparql-results+xml", SOLUTION_OFFERS)[1] == \
        ox.QueryResultsFormat.XML
    assert negotiate("*/*", GRAPH_OFFERS)[1] == ox.RdfFormat.TURTLE
    assert negotiate("application/n-triples;q=0.9, text/turtle;q=0.2", GRAPH_OFFERS)[1] == ox.RdfFormat.N_TRIPLES
    with pytest.raises(NotAcceptable):
        negotiate("text/html", SOLUTION_OFFERS)
    with pytest.raises(NotAcceptable):
        negotiate("*/*;q=0", GRAPH_OFFERS)
    assert by_name("csv", graph=False) == ox.QueryResultsFormat.CSV
    assert by_name("text/turtle", graph=True) == ox.RdfFormat.TURTLE
    assert by_name("json", graph=True) == ox.RdfFormat.JSON_LD
    with pytest.raises(NotAcceptable):
        by_name("ttl", graph=False)


def test_header_fields_and_continuations() -> None:
    fields = header((QUERIES / "provenance.rq").read_text(encoding="utf-8"))
    assert fields["title"] == "Provenance of the facts about one actor"
    assert fields["parameters"].startswith("actor (an IRI")
    assert fields["relation"].endswith("reified as an rdf:Statement)")  # a continued line joins its field
    examples = {e.name: e for e in load_examples(QUERIES)}
    assert len(examples) == len(list(QUERIES.glob("*.rq")))
    assert examples["provenance.rq"].needs_parameters and not examples["documents.rq"].needs_parameters
    assert examples["documents.rq"].columns.startswith("report, document_file")
    assert load_examples(None) == [] and load_examples(QUERIES / "missing") == []
