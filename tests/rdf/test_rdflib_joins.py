"""rdflib's joins and MINUS by hash give the solutions its nested loops give, and the queries the same rows."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evalutils import _join, _minus
from rdflib.plugins.sparql.sparql import FrozenDict

from kg.rdf.rdflib_joins import NAME, hash_join, hash_minus, register

VARIABLES = [Variable(name) for name in "abc"]
# a solution binds some of ?a ?b ?c to one of three values; sides sometimes all bind ?a, sometimes not
solution = st.dictionaries(st.sampled_from(VARIABLES), st.sampled_from([Literal(1), Literal(2), Literal("x")]))
side = st.one_of(st.lists(solution, max_size=12),
                 st.lists(solution.map(lambda d: {Variable("a"): Literal(1), **d}), max_size=12))


def frozen(solutions: list[dict[Variable, Literal]]) -> list[FrozenDict]:
    return [FrozenDict(s) for s in solutions]


def counted(solutions) -> Counter:
    return Counter(frozenset(s.items()) for s in solutions)


@settings(max_examples=300, deadline=None)
@given(side, side)
def test_a_hash_join_gives_the_merges_the_nested_loops_give(left: list, right: list) -> None:
    lefts, rights = frozen(left), set(frozen(right))
    assert counted(hash_join(lefts, rights)) == counted(_join(lefts, rights))


@settings(max_examples=300, deadline=None)
@given(side, side)
def test_a_hash_minus_keeps_the_solutions_the_nested_loops_keep(left: list, right: list) -> None:
    lefts, rights = frozen(left), set(frozen(right))
    assert counted(hash_minus(lefts, rights)) == counted(_minus(lefts, rights))


EX = "http://example.org/"
# A join of three sub-selects (rdflib cannot evaluate them one inside another), a MINUS, then labels: the forms
# of theme_matrix.rq and co_statements.rq.
QUERY = f"""SELECT ?s ?label ?m WHERE {{
  {{ SELECT ?s WHERE {{ ?s a <{EX}Rec> }} }}
  {{ SELECT ?s ?m WHERE {{ ?s <{EX}meeting> ?m }} }}
  {{ SELECT ?s ?t WHERE {{ ?s <{EX}theme> ?t }} }}
  MINUS {{ SELECT ?s WHERE {{ ?later <{EX}draftOf> ?s }} }}
  ?s <{EX}label> ?label .
}}"""


@pytest.fixture
def dataset() -> Dataset:
    ds = Dataset()
    g = ds.default_graph
    for i in range(40):
        s = URIRef(f"{EX}r{i}")
        g.add((s, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(f"{EX}Rec")))
        g.add((s, URIRef(f"{EX}meeting"), URIRef(f"{EX}m{i % 3}")))
        g.add((s, URIRef(f"{EX}label"), Literal(f"r{i}")))
        for t in range(i % 3):
            g.add((s, URIRef(f"{EX}theme"), URIRef(f"{EX}t{t}")))
        if i % 5 == 0:
            g.add((URIRef(f"{EX}final{i}"), URIRef(f"{EX}draftOf"), s))
    return ds


def test_a_query_gives_the_same_rows_with_the_hash_joins(dataset: Dataset) -> None:
    CUSTOM_EVALS.pop(NAME, None)
    plain = Counter(tuple(row) for row in dataset.query(QUERY))
    register()
    try:
        hashed = Counter(tuple(row) for row in dataset.query(QUERY))
    finally:
        CUSTOM_EVALS.pop(NAME, None)
    assert hashed == plain
    # a row per theme of each recommendation that is no one's draft (r0, r5, r10...)
    assert sum(plain.values()) == sum(i % 3 for i in range(40) if i % 5)
