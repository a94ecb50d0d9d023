"""The SPARQL tokenizer: the grammar's terminals, escapes where Oxigraph reads them, and what cannot be a token."""

from __future__ import annotations

import pytest

from kg.rdf.lexer import LexError, decode_codepoints, tokens
from tests.conftest import QUERIES


def kinds(text: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in tokens(text)]


def test_terminals() -> None:
    assert kinds("PREFIX ex: <http://e/#x> SELECT ?a $b { ex:a\\#b ?p 'it\\'s' ; ex:c 1.5e3 , \"x\"@en-GB . }") == [
        ("keyword", "PREFIX"), ("pname", "ex:"), ("iri", "<http://e/#x>"), ("keyword", "SELECT"), ("var", "?a"),
        ("var", "$b"), ("open", "{"), ("pname", "ex:a\\#b"), ("var", "?p"), ("string", "'it\\'s'"),
        ("punctuation", ";"), ("pname", "ex:c"), ("number", "1.5e3"), ("punctuation", ","), ("string", '"x"'),
        ("langtag", "@en-GB"), ("punctuation", "."), ("close", "}")]
    assert kinds("1SERVICE") == [("number", "1"), ("keyword", "SERVICE")]
    assert kinds("ex:a. _:b1 a ?x<?y") == [("pname", "ex:a"), ("punctuation", "."), ("bnode", "_:b1"),
                                          ("keyword", "a"), ("var", "?x"), ("operator", "<"), ("var", "?y")]
    assert kinds("'''a''b'''#c\n\"\\u0022\"") == [("string", "'''a''b'''"), ("string", '"\\u0022"')]
    assert kinds("<<( ?s ?p ?o )>> {| |} ^^ || && != <=") == [
        ("open", "<<("), ("var", "?s"), ("var", "?p"), ("var", "?o"), ("close", ")>>"), ("open", "{|"),
        ("close", "|}"), ("operator", "^^"), ("operator", "||"), ("operator", "&&"), ("operator", "!="),
        ("operator", "<=")]


@pytest.mark.parametrize("text", ["SELECT * { ?s ?p 'open }", "SELECT \\u0041", "SELECT * { ?s ?p \"a\nb\" }", "`"])
def test_what_no_terminal_starts_with(text: str) -> None:
    with pytest.raises(LexError):
        list(tokens(text))


def test_codepoints_are_decoded_and_bad_ones_refused() -> None:
    assert decode_codepoints("\\u0053ERVICE \\U0001F600") == "SERVICE \U0001f600"
    with pytest.raises(LexError):
        decode_codepoints("\\uD800")


def test_every_library_query_tokenizes_with_balanced_brackets() -> None:
    for path in sorted(QUERIES.glob("*.rq")):
        found = list(tokens(path.read_text(encoding="utf-8")))
        assert sum(t.kind == "open" for t in found) == sum(t.kind == "close" for t in found) > 0, path.name
