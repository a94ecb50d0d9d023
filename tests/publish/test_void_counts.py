"""kg/publish/void_counts.py: the counts of graph.nq chunk by chunk, from the memo, are those of one pass."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.build.export import nquads_line, sorted_quads
from kg.build.memo import Memo
from kg.build.partition import ChunkRef
from kg.build.serialize import ChunkRecord, write_chunked
from kg.namespaces import CKG
from kg.publish.void_counts import count, count_chunked

X = "https://example.org/"


def _graph_nq(tmp_path: Path) -> tuple[Path, list]:
    """Reports in two graphs, a meeting, one triple in both graphs, blank nodes and an object shared by subjects
    that land in different chunks."""
    ds = Dataset()
    one, two = ds.graph(URIRef(X + "graph/1")), ds.graph(URIRef(X + "graph/2"))
    for n in range(30):
        subject = BNode(f"b{n}") if n % 7 == 0 else URIRef(f"{X}s{n}")
        graph = one if n % 2 else two
        graph.add((subject, RDF.type, CKG.Report if n % 3 else CKG.Meeting))
        graph.add((subject, CKG.fileName, Literal(f"file{n}.txt")))
        graph.add((subject, DCTERMS.title, Literal("shared title", lang="en")))  # one object for every subject
        if n % 5 == 0:
            (two if graph is one else one).add((subject, DCTERMS.title, Literal("shared title", lang="en")))
        graph.add((subject, CKG.distributionDate, Literal(f"2020-01-{n % 28 + 1:02d}", datatype=None)))
    quads = sorted_quads(ds)
    path = tmp_path / "graph.nq"
    path.write_text("".join(nquads_line(quad) for quad in quads), encoding="utf-8")
    return path, quads


@pytest.mark.parametrize("cut", [1, 2, 3, 1000])
def test_chunked_counts_are_those_of_one_pass(tmp_path: Path, cut: int) -> None:
    path, quads = _graph_nq(tmp_path)
    whole = count(quads)
    assert whole.objects == 30 + 1 + 28 + 2  # file names, the shared title, dates, two classes
    memo = Memo(tmp_path / "memo", "fp")
    assert count_chunked(path, memo, cut) == whole
    assert memo.misses > (1 if cut < 1000 else 0)
    made = memo.misses
    later = Memo(tmp_path / "memo", "fp")  # the next build's
    assert count_chunked(path, later, cut) == whole
    assert later.misses == 0 and later.hits == made  # every chunk from the memo the second time


def test_counts_from_the_chunks_the_build_listed_read_only_the_missing_ones(tmp_path: Path) -> None:
    path, quads = _graph_nq(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    memo = Memo(tmp_path / "memo", "fp")
    records: list[ChunkRecord] = []
    write_chunked(lines, io.BytesIO(), io.BytesIO(), memo, cut=3, nquads=io.BytesIO(), records=records)
    chunks: list[ChunkRef] = [record.ref for record in records]
    assert count_chunked(path, memo, chunks=chunks) == count(quads)
    counted = memo.misses - len(chunks)
    assert counted == len(chunks)  # each chunk counted once
    path.write_bytes(b"")  # every chunk's counts are in the memo now: the file is not read
    assert count_chunked(path, memo, chunks=chunks) == count(quads)
    assert memo.misses == 2 * len(chunks)
