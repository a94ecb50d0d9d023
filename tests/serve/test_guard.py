"""The checks on query text: updates, SERVICE in every spelling, size, nesting and operator chains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.serve.guard import MAX_DEPTH, MAX_OPERATORS, MAX_QUERY_CHARS, QueryRefused, check_query
from tests.conftest import QUERIES

# Spellings of a SERVICE call that a pattern-based guard missed (the three first), each a real call:
# tests/serve/test_attacks.py shows Oxigraph requests the URL for every one of them.
SERVICE_SPELLINGS = [
    "PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\# ?o . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\' ?o . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p 1SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ service silent <{url}> {{ ?a ?b ?c }} }}",
    'SELECT * {{ ?s ?p "\\u0022" . SERVICE <{url}> {{ ?a ?b ?c }} . ?s ?p """x""" }}',
    "SELECT * {{ ?s ?p 'a\\'' . SERVICE <{url}> {{ ?a ?b ?c }} }} # '",
    "SELECT * {{ ?s ?p \"#\" . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://e/#> SELECT * {{ ?s ex:a%23 ?o . SERVICE <{url}> {{ ?a ?b ?c }} }}",
]
# Oxigraph does not decode \u outside strings and IRIs, so this is a syntax error to it; the SPARQL text
# decodes it everywhere, so an engine that follows the text would call the URL.
SPEC_ONLY_SPELLING = "SELECT * {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}"
NOT_SERVICE = [
    "SELECT ?service { ?s <http://e/#SERVICE> 'SERVICE' } # SERVICE",
    "PREFIX service: <http://e/> SELECT * { ?s service:x ?o ; <http://e/p> service:service }",
    'SELECT * { ?s ?p """a "SERVICE" b""" }',
    "PREFIX ex: <http://e/> SELECT * { ?s ex:a.service ?o }",
]


def refusal(text: str) -> tuple[int, str] | None:
    try:
        check_query(text)
    except QueryRefused as exc:
        return exc.status, str(exc)
    return None


@pytest.mark.parametrize("spelling", [*SERVICE_SPELLINGS, SPEC_ONLY_SPELLING])
def test_service_is_refused_in_every_spelling(spelling: str) -> None:
    found = refusal(spelling.format(url="http://127.0.0.1:9/"))
    assert found is not None and found[0] == 403 and "SERVICE" in found[1]


@pytest.mark.parametrize("text", NOT_SERVICE)
def test_the_word_service_elsewhere_is_not_a_call(text: str) -> None:
    assert refusal(text) is None


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a:b> <a:c> 1 }", "  drop all", "PREFIX ex: <http://e/#x>\n# SELECT\nDELETE WHERE { ?s ?p ?o }",
    "BASE <http://e/> LOAD <x>", "# comment\nCLEAR DEFAULT", "\\u0044ROP ALL", "WITH <g> DELETE {?s ?p ?o} WHERE {}",
])
def test_updates_are_recognised(text: str) -> None:
    assert refusal(text) == (403, "this endpoint is read-only: SPARQL Update is not accepted")


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }", "# INSERT DATA\nASK {}", "PREFIX insert: <http://e/#>\nSELECT * {}",
    "CONSTRUCT WHERE { ?s ?p 'DROP ALL' }", "DESCRIBE <http://e/delete>",
])
def test_queries_are_not_updates(text: str) -> None:
    assert refusal(text) is None


@pytest.mark.parametrize(("text", "says"), [
    ("SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000, "nests brackets 3000 deep"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }", "nests brackets 5002 deep"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * 10000) + ") }", "10,000 operators"),
    ("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS, "characters long"),
    ("SELECT * { ?s ?p 'not closed }", "unexpected text at character 17"),
])
def test_what_would_crash_the_engine_is_refused_before_parsing(text: str, says: str) -> None:
    found = refusal(text)
    assert found is not None and found[0] == 400 and says in found[1]


def test_the_bounds_admit_deep_but_sane_queries() -> None:
    assert refusal("SELECT * WHERE " + "{" * MAX_DEPTH + "?s ?p ?o" + "}" * MAX_DEPTH) is None
    assert refusal("SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * (MAX_OPERATORS + 2)) + ") }") is not None
    assert refusal("SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * (MAX_OPERATORS // 2)) + ") }") is None


def test_every_query_of_the_library_passes() -> None:
    for path in sorted(QUERIES.glob("*.rq")):
        assert refusal(path.read_text(encoding="utf-8")) is None, path.name


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_checked_without_an_unexpected_error(text: str) -> None:
    refusal(text)  # QueryRefused or nothing: any other exception fails the test
