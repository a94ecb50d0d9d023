"""The memo of the pure steps: after an edit, the derived triples of unchanged documents and meetings and the shape
checks of unchanged parts come from the last build, and the exports are those of a build from scratch."""

from __future__ import annotations

import os
import shutil
import sys
import time
import types
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.build import graphs, steps
from kg.build.memo import Memo, step_fingerprint
from kg.check.validate import validate_parts
from kg.cli import main
from kg.namespaces import CKG
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
DRAFT = "000_f29162a344c7f65f.txt"
STEPS_LINE = "steps taken from earlier builds: "


def _exports(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in {"store", ".cache"}}


def _reused(err: str) -> tuple[int, int]:
    """(taken from earlier builds, in all) from a build's progress line."""
    line = next(line for line in err.splitlines() if STEPS_LINE in line)
    hits, total = line.split(STEPS_LINE, 1)[1].split(" ", 3)[::2][:2]
    return int(hits), int(total)


def test_key_ignores_the_order_of_lines_but_not_their_content(tmp_path: Path) -> None:
    memo = Memo(tmp_path, "fingerprint")
    assert memo.key("step", b"<a> <b> <c> .\n<d> <e> <f> .\n") == memo.key("step", b"<d> <e> <f> .\n<a> <b> <c> .\n")
    assert memo.key("step", b"<a> <b> <c> .\n") != memo.key("step", b"<a> <b> <x> .\n")
    assert memo.key("step", b"<a> <b> <c> .\n") != memo.key("other", b"<a> <b> <c> .\n")
    assert memo.key("step", b"x\n", b"y\n") != memo.key("step", b"x\ny\n")
    assert Memo(tmp_path, "other code").key("step", b"x\n") != memo.key("step", b"x\n")


def test_an_ordered_key_hashes_the_lines_as_given(tmp_path: Path) -> None:
    memo = Memo(tmp_path, "fingerprint")
    sorted_lines, unsorted = b"<a> <b> <c> .\n<d> <e> <f> .\n", b"<d> <e> <f> .\n<a> <b> <c> .\n"
    assert memo.key("step", sorted_lines, ordered=True) != memo.key("step", unsorted, ordered=True)
    assert memo.key("step", b"x\n", b"y\n", ordered=True) != memo.key("step", b"x\ny\n", ordered=True)
    assert memo.key("step", sorted_lines, ordered=True) != memo.key("other", sorted_lines, ordered=True)


def test_entries_round_trip_and_the_unused_ones_are_pruned(tmp_path: Path) -> None:
    earlier = Memo(tmp_path, "f")
    earlier.put("kept", b"lines\n")
    earlier.put("stale", b"old\n")
    for name in ("kept", "stale"):
        os.utime(tmp_path / name, (time.time() - 60, time.time() - 60))  # written by a build a minute ago
    memo = Memo(tmp_path, "f")
    assert memo.get("kept") == b"lines\n" and memo.get("missing") is None
    assert (memo.hits, memo.misses) == (1, 1)
    assert memo.prune() == 1
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["kept"]


def test_a_damaged_entry_counts_as_missing(tmp_path: Path) -> None:
    Memo(tmp_path, "f").put("entry", b"what a step made\n")
    later = Memo(tmp_path, "f")  # the next build
    assert later.get("entry") == b"what a step made\n" and (later.hits, later.misses) == (1, 0)
    (tmp_path / "entry").write_bytes((tmp_path / "entry").read_bytes()[:-3])  # a disk that lost the end
    after = Memo(tmp_path, "f")
    assert after.get("entry") is None and (after.hits, after.misses) == (0, 1)


def test_an_entry_made_by_this_build_is_counted_once_as_a_miss(tmp_path: Path) -> None:
    memo = Memo(tmp_path, "f")
    memo.put("in another process", b"made\n")  # made elsewhere, kept here: a step no earlier build spared
    assert memo.made("here", lambda: b"made here\n") == b"made here\n"
    assert memo.get("in another process") == b"made\n" and memo.get("here") == b"made here\n"  # read again later
    assert (memo.hits, memo.misses) == (0, 2)


