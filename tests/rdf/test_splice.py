"""Parameters written into a query as RDF terms: the same answer as a substitution, or no splice at all."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf.query import with_limit
from kg.rdf.splice import prepared, splice

BRA = ox.NamedNode("https://w3id.org/congress-kg/id/state/BRA")


def test_a_projected_variable_keeps_its_column_and_the_patterns_get_the_term() -> None:
    query = "SELECT ?actor ?l WHERE { ?actor rdfs:label ?l . FILTER(?actor != <x:y>) } # ?actor"
    assert splice(query, {"actor": BRA}) == (
        f"SELECT ({BRA} AS ?actor) ?l WHERE {{ {BRA} rdfs:label ?l . FILTER({BRA} != <x:y>) }} # ?actor")


def test_a_literal_is_written_escaped() -> None:
    spliced = splice('SELECT ?name WHERE { ?x rdfs:label ?name }', {"name": ox.Literal('Br"a\\zil\n')})
    assert spliced == 'SELECT ("Br\\"a\\\\zil\\n" AS ?name) WHERE { ?x rdfs:label "Br\\"a\\\\zil\\n" }'
    store = ox.Store()
    store.add(ox.Quad(BRA, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal('Br"a\\zil\n')))
    assert len(list(store.query(spliced, prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))) == 1


def test_a_grouped_variable_is_grouped_as_the_term_and_gives_the_substitutions_answer() -> None:
    query = ("SELECT ?actor (COUNT(?o) AS ?n) (SAMPLE(?actor) AS ?same) WHERE { ?actor ?p ?o } "
             "GROUP BY ?p ?actor HAVING (COUNT(?o) > 0)")
    spliced = splice(query, {"actor": BRA})
    assert spliced == (f"SELECT ?actor (COUNT(?o) AS ?n) (SAMPLE({BRA}) AS ?same) WHERE {{ {BRA} ?p ?o }} "
                       f"GROUP BY ?p ({BRA} AS ?actor) HAVING (COUNT(?o) > 0)")
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for subject, name in ((BRA, "Brazil"), (BRA, "Brasil"), (ox.NamedNode("https://example.org/x"), "X")):
        store.add(ox.Quad(subject, label, ox.Literal(name)))
    by_substitution = [list(row) for row in store.query(query, substitutions={ox.Variable("actor"): BRA})]
    assert [list(row) for row in store.query(spliced)] == by_substitution == [[BRA, ox.Literal(2), BRA]]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?actor ?p ?o }",  # the projection would lose ?actor
    "SELECT ?o WHERE { ?s ?p ?o BIND(?s AS ?actor) }",  # assigned
    # grouped in a query with a subquery: which SELECT groups on it is not told by the words
    "SELECT ?actor WHERE { ?actor ?p ?o { SELECT ?o WHERE { ?o ?q ?r } } } GROUP BY ?actor",
    "SELECT ?actor WHERE { ?actor ?p ?o } ORDER BY ?actor",
    "SELECT ?o WHERE { ?actor ?p ?o FILTER(BOUND(?actor)) }",
])
def test_where_a_term_cannot_stand_for_the_variable_it_is_bound_by_substitution(query: str) -> None:
    assert splice(query, {"actor": BRA}) is None
    assert prepared(query, {"actor": BRA}) == (query, {"actor": BRA})


def test_a_blank_node_is_never_written_in() -> None:
    assert splice("SELECT ?o WHERE { ?actor ?p ?o }", {"actor": ox.BlankNode("b")}) is None


def test_a_limit_goes_in_only_where_it_parses() -> None:
    assert with_limit("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 5).endswith("ORDER BY ?s\nLIMIT 5")
    assert with_limit("SELECT ?s WHERE { ?s ?p ?o } OFFSET 2", 5).endswith("OFFSET 2\nLIMIT 5")
    for query in ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <x:a> }",
                  "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
        assert with_limit(query, 5) == query
