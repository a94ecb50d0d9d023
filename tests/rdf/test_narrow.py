"""Each OPTIONAL narrowed to the key sought holds the value written in, and the query gives the same answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg.rdf.narrow as narrow
from kg.rdf.ordering import split_order
from kg.rdf.seek import first_rows, seek_plan
from kg.rdf.splice import splice
from tests.rdf.conftest import CKG, ID
from tests.rdf.test_seek import RECOMMENDATIONS, _first, _recording, _whole


def test_each_optional_is_narrowed_to_the_value_written_in(reports: ox.Store) -> None:
    # Oxigraph builds an OPTIONAL's right side whole: with the file name written into it, it is that file's alone
    query = f"{RECOMMENDATIONS}ORDER BY ?document_file ?letter\n"
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None
    spliced = splice(plan.query, {"document_file": ox.Literal("r00.txt")})
    assert spliced is not None
    where, optionals = narrow.groups(spliced)
    inside = spliced[optionals[0][0]:spliced.index("}", optionals[0][0])]
    assert '"r00.txt"' in inside and "?rpm_item" in inside
    assert spliced[where:].split(" .")[0].split() == ["?report", f"<{CKG}fileName>", '"r00.txt"']  # written first
    asked: list[str] = []
    found = first_rows(plan, 5, reports, _recording(reports, asked))
    assert found is not None and all('"r0' in q[q.index("OPTIONAL"):] for q in asked)
    assert _first(reports, query, 5) == _whole(reports, query)[:5]


@pytest.mark.parametrize("few, narrowed", [(1_000, False), (10, True)])
def test_an_optional_of_one_pattern_with_few_matches_is_left_as_it_is(
        reports: ox.Store, monkeypatch: pytest.MonkeyPatch, few: int, narrowed: bool) -> None:
    # built whole, an OPTIONAL that matches few triples is small; narrowed to one value it may be larger
    monkeypatch.setattr(narrow, "FEW_MATCHES", few)  # 53 of the fixture's recommendations have an agenda item
    text, keys = split_order(f"{RECOMMENDATIONS}ORDER BY ?document_file ?letter\n") or ("", [])
    plan = seek_plan(text, keys, reports)
    assert plan is not None
    inside = plan.query[plan.query.index("OPTIONAL"):]
    assert (f"<{CKG}fileName> ?document_file" in inside) == narrowed
    assert _first(reports, f"{text}ORDER BY ?document_file ?letter\n", 9) == _whole(
        reports, f"{text}ORDER BY ?document_file ?letter\n")[:9]


def test_the_optionals_of_each_union_branch_are_narrowed_in_the_order_written(reports: ox.Store) -> None:
    query = f"""PREFIX ckg: <{CKG}>
