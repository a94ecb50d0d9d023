"""The search index of a build: known answers in the top three, hits with their place, the same bytes each time."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.search.export import passages
from kg.search.index import INDEX_FILE, build_index
from kg.search.query import CLOSE, OPEN, open_index, search
from tests.search.known import KNOWN


@pytest.fixture(scope="module")
def db(built_exports: Path):
    with open_index(built_exports) as connection:
        yield connection


@pytest.mark.parametrize(("what", "query", "expected"), KNOWN, ids=[k[0] for k in KNOWN])
def test_a_known_answer_is_in_the_top_three(db, what: str, query: str, expected: tuple[str, str, int, str]) -> None:
    hits = search(db, query, limit=3)
    assert expected in [(h.document_file, h.kind, h.paragraph_number, h.letter) for h in hits], (query, hits)


def test_each_hit_says_where_it_is_and_marks_what_matched(db) -> None:
    hits = search(db, '"artificial intelligence" judicial', limit=5)
    assert hits and [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted(h.score for h in hits)
    for hit in hits:
        assert hit.document_file.endswith(".txt") and hit.paragraph_number and hit.meeting_label
        assert f"{OPEN}artificial intelligence{CLOSE}".casefold() in hit.text.casefold()
        assert OPEN in hit.snippet and hit.page.startswith("sources/") and "#" in hit.page


def test_kind_keeps_to_recommendations(db) -> None:
    hits = search(db, "cybercrime", limit=20, kind="recommendation")
    assert hits and {h.kind for h in hits} == {"recommendation"}


def test_the_index_is_the_same_bytes_from_the_same_passages(built_exports: Path, store) -> None:
    from kg.build.context import BuildContext

    ctx = BuildContext.__new__(BuildContext)
    ctx.query_store, ctx.open_query_store, ctx.answers = store, None, {}
    found = passages(None, ctx)
    assert len(found) > 200
    assert build_index(found) == build_index(found) == (built_exports / INDEX_FILE).read_bytes()