def test_an_entry_kept_in_chunks_streams_back_checked_and_a_half_read_one_is_not_kept(tmp_path: Path) -> None:
    memo = Memo(tmp_path, "f")
    chunks = [b"a" * 700_000, b"b" * 700_000, b"end\n"]  # more than one read of the stream
    assert list(memo.keeping("page", iter(chunks))) == chunks
    assert memo.get("page") == b"".join(chunks)  # the same entry as put() makes
    stream = memo.stream("page")
    assert stream is not None and b"".join(stream) == b"".join(chunks)
    half = memo.keeping("other", iter(chunks))
    assert next(half) == chunks[0]
    half.close()  # the consumer stopped: nothing kept, no scratch file left
    assert memo.stream("other") is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".started") == ["page"]
    (tmp_path / "page").write_bytes((tmp_path / "page").read_bytes()[:-1])
    assert memo.stream("page") is None


def test_the_fingerprint_follows_the_base_iri_and_the_steps_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    first = step_fingerprint(None, "https://example.org/a/")
    assert step_fingerprint(None, "https://example.org/b/") != first
    monkeypatch.setattr(steps, "ENRICHERS", steps.ENRICHERS[:-1])
    assert step_fingerprint(None, "https://example.org/a/") != first


# A short final report naming a convention and an organization no reference table holds.
UNKNOWN_NAMES = """A/CONF.299/RPM.4/1

General Assembly

Distr.: General

2 May 2090

Original: English

Report of the African Regional Preparatory Meeting for the Thirtieth United Nations Congress on Crime Prevention
and Criminal Justice, held in Accra from 28 to 30 April 2090

1. Statements were made by the representatives of Ghana and Kenya. The observer for the Friends of the Harbour
Lights Foundation also made a statement.

2. Speakers recalled the Convention on the Protection of Coastal Lighthouses and urged its ratification.
"""

