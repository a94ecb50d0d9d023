"""Queries answered meeting by meeting: each declared query's and table's rows, merged over the meetings, are the
whole store's rows; an edit asks again only for its meeting; the terms keep their kind through the memo."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import meeting_rows as by_meeting
from kg.build.context import meeting_rows, named_rows
from kg.build.graphs import assemble_graph
from kg.build.run import build
from kg.publish import graphml
from kg.publish.tables import MEETING_QUERIES, TABLES, render
from kg.rdf.library import QUERY_LIBRARY, meeting_scoped, run_named
from kg.rdf.store import load_exports
from tests.conftest import CORPUS, TESTS

CLUSTERS = TESTS / "enrich" / "clusters"
# The bundled reports (a draft and its final), a meeting whose final letters no item beside its draft, an African
# draft revised into its final, five meetings on one subject, and texts of other genres (a Commission session, an
# earlier Congress, a Conference of the Parties, a resolution, a press release, meeting pages, a statement).
CORPORA = [CORPUS, CLUSTERS / "reports", CLUSTERS / "reports_heldout5", CLUSTERS / "reports_heldout8",
           TESTS / "fixtures" / "forms"]


def test_the_library_and_the_tables_declare_queries_answered_by_meeting() -> None:
    assert {"passages", "theme_matrix", "theme_recommendations", "revisions"} <= set(meeting_scoped())
    assert {"table:statements.csv", "table:recommendations.csv", "table:documents.csv"} <= set(MEETING_QUERIES)
    assert "table:actors.csv" not in MEETING_QUERIES  # an actor's counts run over every meeting


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_rows_merged_over_the_meetings_are_the_whole_store_s(corpus: Path) -> None:
    assembled = assemble_graph([corpus])
    ctx, spool = assembled.context, assembled.spool
    assert ctx is not None and spool is not None and ctx.parts is not None
    store = ox.Store()
    load_exports(store, "".join(spool.sorted_lines()).encode("utf-8"))
    for name in meeting_scoped():
        whole = run_named(store, name)
        merged = named_rows(None, ctx, name)
        assert ctx.meeting_answers is not None and ctx.meeting_answers.rows(f"query:{name}") is not None, name
        assert whole or name != "passages"  # every corpus has passages: the comparison is not of empty answers
        concatenated = _group_concat_columns(name)
        assert _unordered(merged, concatenated) == _unordered(whole, concatenated), name  # rows in the same order
    facts_of = graphml._meeting_facts(ctx)
    assert facts_of is not None
    assert graphml.to_graphml(graphml.entity_graph(store, facts_of=facts_of)) == graphml.to_graphml(
        graphml.entity_graph(store))
    for table in TABLES:
        if table.per_meeting:
            found = meeting_rows(ctx, f"table:{table.file}")
            assert found is not None, table.file
            assert render(table, (row for meeting in found for row in meeting)) == render(table, table.rows(store))


def _group_concat_columns(name: str) -> set[str]:
    """The columns a GROUP_CONCAT makes: SPARQL leaves the order of their parts to the store."""
    text = (QUERY_LIBRARY / f"{name}.rq").read_text(encoding="utf-8")
    return set(re.findall(r"GROUP_CONCAT\([^)]*\)\s+AS\s+\?(\w+)", text, re.IGNORECASE))


def _unordered(rows: list[dict[str, str]], columns: set[str]) -> list[dict[str, object]]:
    return [{key: frozenset(value.split("; ")) if key in columns else value for key, value in row.items()}
            for row in rows]


def test_an_edit_asks_again_for_its_meeting_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CLUSTERS / "reports_heldout8", corpus)
    asked: list[int] = []  # one store is made for each meeting whose rows are asked for
    make_store = by_meeting._store

    def counted(reference: bytes, part: bytes) -> ox.Store:
        asked.append(1)
        return make_store(reference, part)

    monkeypatch.setattr(by_meeting, "_store", counted)
    out = tmp_path / "out"
    build([corpus], out, skip={"kg.visualize.export"})
    meetings = len(asked)
    assert meetings >= 4
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nThe meeting was informed of the edit.\n", encoding="utf-8")
    asked.clear()
    build([corpus], out, skip={"kg.visualize.export"})
    assert len(asked) == 1
    edited = (out / "documents.csv").read_bytes()
    shutil.rmtree(out)
    build([corpus], out, skip={"kg.visualize.export"})  # a full build of the same reports: the same tables
    assert (out / "documents.csv").read_bytes() == edited


def test_terms_keep_their_kind_through_the_memo() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rows: list[list[by_meeting.Term]] = [
        [ox.NamedNode("urn:a"), ox.Literal("3", datatype=ox.NamedNode(f"{xsd}integer")), None],
        [ox.Literal("recht", language="de"), ox.Literal("plain"), ox.Literal("true", datatype=ox.NamedNode(f"{xsd}boolean"))],
    ]
    assert by_meeting.decode_terms(by_meeting.encode_terms(rows)) == rows
    with pytest.raises(by_meeting.NotPerMeeting):
        by_meeting.encode_terms([[ox.BlankNode("b0")]])


def test_rows_one_step_alone_reads_are_not_held_for_the_steps_after() -> None:
    ctx = assemble_graph([CORPUS]).context
    assert ctx is not None
    rows = named_rows(None, ctx, "theme_matrix", keep=False)
    assert rows and "theme_matrix" not in ctx.answers
    assert named_rows(None, ctx, "passages") and "passages" in ctx.answers


@pytest.mark.parametrize("memo", [False, True])
def test_the_digest_follows_what_the_rows_hold_and_refuses_a_query_not_asked_by_meeting(
        tmp_path: Path, memo: bool) -> None:
    from kg.build.memo import Memo

    assembled = assemble_graph([CLUSTERS / "reports_heldout8"])
    assert assembled.context is not None and assembled.context.parts is not None
    parts = assembled.context.parts

    def answers(label: str) -> by_meeting.MeetingAnswers:
        # The memo's entries are named by the step, which stands for its code: another query, another memo.
        kept = Memo(tmp_path / f"memo-{label}", "f") if memo else None
        return by_meeting.MeetingAnswers(parts, kept, {
            "labels": lambda store: [str(row[0]) for row in store.query(
                f"SELECT ?l WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }} ORDER BY ?l LIMIT {label}")],
            "blank": lambda store: by_meeting.encode_terms([[ox.BlankNode("b0")]])})

    first, again, other = answers("3"), answers("3"), answers("4")
    assert first.digest(["labels"]) is not None
    assert first.digest(["labels"]) == again.digest(["labels"])  # the same rows: the same digest
    assert first.digest(["labels"]) != other.digest(["labels"])  # a row more in each meeting
    assert first.digest(["labels", "blank"]) is None  # kept as null: answered from the whole store instead
    assert first.digest(["missing"]) is None


def test_a_damaged_entry_found_by_its_checksum_alone_is_answered_by_the_whole_store(tmp_path: Path) -> None:
    from kg.build.memo import Memo

    assembled = assemble_graph([CLUSTERS / "reports_heldout8"])
    assert assembled.context is not None and assembled.context.parts is not None
    parts = assembled.context.parts
    queries: dict[str, by_meeting.MeetingQuery] = {
        "labels": lambda store: [str(row[0]) for row in store.query(
            "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 2")]}
    first = by_meeting.MeetingAnswers(parts, Memo(tmp_path, "f"), queries)
    rows = first.rows("labels")
    assert rows is not None and len(rows) >= 4
    again = by_meeting.MeetingAnswers(parts, Memo(tmp_path, "f"), queries)  # the next build: every entry there
    assert again.rows("labels") == rows and again.memo is not None and again.memo.misses == 0
    entry = tmp_path / again._entry(again.meetings[0], "labels")
    entry.write_bytes(entry.read_bytes()[:-2])  # a disk that lost the end: the checksum no longer holds
    damaged = by_meeting.MeetingAnswers(parts, Memo(tmp_path, "f"), queries)
    assert damaged.rows("labels") is None  # the caller then asks the whole store
