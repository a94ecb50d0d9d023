"""The contract queries: their columns, and statements/recommendations against the gold files."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.library import declared_parameters, query_header
from kg.rdf.parameters import parse_param, resolve_parameters
from kg.rdf.query import QueryError, open_store, run_query
from tests.conftest import CORPUS, GOLD, QUERIES, TESTS

CONTRACT_FILE = TESTS / "contract" / "competency-questions.md"
# A value for the queries whose header declares a parameter: a State present in the bundled corpus.
PARAMS = {"actor": "Viet Nam"}


def contract() -> dict[str, list[str]]:
    """query file stem -> the columns the contract table lists for it."""
    table = {}
    for line in CONTRACT_FILE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].endswith(".rq"):
            columns = re.sub(r"\([^)]*\)", "", cells[2])  # "capacity (`representative` or ...)" -> "capacity"
            table[cells[0].removesuffix(".rq")] = [c.strip() for c in columns.split(",")]
    return table


CONTRACT = contract()


def header(path: Path) -> dict[str, str]:
    return query_header(path.read_text(encoding="utf-8"))


def params_for(path: Path, store: object) -> dict[str, object]:
    """The query's parameters found as kg query and the endpoint find them (an actor's name -> its IRI)."""
    text = path.read_text(encoding="utf-8")
    return dict(resolve_parameters(store, text, {name: PARAMS[name] for name in declared_parameters(text)}))


@cache
def rdflib_store(exports: Path):
    return open_store(exports, engine="rdflib")


def rows(store, name: str) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")).values()


def test_the_contract_table_was_read() -> None:
    assert len(CONTRACT) >= 14 and CONTRACT["officers"] == ["meeting", "role", "person", "person_name", "iso3",
                                                            "document_file"]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_contract_query_runs_and_returns_its_columns(store, name: str) -> None:
    path = QUERIES / f"{name}.rq"
    assert path.exists(), f"queries/{name}.rq of the contract is missing"
    result = run_query(store, path.read_text(encoding="utf-8"), params_for(path, store))
    assert result.variables[: len(CONTRACT[name])] == CONTRACT[name]
    assert result.rows, f"{name} returned nothing on the bundled corpus"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_every_query_file_says_what_it_answers(store, path: Path) -> None:
    fields = header(path)
    assert {"title", "question", "columns", "parameters"} <= set(fields), path.name
    result = run_query(store, path.read_text(encoding="utf-8"), params_for(path, store))
    assert [c.strip() for c in fields["columns"].split(",")] == result.variables


def test_actor_profile_agrees_with_the_statement_attendance_and_attribution_queries(store) -> None:
    path = QUERIES / "actor_profile.rq"
    for value in ("Viet Nam", "<https://w3id.org/congress-kg/id/state/VNM>"):
        profile = run_query(store, path.read_text(encoding="utf-8"), dict([parse_param(f"actor={value}")])).values()
        assert {r["actor"] for r in profile} == {"https://w3id.org/congress-kg/id/state/VNM"}
        by_relation = {rel: {(r["document_file"], r["rpm_item"], r["capacity"], r["letter"]) for r in profile
                             if r["relation"] == rel} for rel in ("statement", "attendance", "attribution")}
        assert by_relation["statement"] == {(r["document_file"], r["rpm_item"], r["capacity"], "")
                                            for r in rows(store, "statements") if r["iso3"] == "VNM"}
        assert by_relation["attendance"] == {(r["document_file"], "", r["capacity"], "")
                                             for r in rows(store, "attendance") if r["iso3"] == "VNM"}
        assert by_relation["attribution"] == {(r["document_file"], r["rpm_item"], "", r["letter"])
                                              for r in rows(store, "attributions") if r["iso3"] == "VNM"}
        assert all(by_relation.values())


def test_co_statements_count_the_agenda_items_two_actors_shared(store) -> None:
    spoke: dict[str, set[tuple[str, str]]] = {}
    for r in rows(store, "statements"):
        spoke.setdefault(r["actor"], set()).add((r["meeting"], r["rpm_item"]))
    expected = {(a, b): len(spoke[a] & spoke[b]) for a in spoke for b in spoke if a < b and spoke[a] & spoke[b]}
    found = {(r["actor_a"], r["actor_b"]): int(r["shared_items"]) for r in rows(store, "co_statements")}
    assert found == expected
    assert max(found.values()) > 1


def test_a_hostile_parameter_value_stays_one_plain_literal(store) -> None:
    for hostile in ('Brazil" } ; DROP ALL ; SELECT * WHERE { "', "x} UNION { ?s ?p ?o }", "a\\nb \\\" \\u0022 ?actor"):
        name, value = parse_param(f"actor={hostile}")
        echoed = run_query(store, "SELECT ?actor WHERE {}", {name: value}).values()
        assert echoed == [{"actor": hostile}]
        assert run_query(store, (QUERIES / "actor_profile.rq").read_text(encoding="utf-8"), {name: value}).rows == []
    assert len(rows(store, "statements")) == 150


def test_a_parameter_the_query_does_not_select_is_an_error(store) -> None:
    with pytest.raises(QueryError, match="no variable \\?country"):
        run_query(store, (QUERIES / "statements.rq").read_text(encoding="utf-8"), dict([parse_param("country=BRA")]))


# Every query of the library, co_statements.rq too: rdflib joined its counts to every pair of labels (over 5
# minutes) until kg.rdf.rdflib_joins; provenance.rq runs since the actor's IRI is written into its patterns.
@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_rdflib_engine_returns_the_same_rows(built_exports: Path, store, path: Path) -> None:
    text, params = path.read_text(encoding="utf-8"), params_for(path, store)
    oxigraph = run_query(store, text, params)
    rdflib = run_query(rdflib_store(built_exports), text, params)
    assert rdflib.variables == oxigraph.variables
    assert _canonical(rdflib) == _canonical(oxigraph)


def _canonical(results) -> Counter:
    """Rows as a multiset, numbers by value (Oxigraph keeps "0.930"^^xsd:decimal as 0.93, rdflib as written)
    and GROUP_CONCAT lists ("a; b") as sets, since SPARQL leaves their order to the engine."""
    def value(term) -> object:
        if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#double", "#float")):
            return Decimal(term.value).normalize()
        if isinstance(term, ox.Literal) and "; " in term.value:
            return frozenset(term.value.split("; "))
        return "" if term is None else term.value

    return Counter(tuple(value(term) for term in row) for row in results.rows)


def gold_statements() -> set[tuple[str, str, str, str]]:
    out = set()
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for section in gold["sections"]:
            st = section["statements"]
            for iso3 in st["member_states"]:
                out.add((gold["document"], section["rpm_agenda_item"], iso3, "representative"))
            for iso3 in st["observer_states"]:
                out.add((gold["document"], section["rpm_agenda_item"], iso3, "observer"))
            for group in ("intergovernmental", "un_entities", "ngos"):
                for name in st[group]:
                    out.add((gold["document"], section["rpm_agenda_item"], name, "observer"))
    return out


def test_statements_equal_gold(store) -> None:
    gold_docs = {p.stem + ".txt" for p in GOLD.glob("*.json")}
    found = set()
    for r in rows(store, "statements"):
        if r["document_file"] in gold_docs:
            actor = r["iso3"] or r["actor_label"]
            found.add((r["document_file"], r["rpm_item"], actor, r["capacity"]))
    assert found == gold_statements()


def test_recommendations_are_every_lettered_item_clean_and_whole(store) -> None:
    found = rows(store, "recommendations")
    per_file: dict[str, int] = {}
    for r in found:
        per_file[r["document_file"]] = per_file.get(r["document_file"], 0) + 1
        text = r["text"]
        assert not re.search(r"\*\*|<[a-z/]|\]\(|\n|^\(?[a-z]\)", text), text[:60]
        assert text[0].isupper() and re.search(r"[.;](?: and)?$", text), text[-40:]
        # Every recommendation's text stands in its source file, line breaks and all.
        source = (CORPUS / r["document_file"]).read_text(encoding="utf-8")
        assert re.sub(r"\s+", " ", source).find(text[:80]) >= 0
    assert per_file == {
        "000_f29162a344c7f65f.txt": 8,
        "001_0c7b10fadacc8b35.txt": 66,
        "002_bba04487c98bd190.txt": 14,
        "003_681c875d0e20b629.txt": 15,
        "004_fb9608fcd46e22f9.txt": 12,
    }
    letters = {(r["document_file"], r["rpm_item"], r["letter"]) for r in found}
    assert len(letters) == len(found)
