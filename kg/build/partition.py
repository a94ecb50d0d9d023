"""Lines parted by a key into buckets, each kept in the order its lines came, on disk beyond a limit."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.build import scratch


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
