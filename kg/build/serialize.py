"""graph.ttl and graph.trig written from graph.nq's sorted lines chunk by chunk, each chunk's text kept in the memo."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import IO, Any

import pyoxigraph as ox

from kg.build.memo import Memo
from kg.build.partition import CUT, MOST, ChunkRef, chunk_entries
from kg.namespaces import PREFIXES

# Oxigraph writes a subject's triples together and ends them with " ." before the next subject, so a chunk of whole
# subjects serializes to the very bytes it has in the whole file, but for two things this module puts right: the
# prefix lines, written once at the top, and in TriG a graph's block, which goes on across a cut when the subjects
# on both sides are in the same graph (the first chunk closes it, "}", and the second opens it again).

STEP = "serializations"  # the memo's step for a chunk's Turtle and TriG

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


@dataclass(frozen=True)
class ChunkRecord:
    """One chunk of graph.nq and its share of graph.ttl and graph.trig as they were written: what the next build
    needs to copy the three by byte range instead of making the chunk again (kg.build.previous). ``trig`` is the
    chunk's TriG as written, that is without its graph's opening line when the block goes on from the chunk before,
    and without its closing when it goes on into the next."""

    digest: bytes
    subject: str  # its first subject, as N-Quads writes it
    lines: int
    triples: int
    first: str
    last: str
    nquads: tuple[int, int]  # (offset, length) in each file
    turtle: tuple[int, int]
    trig: tuple[int, int]

    def spans(self) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
        return self.nquads, self.turtle, self.trig

    @property
    def ref(self) -> ChunkRef:
        return ChunkRef(self.digest, *self.nquads)

    def moved(self, by: tuple[int, int, int]) -> ChunkRecord:
        """The same chunk with its three offsets moved ``by`` bytes (graph.nq, graph.ttl, graph.trig)."""
        return replace(self, nquads=(self.nquads[0] + by[0], self.nquads[1]),
                       turtle=(self.turtle[0] + by[1], self.turtle[1]), trig=(self.trig[0] + by[2], self.trig[1]))

    def row(self) -> list[object]:
        return [self.digest.hex(), self.subject, self.lines, self.triples, self.first, self.last, *self.nquads,
                *self.turtle, *self.trig]

    @classmethod
    def of_row(cls, row: list[Any]) -> ChunkRecord:
        digest, subject, lines, triples, first, last, *offsets = row
        nq, nq_len, ttl, ttl_len, trig, trig_len = (int(n) for n in offsets)
        return cls(bytes.fromhex(digest), str(subject), int(lines), int(triples), str(first), str(last),
                   (nq, nq_len), (ttl, ttl_len), (trig, trig_len))


class ChunkedWriter:
    """graph.nq, graph.ttl and graph.trig written a chunk at a time (:meth:`add`), or a run of an earlier build's
    chunks copied from its files (:meth:`copy`), with each chunk's :class:`ChunkRecord` in ``records``."""

    def __init__(self, nquads: IO[bytes] | None, turtle: IO[bytes], trig: IO[bytes]) -> None:
        self._files = (nquads, turtle, trig)
        self._headers = (_header(ox.RdfFormat.TURTLE), _header(ox.RdfFormat.TRIG))
        self._at = [0, 0, 0]  # where the next byte of each file goes
        self._last: str | None = None  # the last quad's graph so far; None before the first chunk
        self._pending = b""  # the last chunk's TriG, written once the next shows whether its graph's block goes on
        self._pending_written = False  # pending is an earlier build's bytes, as written: its end is right already
        self._open: ChunkRecord | None = None  # the chunk whose TriG is pending (its ``trig`` not yet known)
        self.records: list[ChunkRecord] = []
        self.triples = 0

    def _write(self, n: int, data: bytes) -> None:
        handle = self._files[n]
        if handle is not None:
            handle.write(data)
        self._at[n] += len(data)

    def _flush_pending(self, continues: bool) -> None:
        """Write the pending TriG, its closing left out when the next chunk's block goes on (``continues``)."""
        pending = self._pending
        if continues and not self._pending_written:
            if not pending.endswith(b"}\n"):
                raise ValueError("a TriG chunk does not end its graph's block")
            pending = pending[:-len(b"}\n")]
        start = self._at[2]
        self._write(2, pending)
        if self._open is not None:
            self.records.append(replace(self._open, trig=(start, len(pending))))
            self._open = None
        self._pending, self._pending_written = b"", False

    def add(self, data: bytes, digest: bytes, chunk: Chunk) -> None:
        """One chunk: its N-Quads ``data`` (whose SHA-256 is ``digest``) and their Turtle and TriG."""
        block = chunk.trig
        if self._last is None:
            self._write(1, self._headers[0])
            self._write(2, self._headers[1])
        continues = bool(self._last) and self._last == chunk.first
        if continues:  # the block goes on: not closed, not opened again
            block = block[block.index(b"\n") + 1:]
        self._flush_pending(continues)
        subject = data[:data.index(b" ")].decode("utf-8") if data else ""
        self._open = ChunkRecord(digest, subject, data.count(b"\n"), chunk.triples, chunk.first, chunk.last,
                                 (self._at[0], len(data)), (self._at[1], len(chunk.turtle)), (0, 0))
        self._write(0, data)
        self._write(1, chunk.turtle)
        self.triples += chunk.triples
        self._last, self._pending = chunk.last, block

    def copy(self, records: list[ChunkRecord], sources: tuple[int, int, int]) -> None:
        """A run of an earlier build's chunks, copied from its three files (``sources``: their descriptors) as they
        were written there. Its first chunk's neighbour before it must be the one it had there, and so must the
        one after its last (the next :meth:`add`): what they wrote of its graph's block is then right as it is."""
        if self._last is None or not records:
            raise ValueError("a copied run of chunks goes between two chunks written again")
        self._flush_pending(bool(self._last) and self._last == records[0].first)
        first, last = records[0].spans(), records[-1].spans()
        by = (self._at[0] - first[0][0], self._at[1] - first[1][0], self._at[2] - first[2][0])
        for n in range(3):
            self._copy(n, sources[n], first[n][0], last[n][0] + last[n][1] - first[n][0])
        self.records.extend(record.moved(by) for record in records)
        self.triples += sum(record.triples for record in records)
        self._last, self._pending, self._pending_written = records[-1].last, b"", True

    def _copy(self, n: int, source: int, offset: int, length: int) -> None:
        self._at[n] += length
        handle = self._files[n]
        if handle is None:
            return
        handle.flush()
        while length > 0:  # in the kernel: the bytes do not pass through this process
            copied = os.copy_file_range(source, handle.fileno(), length, offset)
            if copied == 0:
                raise ValueError("an earlier build's file is shorter than its chunks say")
            offset, length = offset + copied, length - copied

    def close(self) -> int:
        """Write what is pending; the number of triples (of the union) written."""
        self._flush_pending(False)
        return self.triples


