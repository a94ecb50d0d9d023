"""statements.rq, recommendations.rq and provenance.rq give each fact's verbatim passage at its source offsets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.parameters import parse_param, resolve_parameters
from kg.rdf.query import run_query
from kg.read import read_source

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {p.name: read_source(p).text for p in sorted(CORPUS.glob("*.txt"))}


def _rows(store, name: str, **params: str) -> list[dict[str, str]]:
    """The rows as kg query gives them: each parameter found as kg query finds it (an actor by any name)."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return run_query(store, text, resolve_parameters(store, text, params)).values()


@pytest.mark.parametrize("name, expected_rows", [("statements", 150), ("recommendations", 115)])
def test_every_row_quotes_the_source_file_verbatim_at_its_offsets(store, sources, name: str,
                                                                 expected_rows: int) -> None:
    rows = _rows(store, name)
    assert len(rows) == expected_rows
    checked = 0
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert sources[r["document_file"]][start:end] == r["quote"], r
        checked += 1
    print(f"{name}.rq: {checked} of {len(rows)} quotes verbatim at their offsets")
    assert checked == len(rows)


def test_statement_rows_give_the_sentence_the_name_stands_in(store, sources) -> None:
    rows = [r for r in _rows(store, "statements")
            if r["document_file"] == "000_f29162a344c7f65f.txt" and r["actor_label"] == "Canada"]
    assert len(rows) == 1
    r = rows[0]
    assert r["quote"] == "Canada" and r["paragraph_number"] == "1"
    assert r["passage"].startswith("Statements were made by the representatives of Argentina")
    assert r["quote"] in r["passage"]
    assert r["passage"] in sources[r["document_file"]]


def test_recommendation_quote_is_its_source_text_with_markup(store, sources) -> None:
    rows = [r for r in _rows(store, "recommendations")
            if r["document_file"] == "003_681c875d0e20b629.txt" and r["letter"] == "h"]
    assert len(rows) == 1
    r = rows[0]
    expected = "Ensure that domestic legal frameworks prevent victims of trafficking in persons from being prosecuted;"
    assert r["quote"] == r["text"] == expected
    assert r["paragraph_number"] == "11"


@pytest.mark.parametrize("actor", ["Viet Nam", "viet nam", "VNM", "https://w3id.org/congress-kg/id/state/VNM"])
def test_provenance_finds_the_facts_about_an_actor_by_iri_label_or_code(store, sources, actor: str) -> None:
    rows = _rows(store, "provenance", actor=actor)
    assert {r["entity"] for r in rows} == {"https://w3id.org/congress-kg/id/state/VNM"}
    relations = sorted((r["relation"], r["document_file"], r["paragraph_number"]) for r in rows)
    assert relations == [
        ("attendance", "001_0c7b10fadacc8b35.txt", "79"),
        ("attribution", "004_fb9608fcd46e22f9.txt", "15"),
        ("statement", "001_0c7b10fadacc8b35.txt", "9"),
        ("statement", "004_fb9608fcd46e22f9.txt", "1"),
    ]
    for r in rows:
        text, start, end = sources[r["document_file"]], int(r["start"]), int(r["end"])
        assert text[start:end] == r["quote"] == "Viet Nam"
        assert r["passage"] in text and r["quote"] in r["passage"]
    attribution = next(r for r in rows if r["relation"] == "attribution")
    assert "removal of illegal content (Viet Nam)" in attribution["passage"]


def test_provenance_of_an_organization_by_acronym(store) -> None:
    rows = _rows(store, "provenance", actor="UNODC")
    assert rows and {r["entity_label"] for r in rows} == {"United Nations Office on Drugs and Crime"}


def test_provenance_of_an_unknown_actor_is_empty(store) -> None:
    text = (QUERIES / "provenance.rq").read_text(encoding="utf-8")
    assert run_query(store, text, dict([parse_param("actor=Atlantis")])).values() == []
    assert run_query(store, text, {"actor": ox.NamedNode("https://w3id.org/congress-kg/id/state/ATL")}).rows == []
    assert isinstance(parse_param("actor=Atlantis")[1], ox.Literal)
