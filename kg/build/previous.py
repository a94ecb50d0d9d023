"""graph.nq, graph.ttl and graph.trig made from the last build's when few lines changed: the chunks no changed line
falls in copied by byte range, only the others made again, so an edit does not merge and hash the whole graph."""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from kg.build import scratch
from kg.build.assemble import GraphParts, Piece, QuadSpool
from kg.build.context import GraphChange
from kg.build.export import StagedFiles, stage_serializations, unresolved_csv
from kg.build.memo import Memo
from kg.build.partition import CUT, MOST, SubjectChunker, chunk_entry, cuts_before, subject_of
from kg.build.serialize import STEP, Chunk, ChunkedWriter, ChunkRecord, serialization_entry
from kg.rdf.nquads import text_lines

# Kept beside the memo: what the last build wrote and what it was made of.
MANIFEST = "serializations.json"
FILES = ("graph.nq", "graph.ttl", "graph.trig")
# The most lines the pieces that changed hold between them; beyond, the whole graph is merged again.
MOST_CHANGED_LINES = 200_000


class _Inconsistent(Exception):
    """The last build's record and files do not agree with each other: the whole graph is merged again."""


@dataclass
class Manifest:
    """The last build's three files chunk by chunk (:class:`ChunkRecord`), what it made them of (its pieces:
    kg.build.assemble.Piece, and the reference graph), and how many pieces hold each line that more than one
    holds; with the files' sizes, times and inodes, so that files changed since are not trusted."""

    fingerprint: str
    cuts: tuple[int, int]
    files: dict[str, list[int]]
    pieces: list[tuple[str, str, bool]]  # digest (hex), memo key, whether a document's own lines
    reference: str
    repeats: dict[str, int]
    records: list[ChunkRecord]

    def text(self) -> str:
        return json.dumps({"fingerprint": self.fingerprint, "cuts": list(self.cuts), "files": self.files,
                           "pieces": self.pieces, "reference": self.reference, "repeats": self.repeats,
                           "records": [record.row() for record in self.records]}, sort_keys=True)

    @classmethod
    def of_text(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(data["fingerprint"], tuple(data["cuts"]), data["files"],
                   [(str(d), str(k), bool(doc)) for d, k, doc in data["pieces"]], data["reference"],
                   {str(line): int(n) for line, n in data["repeats"].items()},
                   [ChunkRecord.of_row(row) for row in data["records"]])


def manifest_path(memo: Memo) -> Path:
    return memo.folder.parent / MANIFEST


def forget(memo: Memo | None) -> None:
    """Drop the last build's manifest: its files are about to be replaced."""
    if memo is not None:
        manifest_path(memo).unlink(missing_ok=True)


def reference_digest(parts: GraphParts) -> str:
    return hashlib.sha256("".join(sorted(set(parts.reference))).encode("utf-8")).hexdigest()


def _stats(out: Path) -> dict[str, list[int]]:
    stats = {}
    for name in FILES:
        stat = (out / name).stat()
        stats[name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return stats


@dataclass
class Written:
    """The three files of one build, as :func:`keep` records them once they are in place; with what changed since
    the last build's."""

    triples: int
    records: list[ChunkRecord]
    repeats: dict[str, int]
    pieces: list[Piece]
    reference: str
    change: GraphChange


def graph_digest(records: list[ChunkRecord]) -> bytes:
    """What stands for a graph.nq: the hash of its chunks' hashes."""
    return hashlib.sha256(b"".join(record.digest for record in records)).digest()


def keep(out: Path, memo: Memo, written: Written) -> None:
    """Record the three files just put in ``out`` for the next build; nothing when a piece was not kept in the memo
    (its lines could not be found again)."""
    if any(piece.made_by is None for piece in written.pieces):
        return
    manifest = Manifest(memo.fingerprint, (CUT, MOST), _stats(out),
                        [(p.digest.hex(), str(p.made_by), p.document) for p in written.pieces], written.reference,
                        written.repeats, written.records)
    scratch.replace_with(manifest_path(memo), manifest.text().encode("utf-8"), "manifest")


def _previous(out: Path, memo: Memo) -> Manifest | None:
    """The last build's manifest, if its files are those it describes and it was made with the same code."""
    try:
        manifest = Manifest.of_text(manifest_path(memo).read_text(encoding="utf-8"))
        if manifest.fingerprint != memo.fingerprint or manifest.cuts != (CUT, MOST) or manifest.files != _stats(out):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest


def _kept_lines(memo: Memo, made_by: str, document: bool) -> list[str] | None:
    """A piece's lines as the memo keeps them (kg.build.shares for a document's own, kg.build.assemble for what the
    hooks derive); None when the entry is gone."""
    data = memo.peek(made_by)
    if data is None:
        return None
    if document:  # a kg.build.shares.DocumentShare, which names the entry of the lines' text
        data = memo.peek(pickle.loads(data).text)
        if data is None:
            return None
    return text_lines(data.decode("utf-8"))


def changed_lines(manifest: Manifest, parts: GraphParts, memo: Memo) -> dict[str, int] | None:
    """How many more pieces hold each line now than in the last build (negative: fewer), lines whose count did not
    change left out; None when the pieces that changed hold too many lines, or one's lines are not in the memo."""
    before = Counter(digest for digest, _key, _document in manifest.pieces)
    kept = {digest: (key, document) for digest, key, document in manifest.pieces}
    pieces = {piece.digest.hex(): piece for piece in parts.pieces()}
    now = Counter(piece.digest.hex() for piece in parts.pieces())
    added = now - before
    size = sum(pieces[digest].lines * times for digest, times in added.items())
    change: Counter[str] = Counter()
    for digest, times in (before - now).items():
        lines = _kept_lines(memo, *kept[digest]) if size <= MOST_CHANGED_LINES else None
        if lines is None:
            return None
        size += len(lines) * times
        for line in lines:
            change[line] -= times
    if size > MOST_CHANGED_LINES:
        return None
    for digest, times in added.items():
        for line in parts.lines(pieces[digest]):
            change[line] += times
    return {line: times for line, times in change.items() if times}


class _OldChunks:
    """The last build's graph.nq read a chunk at a time, each chunk checked against its record."""

    def __init__(self, fd: int, records: list[ChunkRecord]) -> None:
        self._fd = fd
        self.records = records

    def data(self, n: int) -> bytes:
        record = self.records[n]
        data = os.pread(self._fd, record.nquads[1], record.nquads[0])
        if hashlib.sha256(data).digest() != record.digest:
            raise _Inconsistent(f"chunk {n} of graph.nq is not the one recorded")
        return data

    def lines(self, n: int) -> list[str]:
        return text_lines(self.data(n).decode("utf-8"))


def plan(records: list[ChunkRecord], changes: dict[str, int], repeats: dict[str, int], old: _OldChunks,
         cut: int = CUT, most: int = MOST) -> tuple[list[int | list[str]], dict[str, int]]:
    """The chunks of the new graph.nq: the index of a last build's chunk kept as it is, or the lines of one made
    again; with the new count of each line more than one piece holds. The cuts are those subject_chunks makes of
    the whole new file: a run of chunks made again starts where the last build cut and the new lines would cut too,
    and ends at the first cut of the new lines that falls where the last build cut, after every changed line."""
    firsts = [record.subject for record in records]
    by_chunk: dict[int, dict[str, int]] = {}
    for line, times in changes.items():
        n = max(bisect.bisect_right(firsts, subject_of(line)) - 1, 0)
        by_chunk.setdefault(n, {})[line] = times
    counts = dict(repeats)

    def lines_of(n: int) -> list[str]:
        if n not in by_chunk:
            return old.lines(n)
        present = set(old.lines(n))
        for line, times in by_chunk[n].items():
            if line in repeats and line not in present:
                raise _Inconsistent("a line counted as held twice is not in graph.nq")
            held = repeats.get(line, 1 if line in present else 0) + times
            if held < 0:
                raise _Inconsistent("a line dropped more often than it was held")
            if held:
                present.add(line)
            else:
                present.discard(line)
            if held >= 2:
                counts[line] = held
            else:
                counts.pop(line, None)
        return sorted(present)

    segments: list[int | list[str]] = []
    kept = 0  # the first chunk not yet placed
    for changed in sorted(by_chunk):
        if changed < kept:
            continue  # made again with the run before
        start, lines = changed, lines_of(changed)
        # Back to a chunk whose cut before it still falls there: the new lines' first subject may not cut.
        while start > kept and not (lines and cuts_before(subject_of(lines[0]), records[start - 1].lines, cut, most)):
            start -= 1
            lines = old.lines(start) + lines
        segments.extend(range(kept, start))
        chunker = SubjectChunker(cut, most)
        made = [chunk for line in lines for chunk in chunker.add(line)]
        n = changed + 1
        while n < len(records) and (n in by_chunk or not chunker.cuts_before(records[n].subject)):
            made.extend(chunk for line in lines_of(n) for chunk in chunker.add(line))
            n += 1
        made.extend(chunker.close())
        segments.extend(made)
        kept = n
    segments.extend(range(kept, len(records)))
    return segments, counts


def write_from_previous(out: Path, manifest: Manifest | None, parts: GraphParts, memo: Memo,
                        targets: tuple[Path, Path, Path]) -> Written | None:
    """Write graph.nq, graph.ttl and graph.trig to ``targets`` from ``out``'s, which ``manifest`` records, changed
    where the pieces of ``parts`` differ from those it lists; None (nothing written) when there is no such
    record, or too many lines changed."""
    if manifest is None or not manifest.records or manifest.reference != reference_digest(parts):
        return None  # (an empty graph.nq has no chunk a line could fall in)
    changes = changed_lines(manifest, parts, memo)
    if changes is None:
        return None
    made = rewrite(manifest.records, changes, manifest.repeats, tuple(out / name for name in FILES), targets, memo)
    if made is None:
        return None
    triples, records, repeats = made
    change = GraphChange(graph_digest(manifest.records), graph_digest(records), changes)
    return Written(triples, records, repeats, list(parts.pieces()), manifest.reference, change)


def rewrite(records: list[ChunkRecord], changes: dict[str, int], repeats: dict[str, int],
            sources: tuple[Path, ...], targets: tuple[Path, ...], memo: Memo, cut: int = CUT, most: int = MOST
            ) -> tuple[int, list[ChunkRecord], dict[str, int]] | None:
    """The three files ``sources`` (whose chunks ``records`` lists, cut by ``cut`` and ``most``) written again to
    ``targets`` with ``changes`` made (:func:`plan`): the number of triples, the new records and the new counts of
    lines more than one piece holds. None, with nothing written, when the sources are not what ``records`` say."""
    with ExitStack() as stack:
        files = [stack.enter_context(source.open("rb")) for source in sources]
        fds = (files[0].fileno(), files[1].fileno(), files[2].fileno())
        old = _OldChunks(fds[0], records)
        try:
            segments, counts = plan(records, changes, repeats, old, cut, most)
            runs = list(_runs(segments))
            # Read (and checked) before anything is written: the chunks written whole at the ends of the kept runs.
            ends = {n: old.data(n) for run in runs if isinstance(run, tuple) for n in run}
        except _Inconsistent:
            return None
        handles = [stack.enter_context(target.open("wb")) for target in targets]
        writer = ChunkedWriter(handles[0], handles[1], handles[2])
        _write(writer, runs, ends, records, memo, fds)
        return writer.close(), writer.records, counts


def _write(writer: ChunkedWriter, runs: list[list[str] | tuple[int, int]], ends: dict[int, bytes],
           records: list[ChunkRecord], memo: Memo, fds: tuple[int, int, int]) -> None:
    """Each chunk made again written whole; each run of kept chunks copied, but for its first and last (``ends``),
    written whole: their neighbours may have changed, and with them the ends of their graphs' TriG blocks."""
    for run in runs:
        if isinstance(run, list):
            _add(writer, memo, "".join(run).encode("utf-8"))
            continue
        first, last = run
        _add(writer, memo, ends[first])
        if last - first > 1:
            writer.copy(records[first + 1:last], fds)
        if last > first:
            _add(writer, memo, ends[last])


def _add(writer: ChunkedWriter, memo: Memo, data: bytes) -> None:
    digest = hashlib.sha256(data).digest()
    writer.add(data, digest, Chunk.from_entry(chunk_entry(memo, STEP, digest, lambda: serialization_entry(data))))


def _runs(segments: list[int | list[str]]) -> Iterator[list[str] | tuple[int, int]]:
    """The segments with each run of consecutive kept chunks as (first, last)."""
    start: int | None = None
    previous = -2
    for segment in segments:
        if isinstance(segment, int) and segment == previous + 1 and start is not None:
            previous = segment
            continue
        if start is not None:
            yield start, previous
            start = None
        if isinstance(segment, int):
            start = previous = segment
        else:
            yield segment
    if start is not None:
        yield start, previous


def stage_graph(files: StagedFiles, spool: QuadSpool, unresolved: list[tuple[str, str, str, str]],
                memo: Memo | None, parts: GraphParts | None, jobs: int = 1,
                also: Mapping[str, Callable[[bytes], bytes]] | None = None) -> tuple[int, Written | None]:
    """Stage graph.nq, graph.ttl, graph.trig (and unresolved.csv): made from the last build's where it can, else
    from the spool's lines merged whole; the number of triples, and what :func:`keep` records (None without the
    memo: such a build writes nothing a next one could copy)."""
    if memo is None or parts is None:
        return stage_serializations(files, spool.sorted_lines(), unresolved), None
    targets = (files.target(FILES[0]), files.target(FILES[1]), files.target(FILES[2]))
    last = _previous(files.out, memo)
    forget(memo)  # whatever happens next, the files are no longer those it describes
    before = graph_digest(last.records) if last is not None else None
    made = write_from_previous(files.out, last, parts, memo, targets)
    if made is not None:
        files.add("unresolved.csv", unresolved_csv(unresolved))
        return made.triples, made
    records: list[ChunkRecord] = []
    triples = stage_serializations(files, spool.sorted_lines(), unresolved, memo, records, targets, jobs, also)
    change = GraphChange(before, graph_digest(records), None)
    return triples, Written(triples, records, spool.repeats, list(parts.pieces()), reference_digest(parts), change)
