"""kg/build/serialize.py: Turtle and TriG written chunk by chunk are the bytes Oxigraph writes for the whole graph."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.export import nquads_line
from kg.build.memo import Memo
from kg.build.partition import ChunkRef
from kg.build.serialize import ChunkRecord, write_chunked
from kg.namespaces import PREFIXES

EX = "https://w3id.org/congress-kg/id/"


def _lines(seed: int) -> list[str]:
    """Sorted N-Quads lines as a build writes them: subjects in several graphs, one triple in two graphs, blank
    nodes, literals with a newline, a language and non-ASCII text, and a quad of the default graph."""
    rng = random.Random(seed)
    graphs = [ox.NamedNode(f"{EX}graph/{g}") for g in ("a", "b", "derived")]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = set()
    for n in range(60):
        subject = ox.BlankNode(f"b{n}") if n % 11 == 0 else ox.NamedNode(f"{EX}s{n:02d}")
        for graph in rng.sample(graphs, rng.randint(1, 2)):
            quads.add(ox.Quad(subject, label, ox.Literal(f"s{n}\nline é", language="fr" if n % 2 else None), graph))
            quads.add(ox.Quad(subject, ox.NamedNode(f"{EX}next"), ox.NamedNode(f"{EX}s{n + 1:02d}"), graph))
    quads.add(ox.Quad(ox.NamedNode(f"{EX}s05"), label, ox.Literal("default"), ox.DefaultGraph()))
    return sorted(nquads_line(quad) for quad in quads)


def _whole(lines: list[str]) -> tuple[str, str, int]:
    quads = list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    union = sorted({quad.triple for quad in quads}, key=lambda t: f"{ox.Quad(t.subject, t.predicate, t.object)}")
    turtle = ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert turtle is not None and trig is not None
    return turtle.decode("utf-8"), trig.decode("utf-8"), len(union)


def _chunked(lines: list[str], memo: Memo, cut: int) -> tuple[str, str, int, str]:
    turtle, trig, nquads = io.BytesIO(), io.BytesIO(), io.BytesIO()
    triples = write_chunked(lines, turtle, trig, memo, cut=cut, nquads=nquads)
    return turtle.getvalue().decode(), trig.getvalue().decode(), triples, nquads.getvalue().decode()


@pytest.mark.parametrize("cut", [1, 2, 3, 7, 1000])
def test_chunks_wherever_cut_give_the_bytes_of_the_whole(tmp_path: Path, cut: int) -> None:
    """1: every subject its own chunk, so a graph's block goes on across every cut; 1000: one chunk."""
    for seed in range(3):
        lines = _lines(seed)
        turtle, trig, triples, nquads = _chunked(lines, Memo(tmp_path / f"memo{seed}", "fp"), cut)
        assert (turtle, trig, triples) == _whole(lines)
        assert nquads == "".join(lines)


def test_a_second_writing_takes_every_chunk_from_the_memo_and_an_edit_makes_one_again(tmp_path: Path) -> None:
    lines = _lines(0)
    memo = Memo(tmp_path / "memo", "fp")
    first = _chunked(lines, memo, cut=4)
    chunks = memo.misses
    assert chunks > 3 and memo.hits == 0
    memo = Memo(tmp_path / "memo", "fp")  # the next build's
    assert _chunked(lines, memo, cut=4) == first
    assert (memo.hits, memo.misses) == (chunks, 0)
    edited = [line.replace('"s20\\nline', '"s20 edited\\nline') for line in lines]
    assert edited != lines
    memo = Memo(tmp_path / "memo", "fp")
    turtle, trig, _triples, _nquads = _chunked(edited, memo, cut=4)
    assert (turtle, trig) == _whole(edited)[:2]
    assert (memo.hits, memo.misses) == (chunks - 1, 1)


def test_no_lines_give_empty_files(tmp_path: Path) -> None:
    assert _chunked([], Memo(tmp_path / "memo", "fp"), cut=4) == ("", "", 0, "")


def test_the_chunks_listed_are_where_the_lines_were_written(tmp_path: Path) -> None:
    """kg.build.partition.indexed_entries finds graph.nq's chunks by this list instead of reading it again."""
    lines = _lines(1)
    nquads = io.BytesIO()
    records: list[ChunkRecord] = []
    write_chunked(lines, io.BytesIO(), io.BytesIO(), Memo(tmp_path / "memo", "fp"), cut=3, nquads=nquads,
                  records=records)
    chunks: list[ChunkRef] = [record.ref for record in records]
    data = nquads.getvalue()
    assert len(chunks) > 3
    assert b"".join(data[c.offset:c.offset + c.length] for c in chunks) == data
    seen: set[bytes] = set()
    for chunk in chunks:
        piece = data[chunk.offset:chunk.offset + chunk.length]
        assert hashlib.sha256(piece).digest() == chunk.digest
        subjects = {line.split(b" ", 1)[0] for line in piece.splitlines()}
        assert not subjects & seen  # whole subjects: none goes on from an earlier chunk
        seen |= subjects
