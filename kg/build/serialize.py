"""graph.ttl and graph.trig written from graph.nq's sorted lines chunk by chunk, each chunk's text kept in the memo."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import IO

import pyoxigraph as ox

from kg.build.memo import Memo
from kg.build.partition import ChunkRef, chunk_entries
from kg.namespaces import PREFIXES

# Oxigraph writes a subject's triples together and ends them with " ." before the next subject, so a chunk of whole
# subjects serializes to the very bytes it has in the whole file, but for two things this module puts right: the
# prefix lines, written once at the top, and in TriG a graph's block, which goes on across a cut when the subjects
# on both sides are in the same graph (the first chunk closes it, "}", and the second opens it again).

_PROBE = ox.Triple(ox.NamedNode("urn:x-congress-kg:s"), ox.NamedNode("urn:x-congress-kg:p"),
                   ox.NamedNode("urn:x-congress-kg:o"))


def _header(form: ox.RdfFormat) -> bytes:
    """The prefix lines Oxigraph opens a file of ``form`` with."""
    probe: list[ox.Triple] | list[ox.Quad] = [_PROBE] if form == ox.RdfFormat.TURTLE else [ox.Quad(
        _PROBE.subject, _PROBE.predicate, _PROBE.object, ox.DefaultGraph())]
    text = _text(probe, form)
    return text[:text.index(b"<urn:x-congress-kg:s>")]


def _text(terms: Iterable[ox.Triple] | Iterable[ox.Quad], form: ox.RdfFormat) -> bytes:
    data = ox.serialize(terms, format=form, prefixes=PREFIXES)
    assert data is not None  # None only when an output file is given
    return data


@dataclass(frozen=True)
class Chunk:
    """One chunk's share of the two files: its Turtle and TriG text (UTF-8, no prefix lines), its triples (the
    union's, each once), and the graphs of its first and last quad (as N-Quads writes them, "" for the default
    graph). Kept as bytes: the memo's bytes go to the files with no decoding."""

    turtle: bytes
    trig: bytes
    triples: int
    first: str
    last: str

    @classmethod
    def of(cls, data: bytes, headers: tuple[bytes, bytes]) -> Chunk:
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        union = list(union_triples(quads))
        turtle, trig = _text(union, ox.RdfFormat.TURTLE), _text(quads, ox.RdfFormat.TRIG)
        if not (turtle.startswith(headers[0]) and trig.startswith(headers[1])):
            raise ValueError("Oxigraph's serializer no longer opens a file with its prefix lines alone")
        return cls(turtle[len(headers[0]):], trig[len(headers[1]):], len(union), _graph(quads[0]), _graph(quads[-1]))

    def entry(self) -> bytes:
        head = f"{self.triples}\t{self.first}\t{self.last}\t{len(self.turtle)}\n".encode()
        return head + self.turtle + self.trig

    @classmethod
    def from_entry(cls, entry: bytes) -> Chunk:
        head, _, texts = entry.partition(b"\n")
        triples, first, last, turtle = head.decode("utf-8").split("\t")
        return cls(texts[:int(turtle)], texts[int(turtle):], int(triples), first, last)


def union_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The triples of sorted quads, each once: the copies of a triple in several graphs are neighbours in N-Quads
    order (they differ only after it), and the triples come out in their own N-Triples order."""
    last = None
    for quad in quads:
        triple = quad.triple
        if triple != last:
            yield triple
            last = triple



def _graph(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)


def write_chunked(lines: Iterable[str], turtle: IO[bytes], trig: IO[bytes], memo: Memo, cut: int = 256,
                  nquads: IO[bytes] | None = None, chunks: list[ChunkRef] | None = None) -> int:
    """Write the Turtle of the union of the sorted N-Quads ``lines`` and their TriG, as Oxigraph writes them whole,
    from chunks of whole subjects (kg.build.partition.chunk_entries) each kept in ``memo``, and the lines themselves
    to ``nquads``, whose chunks go to ``chunks`` (so that the steps kept per chunk of graph.nq find them without
    reading it again: kg.build.partition.indexed_entries); the number of triples."""
    headers = (_header(ox.RdfFormat.TURTLE), _header(ox.RdfFormat.TRIG))
    triples = 0
    previous: Chunk | None = None
    pending = b""  # the last chunk's TriG, written once the next shows whether its graph's block goes on
    for chunk in _chunks(lines, headers, memo, cut, nquads, chunks):
        block = chunk.trig
        if previous is None:
            turtle.write(headers[0])
            trig.write(headers[1])
        elif previous.last and previous.last == chunk.first:  # the block goes on: not closed, not opened again
            if not pending.endswith(b"}\n"):
                raise ValueError("a TriG chunk does not end its graph's block")
            pending = pending[:-len(b"}\n")]
            block = block[block.index(b"\n") + 1:]
        trig.write(pending)
        turtle.write(chunk.turtle)
        triples += chunk.triples
        previous, pending = chunk, block
    trig.write(pending)
    return triples


def _chunks(lines: Iterable[str], headers: tuple[bytes, bytes], memo: Memo, cut: int, nquads: IO[bytes] | None,
            chunks: list[ChunkRef] | None) -> Iterator[Chunk]:
    offset = 0
    for data, digest, entry in chunk_entries(lines, memo, "serializations", partial(_entry, headers=headers), cut):
        if nquads is not None:
            nquads.write(data)
        if chunks is not None:
            chunks.append(ChunkRef(digest, offset, len(data)))
        offset += len(data)
        yield Chunk.from_entry(entry)


def _entry(data: bytes, headers: tuple[bytes, bytes]) -> bytes:
    return Chunk.of(data, headers).entry()