def test_an_unchanged_document_is_not_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its share (graph lines, entities, unresolved names) comes from the memo; the graph and unresolved.csv are
    those of a build that wrote every document."""
    from kg.graph.builder import GraphBuilder

    corpus, out, full = tmp_path / "corpus", tmp_path / "out", tmp_path / "full"
    shutil.copytree(CORPUS, corpus)
    # a report that names an instrument and an organization the reference data lacks (unresolved.csv)
    (corpus / "unknown_names.txt").write_text(UNKNOWN_NAMES, encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
    written: list[str] = []
    add_document = GraphBuilder.add_document

    def counted(self: GraphBuilder, doc_id: str, *args: object) -> object:
        written.append(doc_id)
        return add_document(self, doc_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(GraphBuilder, "add_document", counted)
    path = corpus / DRAFT
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added at the end.\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
    assert written == [DRAFT.removesuffix(".txt")]
    assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-validate", "--no-cache"]) == 0
    for name in ("graph.nq", "unresolved.csv"):
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert len((full / "unresolved.csv").read_text(encoding="utf-8").splitlines()) > 1


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: the shapes are checked in a forked process
def test_rebuild_after_an_edit_reuses_the_unchanged_steps_and_equals_a_build_from_scratch(
        jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, out, full = tmp_path / "corpus", tmp_path / "out", tmp_path / "full"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--jobs", jobs]) == 0
    assert _reused(capsys.readouterr().err)[0] == 0
    entries = sorted(p.name for p in (out / ".cache" / "memo").iterdir())

    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Develop unified protocols on the collection", "Adopt unified protocols on the gathering")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--jobs", jobs]) == 0
    hits, total = _reused(capsys.readouterr().err)
    assert hits >= 4  # the four other documents' derived triples at least
    assert hits < total  # the edited document, its meeting and its part were made again
    after = sorted(p.name for p in (out / ".cache" / "memo").iterdir())
    assert set(after) - set(entries) and set(entries) - set(after)  # the edited document's made anew, the old gone

    assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-cache"]) == 0
    rebuilt, expected = _exports(out), _exports(full)
    assert sorted(rebuilt) == sorted(expected)
    for name in expected:
        assert rebuilt[name] == expected[name], name
    assert not (full / ".cache" / "memo").exists()


def test_a_part_known_clean_is_not_checked_again_but_a_changed_part_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = Memo(tmp_path / "memo", "f")
    clean = graphs.assemble_graph([CORPUS])
    assert clean.context is not None and clean.context.parts is not None
    clean.context.memo = memo
    assert validate_parts(clean.context.parts, clean.context) == []
    parts = len(clean.context.parts.keys())
    assert (memo.hits, memo.misses) == (0, parts)
    clean.context.memo = memo = Memo(tmp_path / "memo", "f")  # the next build's
    assert validate_parts(clean.context.parts, clean.context) == []
    assert memo.hits == parts  # all known clean: nothing checked

    def document_triples(triples: list[tuple[URIRef, URIRef, object]], ctx: object) -> list[tuple[URIRef, URIRef, Literal]]:
        recommendations = sorted(s for s, p, o in triples if p == CKG.letter)
        return [(recommendations[0], CKG.leadingVerb, Literal(""))] if recommendations else []  # breaks a shape

    module = types.ModuleType("kg_test_memo_breaker")
    module.document_triples = document_triples  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg_test_memo_breaker", module)
    monkeypatch.setattr(steps, "ENRICHERS", [*steps.ENRICHERS, "kg_test_memo_breaker"])
    broken = graphs.assemble_graph([CORPUS])
    assert broken.context is not None and broken.context.parts is not None
    broken.context.memo = memo
    problems = validate_parts(broken.context.parts, broken.context)
    assert problems and "SHACL violation" in problems[0] and "ckg:leadingVerb" in "\n".join(problems)


def test_the_clusters_come_from_the_memo_unless_what_they_read_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus hook (the commitment clusters) runs again only when an edit changes what it reads of a meeting;
    an edit elsewhere (here the report's date) takes its lines from the last build, and the graph is that of a
    build from scratch either way."""
    from kg.enrich import clusters

    corpus, out, full = tmp_path / "corpus", tmp_path / "out", tmp_path / "full"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
    calls: list[int] = []
    corpus_triples = clusters.corpus_triples

    def counted(readings: object, ctx: object) -> object:
        calls.append(1)
        return corpus_triples(readings, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(clusters, "corpus_triples", counted)
    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    for old, new, runs in (("6 February 2025", "7 February 2025", 0),
                           ("Develop unified protocols on the collection", "Adopt unified protocols on the gathering", 1)):
        assert old in text
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        calls.clear()
        assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
        assert len(calls) == runs, old
        assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-validate", "--no-cache"]) == 0
        assert (out / "graph.nq").read_bytes() == (full / "graph.nq").read_bytes(), old
        assert "ontology#CommitmentCluster>" in (out / "graph.nq").read_text(encoding="utf-8")


def test_pages_made_of_meeting_rows_alone_come_from_the_memo_while_those_rows_stay_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The source pages, the search files, the theme matrix, the revisions page, the synthesis page, GraphML and
    the tables of one meeting's facts are made again only when an edit changes the rows they are made of (the
    date: the documents' table alone); every export equals a build from scratch either way."""
    from kg.pages import matrix, revisions, sources
    from kg.publish import graphml, tables
    from kg.search import export as search
    from kg.synthesis import docx as synthesis_docx
    from kg.synthesis import page as synthesis_page

    corpus, out, full = tmp_path / "corpus", tmp_path / "out", tmp_path / "full"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
    made: list[str] = []

    def counting(module: types.ModuleType, name: str) -> None:
        make = getattr(module, name)

        def counted(*args: object) -> object:
            made.append(module.__name__ if module is not tables else f"table {args[0].file}")  # type: ignore[attr-defined]
            return make(*args)
        monkeypatch.setattr(module, name, counted)

    for module, name in ((matrix, "_files"), (revisions, "_files"), (sources, "_pages"), (search, "_files"),
                         (synthesis_page, "synthesis_html"), (synthesis_docx, "collect"), (graphml, "to_graphml"),
                         (tables, "_per_meeting")):
        counting(module, name)
    final = "001_0c7b10fadacc8b35.txt"
    for name, old, new, remade in (
            (DRAFT, "6 February 2025", "7 February 2025", ["table documents.csv"]),
            # a draft's recommendation: its text is in the passages and the revisions, but the matrix and the
            # synthesis take the final report's, which revised it
            (DRAFT, "Develop unified protocols on the collection", "Adopt unified protocols on the gathering",
             ["kg.pages.revisions", "kg.pages.sources", "kg.search.export", "table recommendations.csv"]),
            # a final report's recommendation on an item no draft covers: not in the revisions
            (final, "Strengthen domestic legal frameworks to comply", "Strengthen domestic laws to comply",
             ["kg.pages.matrix", "kg.pages.sources", "kg.search.export", "kg.synthesis.docx", "kg.synthesis.page",
              "table recommendations.csv"]),
            # one more speaker: a statement (an edge of the network, a line of the statements' revisions)
            (DRAFT, "Saint Kitts and Nevis, Peru,", "Saint Kitts and Nevis, Peru, Uruguay,",
             ["kg.pages.revisions", "kg.pages.sources", "kg.publish.graphml", "kg.search.export",
              "table statements.csv"])):
        path = corpus / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        made.clear()
        assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]) == 0
        assert sorted(made) == remade, old
        shutil.rmtree(full, ignore_errors=True)
        assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-validate", "--no-cache"]) == 0
        rebuilt, expected = _exports(out), _exports(full)
        assert sorted(rebuilt) == sorted(expected)
        for name in expected:
            assert rebuilt[name] == expected[name], (old, name)


