"""The endpoint's pure parts: Accept negotiation and the queries/ header fields."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.serve.examples import header, load_examples
from kg.serve.negotiate import GRAPH_OFFERS, SOLUTION_OFFERS, NotAcceptable, by_name, negotiate
from tests.conftest import QUERIES


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
    assert fields["parameters"].startswith("actor (ckg:Actor: an IRI")
    assert fields["relation"].endswith("reified as an rdf:Statement)")  # a continued line joins its field
    examples = {e.name: e for e in load_examples(QUERIES)}
    assert len(examples) == len(list(QUERIES.glob("*.rq")))
    assert examples["provenance.rq"].needs_parameters and not examples["documents.rq"].needs_parameters
    assert examples["documents.rq"].columns.startswith("report, document_file")
    assert load_examples(None) == [] and load_examples(QUERIES / "missing") == []
