"""A query's ORDER BY done in Python gives the rows Oxigraph's ORDER BY gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf.ordering import sort_rows, split_order
from kg.rdf.query import _answer_oxigraph, run_query

EX = "http://example.org/"
DATA = f"""
<{EX}a> <{EX}label> "Zambia" ; <{EX}rank> 10 ; <{EX}kind> <{EX}state> .
<{EX}b> <{EX}label> "Angola" ; <{EX}rank> 9 ; <{EX}kind> <{EX}state> .
<{EX}c> <{EX}label> "Côte d’Ivoire" ; <{EX}rank> 100 .
<{EX}d> <{EX}label> "angola" ; <{EX}rank> 9 ; <{EX}kind> <{EX}igo> .
<{EX}e> <{EX}label> "Europe"@en ; <{EX}rank> 2 ; <{EX}kind> <{EX}igo> .
<{EX}f> <{EX}label> "Europe"@fr ; <{EX}rank> 2 .
"""
SELECT = f"""SELECT ?s ?label ?rank ?kind WHERE {{
  ?s <{EX}label> ?label ; <{EX}rank> ?rank .
  OPTIONAL {{ ?s <{EX}kind> ?kind }}
}}"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(DATA.encode("utf-8"), ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("order", ["?label", "DESC(?rank) ?label", "?kind ?label", "?rank DESC(?label)",
                                   "ASC(?kind) DESC(?rank) ?s", "DESC(?kind) ?label"])
def test_python_order_is_the_store_order(store: ox.Store, order: str) -> None:
    query = f"{SELECT}\nORDER BY {order}\n"
    by_store = _answer_oxigraph(store, query, {}, None)
    assert split_order(query) is not None
    by_python = run_query(store, query)
    assert by_python.rows == by_store.rows  # type: ignore[union-attr]


def test_the_keys_may_run_over_several_lines() -> None:
    query = "SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?a\n         DESC(?b)\n"
    assert split_order(query) == ("SELECT ?a ?b WHERE { ?a ?p ?b }\n", [("a", False), ("b", True)])


@pytest.mark.parametrize("query", [
    "SELECT ?a WHERE { ?a ?p ?b }",  # no ORDER BY
    "SELECT ?a WHERE { ?a ?p ?b }\nORDER BY ?a\nLIMIT 3",  # a LIMIT after it: the store keeps only the first
    "SELECT ?a WHERE { ?a ?p ?b }\nORDER BY STRLEN(?a)",  # an expression
])
def test_what_the_store_keeps_to_itself(query: str) -> None:
    assert split_order(query) is None


def test_terms_of_other_kinds_are_left_to_the_store(store: ox.Store) -> None:
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = [
        [ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))],
        [ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))]]
    assert sort_rows(["x"], rows, [("x", False)]) is False
    blank: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = [[ox.BlankNode("b1")], [ox.BlankNode("a1")]]
    assert sort_rows(["x"], blank, [("x", False)]) is False
    assert [r[0] for r in blank] == [ox.BlankNode("b1"), ox.BlankNode("a1")]  # untouched


def test_rows_the_keys_leave_tied_come_in_one_order(store: ox.Store) -> None:
    query = f"{SELECT}\nORDER BY ?rank\n"
    first = run_query(store, query).rows
    shuffled = list(reversed(first))
    assert sort_rows(["s", "label", "rank", "kind"], shuffled, [("rank", False)])
    assert shuffled == first
    assert [str(r[0]) for r in first if r[2] is not None and r[2].value == "9"] == [f"<{EX}b>", f"<{EX}d>"]
