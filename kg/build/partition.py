"""Lines parted by a key into buckets (kept in the order they came, on disk beyond a limit), or cut into chunks of
whole subjects where the subjects say."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kg.build import scratch
from kg.build.processes import call_inherited, fork_pool

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from kg.build.memo import Memo


_AHEAD_PER_PROCESS = 4  # chunks given to each process of chunk_entries before the first entry is taken
# subject_chunks' cuts: a chunk ends before about one subject in CUT, and at the latest once it holds MOST lines.
CUT, MOST = 256, 20_000


class LinePartition:
    """Lines added with a key, given back bucket by bucket in key order, each bucket's lines in the order they were
    added. Parting lines already sorted (graph.nq by graph) keeps each bucket sorted with no sort at all: a stable
    partition. Lines wait in memory up to ``held_lines``, then go to one file per bucket in a temporary folder."""

    def __init__(self, held_lines: int = 200_000) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=scratch.prefix("partition", hidden=False))
        self._held: dict[str, list[str]] = {}
        self._count = 0
        self._files: dict[str, Path] = {}
        self._held_lines = held_lines

    def add(self, key: str, lines: list[str]) -> None:
        """Put ``lines`` in the bucket ``key``, after the lines it holds."""
        bucket = self._held.get(key)
        if bucket is None:
            bucket = self._held[key] = []
        bucket.extend(lines)
        self._count += len(lines)
        if self._count >= self._held_lines:
            self._spill()

    def _spill(self) -> None:
        for key, lines in self._held.items():
            path = self._files.get(key)
            if path is None:
                path = self._files[key] = Path(self._folder.name) / f"{len(self._files):08d}"
            with path.open("a", encoding="utf-8", newline="\n") as handle:
                handle.writelines(lines)
        self._held = {}
        self._count = 0

    def buckets(self) -> Iterator[tuple[str, Iterator[str]]]:
        """(key, its lines) in key order; read once, each bucket before the next is asked for. The folder is
        removed at the end."""
        try:
            for key in sorted(self._held.keys() | self._files.keys()):
                yield key, self._lines(key)
        finally:
            self._folder.cleanup()

    def _lines(self, key: str) -> Iterator[str]:
        path = self._files.get(key)
        if path is not None:
            with path.open(encoding="utf-8", newline="\n") as handle:
                yield from handle
        yield from self._held.get(key, ())


def subject_chunks(lines: Iterable[str], cut: int = CUT, most: int = MOST) -> Iterator[list[str]]:
    """Sorted N-Quads ``lines`` in chunks of whole subjects: a chunk ends before each subject whose CRC-32 is a
    multiple of ``cut``, or at the first subject once it holds ``most`` lines. The cuts depend on the subjects, not
    on positions (content-defined chunking), so an edit changes only the chunks of the subjects it touches and a
    step kept per chunk (kg.build.memo) is redone only for those."""
    chunker = SubjectChunker(cut, most)
    for line in lines:
        yield from chunker.add(line)
    yield from chunker.close()


def subject_of(line: str) -> str:
    """An N-Quads line's subject: an IRI or a blank node label, neither of which holds a space."""
    return line[:line.index(" ")]


def cuts_before(subject: str, held: int, cut: int = CUT, most: int = MOST) -> bool:
    """Whether :func:`subject_chunks` ends a chunk of ``held`` lines before the new subject ``subject``."""
    return held > 0 and (zlib.crc32(subject.encode("utf-8")) % cut == 0 or held >= most)


class SubjectChunker:
    """The cuts of :func:`subject_chunks`, made as the lines come."""

    def __init__(self, cut: int = CUT, most: int = MOST) -> None:
        self.cut, self.most = cut, most
        self._chunk: list[str] = []
        self._last = ""

    def cuts_before(self, subject: str) -> bool:
        """Whether a chunk ends before ``subject``, a new subject, were it next."""
        return cuts_before(subject, len(self._chunk), self.cut, self.most)

    def add(self, line: str) -> Iterator[list[str]]:
        """The chunk ``line`` ends, if it does."""
        subject = subject_of(line)
        if subject != self._last:
            if self.cuts_before(subject):
                yield self._chunk
                self._chunk = []
            self._last = subject
        self._chunk.append(line)

    def close(self) -> Iterator[list[str]]:
        """The last chunk, if any line is in it."""
        if self._chunk:
            yield self._chunk
        self._chunk, self._last = [], ""


