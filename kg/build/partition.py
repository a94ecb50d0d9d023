"""Lines parted by a key into buckets (kept in the order they came, on disk beyond a limit), or cut into chunks of
whole subjects where the subjects say."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.build import scratch

if TYPE_CHECKING:
    from kg.build.memo import Memo


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


def subject_chunks(lines: Iterable[str], cut: int = 256, most: int = 20_000) -> Iterator[list[str]]:
    """Sorted N-Quads ``lines`` in chunks of whole subjects: a chunk ends before each subject whose CRC-32 is a
    multiple of ``cut``, or at the first subject once it holds ``most`` lines. The cuts depend on the subjects, not
    on positions (content-defined chunking), so an edit changes only the chunks of the subjects it touches and a
    step kept per chunk (kg.build.memo) is redone only for those."""
    chunk: list[str] = []
    last = ""
    for line in lines:
        subject = line[:line.index(" ")]  # an IRI or a blank node label: neither holds a space
        if subject != last:
            if chunk and (zlib.crc32(subject.encode("utf-8")) % cut == 0 or len(chunk) >= most):
                yield chunk
                chunk = []
            last = subject
        chunk.append(line)
    if chunk:
        yield chunk


@dataclass(frozen=True)
class ChunkRef:
    """One chunk of a file of sorted N-Quads lines: the SHA-256 of its bytes, and where they lie in the file."""

    digest: bytes
    offset: int
    length: int

    def read(self, fd: int) -> bytes:
        return os.pread(fd, self.length, self.offset)  # no shared offset: safe in a thread


def chunk_entries(lines: Iterable[str], memo: Memo, step: str, make: Callable[[bytes], bytes], cut: int = 256,
                  most: int = 20_000) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Each chunk of :func:`subject_chunks` as bytes, their SHA-256 and what ``make`` gives for them, from ``memo``
    (under ``step`` and that hash) when an earlier build made it."""
    for chunk in subject_chunks(lines, cut, most):
        data = "".join(chunk).encode("utf-8")
        digest = hashlib.sha256(data).digest()
        yield data, digest, memo.made(memo.key(step, digest, ordered=True), partial(make, data))


def indexed_entries(path: Path, chunks: Iterable[ChunkRef], memo: Memo, step: str,
                    make: Callable[[bytes], bytes]) -> Iterator[bytes]:
    """What ``make`` gives for each chunk of the file ``path`` that ``chunks`` lists (its chunks as
    :func:`chunk_entries` cut them when it was written), from ``memo`` as :func:`chunk_entries` keeps them: a chunk
    is read from the file only when its entry is missing, so the file is not read again to find its chunks."""
    with path.open("rb") as handle:
        for chunk in chunks:
            yield memo.made(memo.key(step, chunk.digest, ordered=True), partial(_made_of, make, chunk, handle.fileno()))


def _made_of(make: Callable[[bytes], bytes], chunk: ChunkRef, fd: int) -> bytes:
    return make(chunk.read(fd))
