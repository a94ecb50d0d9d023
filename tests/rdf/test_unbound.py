"""A key bound in an OPTIONAL splits its query in two that give, together, the query's rows."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf.algebra import parse
from kg.rdf.unbound import split_optional
from tests.rdf.conftest import CKG

ITEMS = f"""PREFIX ckg: <{CKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?recommendation ?letter ?rpm_item ?item_label ?state WHERE {{
  ?recommendation ckg:letter ?letter .
  OPTIONAL {{ ?recommendation ckg:attributedTo ?state }}
  OPTIONAL {{ ?recommendation ckg:agendaItem ?item . ?item ckg:rpmItem ?rpm_item OPTIONAL {{ ?item rdfs:label ?item_label }} }}
  BIND(COALESCE(?rpm_item, "none") AS ?shown)
}}
"""


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return sorted(tuple(str(term) for term in solution) for solution in solutions)


@pytest.mark.parametrize("key", ["rpm_item", "state"])
def test_the_two_queries_give_the_rows_without_the_key_and_with_it(reports: ox.Store, key: str) -> None:
    split = split_optional(ITEMS, parse(ITEMS), key)
    assert split is not None
    absent, present = split
    at = ["recommendation", "letter", "rpm_item", "item_label", "state"].index(key)
    without, with_it = _rows(reports, absent), _rows(reports, present)
    assert without and with_it
    assert all(row[at] == "None" for row in without) and all(row[at] != "None" for row in with_it)
    assert sorted(without + with_it) == _rows(reports, ITEMS)


def test_a_key_bound_in_the_optional_of_an_optional_is_not_split() -> None:
    assert split_optional(ITEMS, parse(ITEMS), "item_label") is None  # its OPTIONAL is not in the outer group
    assert split_optional(ITEMS, parse(ITEMS), "letter") is None  # required: nothing to split