@dataclass(frozen=True)
class ChunkRef:
    """One chunk of a file of sorted N-Quads lines: the SHA-256 of its bytes, and where they lie in the file."""

    digest: bytes
    offset: int
    length: int

    def read(self, fd: int) -> bytes:
        return os.pread(fd, self.length, self.offset)  # no shared offset: safe in a thread


def chunk_entries(lines: Iterable[str], memo: Memo, step: str, make: Callable[[bytes], bytes], cut: int = CUT,
                  most: int = MOST, jobs: int = 1, also: Mapping[str, Callable[[bytes], bytes]] | None = None
                  ) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Each chunk of :func:`subject_chunks` as bytes, their SHA-256 and what ``make`` gives for them, from ``memo``
    (under ``step`` and that hash) when an earlier build made it. The entries of the steps ``also`` names are made
    and kept for each chunk on the way. With ``jobs`` > 1 the entries the memo lacks are made in that many forked
    processes, a few chunks ahead (not beside a thread: a process forked beside one may deadlock)."""
    makers = {**(also or {}), step: make}
    chunks = ("".join(chunk).encode("utf-8") for chunk in subject_chunks(lines, cut, most))
    if jobs <= 1:
        for data in chunks:
            digest = hashlib.sha256(data).digest()
            entries = {name: chunk_entry(memo, name, digest, partial(maker, data)) for name, maker in makers.items()}
            yield data, digest, entries[step]
        return
    with fork_pool(jobs, partial(_entries_of, makers)) as pool:
        waiting: deque[_Waiting] = deque()
        for data in chunks:
            digest = hashlib.sha256(data).digest()
            keys = {name: memo.key(name, digest, ordered=True) for name in makers}
            lacking = tuple(name for name, key in keys.items() if memo.checksum(key) is None)
            made = pool.apply_async(call_inherited, ((data, lacking),)) if lacking else None
            waiting.append(_Waiting(data, digest, keys, lacking, made))
            if len(waiting) >= _AHEAD_PER_PROCESS * jobs:
                yield waiting.popleft().taken(memo, make, step)
        while waiting:
            yield waiting.popleft().taken(memo, make, step)


def _entries_of(makers: Mapping[str, Callable[[bytes], bytes]], task: tuple[bytes, tuple[str, ...]]) -> list[bytes]:
    data, names = task
    return [makers[name](data) for name in names]


class _Waiting(NamedTuple):
    """A chunk of chunk_entries whose entries the memo lacked (``lacking``), being made in another process."""

    data: bytes
    digest: bytes
    keys: dict[str, str]
    lacking: tuple[str, ...]
    made: AsyncResult[list[bytes]] | None

    def taken(self, memo: Memo, make: Callable[[bytes], bytes], step: str) -> tuple[bytes, bytes, bytes]:
        entries = dict(zip(self.lacking, self.made.get())) if self.made is not None else {}
        for name, entry in entries.items():
            memo.put(self.keys[name], entry)
        # Kept by an earlier build: read (made here if the entry has gone or is damaged since).
        found = entries[step] if step in entries else memo.made(self.keys[step], partial(make, self.data))
        return self.data, self.digest, found


def chunk_entry(memo: Memo, step: str, digest: bytes, make: Callable[[], bytes]) -> bytes:
    """What ``step`` keeps in ``memo`` for the chunk whose SHA-256 is ``digest``; made by ``make`` when missing."""
    return memo.made(memo.key(step, digest, ordered=True), make)


def indexed_entries(path: Path, chunks: Iterable[ChunkRef], memo: Memo, step: str,
                    make: Callable[[bytes], bytes]) -> Iterator[bytes]:
    """What ``make`` gives for each chunk of the file ``path`` that ``chunks`` lists (its chunks as
    :func:`chunk_entries` cut them when it was written), from ``memo`` as :func:`chunk_entries` keeps them: a chunk
    is read from the file only when its entry is missing, so the file is not read again to find its chunks."""
    with path.open("rb") as handle:
        for chunk in chunks:
            yield chunk_entry(memo, step, chunk.digest, partial(_made_of, make, chunk, handle.fileno()))


def _made_of(make: Callable[[bytes], bytes], chunk: ChunkRef, fd: int) -> bytes:
    return make(chunk.read(fd))