def test_has_reads_the_checksum_alone_and_counts_as_get_counts(tmp_path: Path) -> None:
    Memo(tmp_path, "f").put("entry", b"rows\n")
    (tmp_path / "entry").write_bytes((tmp_path / "entry").read_bytes()[:-1])  # damaged, but there
    later = Memo(tmp_path, "f")
    assert later.has("entry") and not later.has("missing") and (later.hits, later.misses) == (1, 1)
    assert later.peek("entry") is None  # the reader finds the damage


def test_a_kept_text_found_damaged_when_read_stops_the_build_and_the_next_build_makes_it_anew(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pickle

    from kg.build.assemble import graph_of
    from kg.build.memo import read_entry
    from kg.build.shares import DocumentShare
    from kg.cli.common import EXIT_FAILED

    corpus, out, full = tmp_path / "corpus", tmp_path / "out", tmp_path / "full"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz"]) == 0
    memo = out / ".cache" / "memo"
    shares = []
    for entry in sorted(memo.iterdir()):
        try:
            found = pickle.loads(read_entry(entry) or b"")
        except Exception:  # noqa: BLE001 - most entries are not pickles
            continue
        if isinstance(found, DocumentShare):
            shares.append(found)
    line = next(line for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
                if f'"{DRAFT}"' in line and str(CKG.fileName) in line)
    draft = next(share for share in shares if share.graph == graph_of(line))
    # The texts of the other reports of the draft's meeting: an edit of the draft reads them (the meeting's hooks).
    damaged = [memo / share.text for share in shares if share.part == draft.part and share is not draft]
    assert damaged
    for entry in damaged:
        entry.write_bytes(entry.read_bytes()[:-5] + b"xxxx\n")
    before = _exports(out)
    path = corpus / DRAFT
    path.write_text(path.read_text(encoding="utf-8") + "\nThe meeting took note of the edit.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(corpus), "--out", str(out), "--no-viz"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "damaged" in err and any(entry.name in err for entry in damaged)
    assert _exports(out) == before  # the last good exports left as they were
    assert main(["build", str(corpus), "--out", str(out), "--no-viz"]) == 0
    assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-cache"]) == 0
    assert _exports(out) == _exports(full)
