"""The first rows of an ordered query, sought along its leading key, are the first rows of the whole answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.rdf.seek as seek
from kg.rdf.ordering import split_order
from kg.rdf.query import Results, _answer_oxigraph, answer_query
from kg.rdf.seek import Answer, first_rows, seek_plan
from tests.rdf.conftest import CKG, ID

QUERIES = Path(__file__).resolve().parents[2] / "queries"


RECOMMENDATIONS = f"""PREFIX ckg: <{CKG}>
SELECT ?recommendation ?letter ?document_file ?rpm_item WHERE {{
  ?recommendation a ckg:Recommendation ; ckg:letter ?letter ; ckg:inReport ?report .
  ?report ckg:fileName ?document_file .
  OPTIONAL {{ ?recommendation ckg:agendaItem/ckg:rpmItem ?rpm_item }}
}}
"""
BY_PATH = f"""PREFIX ckg: <{CKG}>
SELECT DISTINCT ?letter ?document_file WHERE {{
  ?recommendation ckg:letter ?letter ; ckg:inReport/ckg:fileName ?document_file .
}}
"""
WITH_SUBQUERY = f"""PREFIX ckg: <{CKG}>
SELECT ?document_file ?letter ?rpm_item WHERE {{
  ?recommendation ckg:letter ?letter ; ckg:inReport/ckg:fileName ?document_file .
  {{ SELECT ?recommendation ?rpm_item WHERE {{ ?recommendation ckg:agendaItem/ckg:rpmItem ?rpm_item }} }}
}}
"""
IN_BOTH_BRANCHES = f"""PREFIX ckg: <{CKG}>
SELECT ?kind ?document_file ?letter WHERE {{
  {{ ?x ckg:letter ?letter ; ckg:inReport ?report . ?report ckg:fileName ?document_file . BIND("rec" AS ?kind) }}
  UNION
  {{ ?report ckg:fileName ?document_file ; ckg:reportsOn ?meeting . BIND("report" AS ?kind) }}
}}
"""
ATTRIBUTIONS = f"""PREFIX ckg: <{CKG}>
SELECT ?document_file ?letter ?state WHERE {{
  ?recommendation ckg:attributedTo ?state ; ckg:letter ?letter ; ckg:inReport ?report .
  ?report ckg:fileName ?document_file .
}}
"""
WITH_EXISTS = f"""PREFIX ckg: <{CKG}>
SELECT ?document_file ?letter (EXISTS {{ ?recommendation ckg:agendaItem ?item }} AS ?has_item) WHERE {{
  ?recommendation ckg:letter ?letter ; ckg:inReport ?report .
  ?report ckg:fileName ?document_file .
  OPTIONAL {{ ?recommendation ckg:attributedTo ?state }}
}}
"""
BY_MEETING = f"""PREFIX ckg: <{CKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?meeting_label ?document_file WHERE {{
  ?report ckg:reportsOn ?meeting ; ckg:fileName ?document_file .
  ?meeting rdfs:label ?meeting_label .
}}
"""


def _recording(store: ox.Store, asked: list[str]) -> Callable[[str], Answer]:
    """``first_rows``'s ``run``: the store's answer, each query it was asked kept in ``asked``."""
    def run(unordered: str) -> Answer:
        asked.append(unordered)
        answer = _answer_oxigraph(store, unordered, {}, None)
        assert isinstance(answer, Results)
        return answer.variables, answer.rows
    return run


def _first(store: ox.Store, query: str, limit: int) -> list[list[str]]:
    answer = answer_query(store, query, limit=limit)
    assert isinstance(answer, Results)
    return [[str(term) for term in row] for row in answer.rows]


def _whole(store: ox.Store, query: str, by_store: bool = True) -> list[list[str]]:
    """Every row, ordered by the store (an oracle apart), or as `kg query` orders them (where rows tie on every
    key, in their terms' N-Triples order: kg.rdf.ordering)."""
    answer = _answer_oxigraph(store, query, {}, None) if by_store else answer_query(store, query)
    assert isinstance(answer, Results)
    return [[str(term) for term in row] for row in answer.rows]


@pytest.mark.parametrize("query, order", [
    (RECOMMENDATIONS, "?document_file ?letter"),
    (RECOMMENDATIONS, "DESC(?document_file) ?rpm_item ?letter"),
    (BY_PATH, "?document_file ?letter"),
    (ATTRIBUTIONS, "?document_file ?letter ?state"),
    (WITH_SUBQUERY, "DESC(?document_file) ?letter"),
    (IN_BOTH_BRANCHES, "?document_file ?kind ?letter"),
    (BY_MEETING, "?meeting_label DESC(?document_file)"),
    # three letters, fewer than most limits: each letter's rows sought along the file name, then the state
    (RECOMMENDATIONS, "?letter DESC(?document_file) ?rpm_item"),
    (ATTRIBUTIONS, "DESC(?letter) ?document_file ?state"),
    (WITH_EXISTS, "?document_file ?letter ?has_item"),  # a brace in the projection, before the WHERE group
])
@pytest.mark.parametrize("limit", [0, 1, 4, 25, 1000])
def test_first_rows_are_those_of_the_whole_answer(reports: ox.Store, query: str, order: str, limit: int) -> None:
    ordered = f"{query}ORDER BY {order}\n"
    assert _first(reports, ordered, limit) == _whole(reports, ordered)[:limit]


def test_seeking_stops_once_the_rows_are_in(reports: ox.Store) -> None:
    query = f"{RECOMMENDATIONS}ORDER BY ?document_file ?letter\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.key == "document_file"
    asked: list[str] = []
    found = first_rows(plan, 5, reports, _recording(reports, asked))
    assert found is not None
    assert 5 <= len(found[1]) and len(asked) <= 5  # every report has a recommendation: at most one query per row
    assert all('"r0' in q for q in asked)  # the first reports by file name, each written into the patterns


def _meetings(meeting_of_report: list[int]) -> ox.Store:
    """Report n (file rNN.txt) on meeting ``meeting_of_report[n]``, labelled "Meeting k"."""
    store = ox.Store()
    store.load("\n".join(
        f'<{ID}report/{n}> <{CKG}fileName> "r{n:02d}.txt" ; <{CKG}reportsOn> <{ID}meeting/{k}> . '
        f'<{ID}meeting/{k}> a <{CKG}Meeting> ; <http://www.w3.org/2000/01/rdf-schema#label> "Meeting {k}" .'
        for n, k in enumerate(meeting_of_report)).encode("utf-8"), ox.RdfFormat.TURTLE)
    return store


def test_a_key_with_fewer_values_than_rows_wanted_is_sought_along_the_next_key() -> None:
    # two meetings' labels over sixty reports: each label's first rows, not its thirty, are read
    store = _meetings([n // 30 for n in range(60)])
    query = f"{BY_MEETING}ORDER BY ?meeting_label ?document_file\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.then is not None and plan.then.key == "document_file"
    asked: list[str] = []
    found = first_rows(plan, 5, store, _recording(store, asked))
    assert found is not None and len(found[1]) == 5
    assert [q for q in asked if '"Meeting 0"' in q] == asked and len(asked) == 5  # the label and r00 to r04
    assert _first(store, query, 5) == _whole(store, query)[:5]
    assert _first(store, query, 35) == _whole(store, query)[:35]  # past the first label


def test_a_next_key_too_sparse_for_one_value_is_sought_through_the_values_it_links_to() -> None:
    # three meetings' reports interleaved by file name: a third of the store's files give a meeting's rows
    store = _meetings([n % 3 for n in range(60)])
    query = f"{BY_MEETING}ORDER BY ?meeting_label ?document_file\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.then is not None and plan.then.scoped
    asked: list[str] = []
    found = first_rows(plan, 25, store, _recording(store, asked))
    assert found is not None and len(found[1]) >= 25
    # 16 of the store's files, then the 20 of meeting 0; meeting 1 through its own files at once
    meeting_0 = [q for q in asked if '"Meeting 0"' in q]
    assert len(meeting_0) == seek.FIRST_BATCH + 20
    assert all(f'"r{n:02d}.txt"' in q for n, q in zip(range(0, 60, 3), meeting_0[seek.FIRST_BATCH:], strict=True))
    assert all(f'"r{n:02d}.txt"' in q for n, q in zip(range(1, 60, 3), (q for q in asked if '"Meeting 1"' in q)))
    assert _first(store, query, 25) == _whole(store, query)[:25]


def test_a_next_key_too_sparse_for_one_value_and_not_linked_is_not_sought_for_the_next() -> None:
    # the label reached by a path, which links it to no file: the label's rows are read whole
    store = _meetings([n % 3 for n in range(60)])
    query = f"""PREFIX ckg: <{CKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?meeting_label ?document_file WHERE {{ ?report ckg:reportsOn/rdfs:label ?meeting_label ; ckg:fileName ?document_file }}
ORDER BY ?meeting_label ?document_file
"""
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.then is not None and not plan.then.scoped
    asked: list[str] = []
    found = first_rows(plan, 25, store, _recording(store, asked))
    assert found is not None and len(found[1]) >= 25
    assert len([q for q in asked if '"Meeting 0"' in q]) == seek.FIRST_BATCH + 1  # 16 files, then the label whole
    assert [q for q in asked if '"Meeting 1"' in q and '"r' not in q] == [q for q in asked if '"Meeting 1"' in q]
    assert len([q for q in asked if '"Meeting 1"' in q]) == 1
    assert _first(store, query, 25) == _whole(store, query)[:25]


def test_a_next_key_that_cannot_be_sought_gives_the_value_its_whole_rows(reports: ox.Store) -> None:
    # ?rpm_item is bound only in an OPTIONAL: each file's rows are then read whole
    query = f"{RECOMMENDATIONS}ORDER BY ?document_file ?rpm_item ?letter\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.then is None
    assert _first(reports, query, 2) == _whole(reports, query, by_store=False)[:2]


@pytest.mark.parametrize("query", [WITH_SUBQUERY, IN_BOTH_BRANCHES])
def test_a_key_every_solution_binds_is_sought(query: str) -> None:
    text, keys = split_order(f"{query}ORDER BY ?document_file\n") or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None and plan.key == "document_file"


def test_a_key_of_a_subject_typed_by_the_ontology_lists_only_that_class() -> None:
    text, keys = split_order(f"{BY_MEETING}ORDER BY ?meeting_label\n") or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None
    assert f"<{CKG}Meeting>" in plan.candidates[-1]  # ckg:reportsOn's range: not every label of the store


@pytest.mark.parametrize("query", [
    # bound only in an OPTIONAL: rows without it come first
    f"PREFIX ckg: <{CKG}>\nSELECT ?r ?rpm_item WHERE {{ ?r ckg:letter ?l OPTIONAL {{ ?r ckg:agendaItem/ckg:rpmItem"
    " ?rpm_item } }\nORDER BY ?rpm_item",
    # bound in a UNION's branches
    f"PREFIX ckg: <{CKG}>\nSELECT ?r ?f WHERE {{ {{ ?r ckg:fileName ?f }} UNION {{ ?r ckg:letter ?f }} }}\nORDER BY ?f",
    # an aggregate
    f"PREFIX ckg: <{CKG}>\nSELECT ?r (COUNT(?l) AS ?n) WHERE {{ ?r ckg:letter ?l }} GROUP BY ?r\nORDER BY ?n",
    # an aggregate subquery, which each value would make again over the whole store
    f"PREFIX ckg: <{CKG}>\nSELECT ?f ?n WHERE {{ ?r ckg:fileName ?f {{ SELECT (COUNT(*) AS ?n) WHERE {{ ?x ?p ?o }} }} }}"
    "\nORDER BY ?f",
    # a MINUS: the value written into it would leave it no variable to remove rows by
    f"PREFIX ckg: <{CKG}>\nSELECT ?r ?f WHERE {{ ?r ckg:fileName ?f MINUS {{ ?x ckg:fileName ?f }} }}\nORDER BY ?f",
    # a subquery naming the key inside an OPTIONAL, where its ?f is another variable
    f"PREFIX ckg: <{CKG}>\nSELECT ?r ?f ?n WHERE {{ ?r ckg:fileName ?f OPTIONAL {{ SELECT ?r (COUNT(?f) AS ?n) WHERE"
    " { ?x ckg:inReport ?r ; ckg:letter ?f } GROUP BY ?r } }\nORDER BY ?f",
    # a subquery naming the key: its ?f, not projected, is another variable, which the value must not reach
    f"PREFIX ckg: <{CKG}>\nSELECT ?f ?n WHERE {{ ?r ckg:fileName ?f {{ SELECT (COUNT(?f) AS ?n) WHERE {{ ?x ckg:letter"
    " ?f } } }\nORDER BY ?f",
])
def test_no_plan_where_seeking_could_change_the_rows(reports: ox.Store, query: str) -> None:
    text, keys = split_order(query) or ("", [])
    assert seek_plan(text, keys) is None
    assert _first(reports, query, 3) == _whole(reports, query, by_store=False)[:3]


def test_sparse_values_give_way_to_the_whole_query(reports: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    query = f"{ATTRIBUTIONS}ORDER BY ?document_file ?letter ?state\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None
    monkeypatch.setattr(seek, "MIN_RATE", 100.0)
    assert first_rows(plan, 30, reports, lambda q: (["x"], [])) is None
    assert _first(reports, query, 30) == _whole(reports, query, by_store=False)[:30]


LISTINGS = sorted(p for p in QUERIES.glob("*.rq") if "# parameters: none" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
def test_library_queries_give_their_first_rows(store: ox.Store, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    whole = answer_query(store, text)
    first = answer_query(store, text, limit=7)
    assert isinstance(whole, Results) and isinstance(first, Results)
    assert first.rows == whole.rows[:7]
    ordered = split_order(text)
    plan = seek_plan(*ordered) if ordered is not None else None
    while plan is not None:  # each key's narrowed query gives the query's answer
        assert sorted(_whole(store, plan.query)) == sorted(_whole(store, ordered[0] if ordered else text))
        plan = plan.then