def write_chunked(lines: Iterable[str], turtle: IO[bytes], trig: IO[bytes], memo: Memo, cut: int = CUT,
                  nquads: IO[bytes] | None = None, records: list[ChunkRecord] | None = None, most: int = MOST,
                  jobs: int = 1, also: Mapping[str, Callable[[bytes], bytes]] | None = None) -> int:
    """Write the Turtle of the union of the sorted N-Quads ``lines`` and their TriG, as Oxigraph writes them whole,
    from chunks of whole subjects (kg.build.partition.chunk_entries) each kept in ``memo``, and the lines themselves
    to ``nquads``; each chunk's record goes to ``records`` (so that the steps kept per chunk of graph.nq find them
    without reading it again: kg.build.partition.indexed_entries, and the next build can copy them); the number of
    triples. ``jobs``: processes for the chunks the memo lacks; ``also``: other steps' entries made for each chunk
    on the way (kg.build.partition.chunk_entries)."""
    writer = ChunkedWriter(nquads, turtle, trig)
    headers = (_header(ox.RdfFormat.TURTLE), _header(ox.RdfFormat.TRIG))
    for data, digest, entry in chunk_entries(lines, memo, STEP, partial(serialization_entry, headers=headers), cut,
                                             most, jobs, also):
        writer.add(data, digest, Chunk.from_entry(entry))
    triples = writer.close()
    if records is not None:
        records.extend(writer.records)
    return triples


def serialization_entry(data: bytes, headers: tuple[bytes, bytes] | None = None) -> bytes:
    """What the memo keeps for a chunk of graph.nq (under STEP and its SHA-256): its :class:`Chunk`."""
    return Chunk.of(data, headers or (_header(ox.RdfFormat.TURTLE), _header(ox.RdfFormat.TRIG))).entry()
