"""The search language: what kg search sends to FTS5, and the queries it refuses."""

from __future__ import annotations

import pytest

from kg.search.query import SearchError, to_fts


@pytest.mark.parametrize(("query", "expected"), [
    ("court", '"court"'),
    ("court tribunal", '"court" AND "tribunal"'),
    ('"artificial intelligence" OR AI', '"artificial intelligence" OR "AI"'),
    ("traffick* NOT wildlife", '"traffick" * NOT "wildlife"'),
    ("(court OR judicial) bias", '( "court" OR "judicial" ) AND "bias"'),
    ("multi-stakeholder", '"multi-stakeholder"'),
    ('text:secret ^start say "it"', '"text:secret" AND "^start" AND "say" AND "it"'),
    ('say "unclosed phrase', '"say" AND "unclosed phrase"'),
    ('"quote "" inside"', '"quote " AND " inside"'),
    ("and or not", '"and" AND "or" AND "not"'),
    ("- & court", '"court"'),
])
def test_words_and_phrases_are_quoted_and_operators_kept(query: str, expected: str) -> None:
    assert to_fts(query) == expected


@pytest.mark.parametrize("query", ["NOT court", "court AND", "court OR OR tribunal", "(court", "court)", "()", "",
                                   "  - ", "( AND court )"])
def test_queries_that_mean_nothing_are_refused_with_a_reason(query: str) -> None:
    with pytest.raises(SearchError):
        to_fts(query)