SELECT ?kind ?document_file ?letter ?rpm_item WHERE {{
  {{ ?x ckg:letter ?letter ; ckg:inReport ?report . ?report ckg:fileName ?document_file .
     OPTIONAL {{ ?x ckg:agendaItem ?item . ?item ckg:rpmItem ?rpm_item }} BIND("recommendation" AS ?kind) }}
  UNION
  {{ ?x ckg:attributedTo ?state ; ckg:letter ?letter ; ckg:meeting ?meeting .
     ?report ckg:reportsOn ?meeting ; ckg:fileName ?document_file .
     OPTIONAL {{ ?x ckg:agendaItem ?item . ?item ckg:rpmItem ?rpm_item }} BIND("in the meeting" AS ?kind) }}
}}
ORDER BY ?document_file ?kind ?letter ?rpm_item
"""
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys, reports)
    assert plan is not None
    optionals = [branch[branch.index("OPTIONAL"):] for branch in plan.query.split("UNION")]
    assert all(f"<{CKG}fileName> ?document_file" in optional for optional in optionals)
    # each branch's own link: a recommendation's report, an attributed one's meeting
    assert f"<{CKG}inReport>" in optionals[0] and f"<{CKG}reportsOn>" in optionals[1]
    assert sorted(_whole(reports, plan.query)) == sorted(_whole(reports, text))
    for limit in (1, 10, 200):
        assert _first(reports, query, limit) == _whole(reports, query)[:limit]


def _twice_filed() -> ox.Store:
    """Recommendation a in two reports that share a file name, one agenda item each: a path through the report
    matches it twice."""
    store = ox.Store()
    store.load(f"""<{ID}a> <{CKG}letter> "a" ; <{CKG}inReport> <{ID}r1>, <{ID}r2> ; <{CKG}agendaItem> <{ID}i1> .
        <{ID}b> <{CKG}letter> "b" ; <{CKG}inReport> <{ID}r3> ; <{CKG}agendaItem> <{ID}i1>, <{ID}i2> .
        <{ID}r1> <{CKG}fileName> "same.txt" . <{ID}r2> <{CKG}fileName> "same.txt" . <{ID}r3> <{CKG}fileName> "b.txt" .
        <{ID}i1> <{CKG}rpmItem> "3" . <{ID}i2> <{CKG}rpmItem> "4" .""".encode(), ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("select, narrowed_by_path", [
    ("SELECT ?letter ?document_file ?rpm_item", False),  # each repeat is a row: the path is not written in
    ("SELECT DISTINCT ?letter ?document_file ?rpm_item", True),
    ("SELECT ?letter ?document_file (GROUP_CONCAT(DISTINCT ?rpm_item) AS ?items)", True),
    ("SELECT ?letter ?document_file (COUNT(?rpm_item) AS ?items)", False),  # a count of repeats
])
def test_narrowing_keeps_the_answer(select: str, narrowed_by_path: bool) -> None:
    store = _twice_filed()
    grouped = "GROUP BY ?letter ?document_file" if "AS ?items" in select else ""
    query = (f"PREFIX ckg: <{CKG}>\n{select} WHERE {{\n  ?r ckg:letter ?letter ; ckg:inReport/ckg:fileName "
             f"?document_file .\n  OPTIONAL {{ ?r ckg:agendaItem/ckg:rpmItem ?rpm_item }}\n}} {grouped}\n")
    text, keys = split_order(f"{query}ORDER BY ?document_file\n") or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None
    written = plan.query[plan.query.index("OPTIONAL"):]
    assert ("ckg:inReport>/" in written.replace(f"<{CKG}", "ckg:")) == narrowed_by_path
    for spliced in (plan.query, splice(plan.query, {"document_file": ox.Literal("same.txt")})):
        original = text if spliced == plan.query else splice(text, {"document_file": ox.Literal("same.txt")})
        assert spliced is not None and original is not None
        assert _as_sets(_whole(store, spliced)) == _as_sets(_whole(store, original))


def _as_sets(rows: list[list[str]]) -> list[list[str]]:
    """The rows sorted, each GROUP_CONCAT's items sorted too: SPARQL leaves their order to the store."""
    return sorted([" ".join(sorted(term.strip('"').split(" "))) for term in row] for row in rows)


def test_an_optional_with_a_filter_or_another_inside_is_narrowed(reports: ox.Store) -> None:
    query = f"""PREFIX ckg: <{CKG}>
SELECT ?letter ?document_file ?rpm_item ?state WHERE {{
  ?recommendation ckg:letter ?letter ; ckg:inReport ?report .
  ?report ckg:fileName ?document_file .
  OPTIONAL {{ ?recommendation ckg:agendaItem ?item . ?item ckg:rpmItem ?rpm_item FILTER(?rpm_item != "2")
             OPTIONAL {{ ?recommendation ckg:attributedTo ?state }} }}
}}
ORDER BY ?document_file ?letter ?rpm_item ?state
"""
    text, keys = split_order(query) or ("", [])
    plan = seek_plan(text, keys)
    assert plan is not None
    assert plan.query.index(f"<{CKG}fileName>", plan.query.index("OPTIONAL")) < plan.query.index("FILTER")
    assert sorted(_whole(reports, plan.query)) == sorted(_whole(reports, text))
    for limit in (1, 6, 40):
        assert _first(reports, query, limit) == _whole(reports, query)[:limit]
