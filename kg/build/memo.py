"""Results of the build's pure steps (enricher hooks, shape checks) kept under a hash of their inputs, so a rebuild
after an edit redoes them only for the documents and meetings whose text changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg import shipped
from kg.build import scratch, steps
from kg.build.cache import code_and_data_fingerprint

MEMO_FORMAT = "2"  # bump when what an entry holds changes in a way the code hash would not catch

_CHECKSUM = 32  # an entry opens with the SHA-256 of the rest
DATA_OFFSET = _CHECKSUM  # where an entry's data begin in its file
_CHUNK = 1 << 20  # an entry read or kept in chunks: a megabyte at a time
_CLOCK = ".started"


def _clock(folder: Path) -> int:
    """Now by the clock (and to the grain) of the file system that holds ``folder``: what an entry's time, when a
    build touches it, is compared with."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / _CLOCK
    marker.touch()
    os.utime(marker)
    return marker.stat().st_mtime_ns


def step_fingerprint(data: list[Path] | None, base: str) -> str:
    """What a step's result depends on besides its input: the code and reference data (as for the extraction
    cache), the steps the build runs, the shipped ontology, shapes and vocabularies, and the base IRI."""
    listed = "\0".join([*steps.ENRICHERS, "|", *steps.VALIDATORS])
    digest = hashlib.sha256(f"{MEMO_FORMAT}\0{code_and_data_fingerprint(data)}\0{base}\0{listed}\0".encode())
    folder = shipped("ontology")
    for path in sorted(folder.glob("*.ttl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class DamagedEntry(RuntimeError):
    """An entry a step had found whole was damaged or gone when the build came to read it (the build stops; the
    entry is removed, so the next build makes it again)."""


def read_entry(path: Path) -> bytes | None:
    """The data of the entry file ``path``; None when it is missing or damaged (its checksum is wrong)."""
    try:
        entry = path.read_bytes()
    except OSError:
        return None
    checksum, data = entry[:_CHECKSUM], entry[_CHECKSUM:]
    if len(checksum) < _CHECKSUM or hashlib.sha256(data).digest() != checksum:
        return None
    return data


class Memo:
    """Entries in one folder, each the bytes a step gave for one input, named by the hash of the step's name, the
    fingerprint and that input. An entry read or written by a build is touched, so the build can then delete those
    it did not use (:meth:`prune`), whichever process used them (the shape checks run in a forked one)."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.started = _clock(folder)
        self.hits = 0
        self.misses = 0
        self._counted: set[str] = set()  # entries asked for (a hit or a miss) or made by this build

    def key(self, step: str, *inputs: bytes, ordered: bool = False) -> str:
        """The entry name of ``step``'s result for ``inputs`` (N-Quads: their lines' order does not count, for
        the hooks' output order may follow Python's string hashing, which changes from one run to the next).
        ``ordered``: the caller's lines come in one order always (sorted), so they are hashed as they are, unsplit:
        at 100x, the whole graph's lines sorted again took seconds of an edit rebuild."""
        digest = hashlib.sha256(f"{self.fingerprint}\0{step}\0{'ordered' if ordered else ''}\0".encode())
        for part in inputs:
            data = part if ordered else b"".join(sorted(part.splitlines(keepends=True)))
            digest.update(len(data).to_bytes(8, "big"))  # so that ("ab", "c") and ("a", "bc") differ
            digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        """The entry's bytes; None when it is missing or damaged (its checksum is wrong): the step runs again."""
        data = self.peek(key)
        self._count(key, data is not None)
        return data

    def has(self, key: str) -> bool:
        """Whether the entry is there, counted as :meth:`get` counts, its checksum read but not the rest: for a
        step whose reader checks the entry later (:meth:`peek`) and copes with a damaged one. At 1000x, reading
        each meeting's answers whole to see that they were there took 6 s of an edit rebuild."""
        found = self.checksum(key) is not None
        self._count(key, found)
        return found

    def _count(self, key: str, found: bool) -> None:
        if key not in self._counted:  # not one this build made (kg.build.processes): a step an earlier build spared
            self._counted.add(key)
            if found:
                self.hits += 1
            else:
                self.misses += 1

    def peek(self, key: str) -> bytes | None:
        """As :meth:`get`, not counted as a hit or a miss: a step reading again an entry it has already asked for
        in this build (the counts say how many steps an earlier build spared)."""
        path = self.folder / key
        data = read_entry(path)
        if data is not None:
            os.utime(path)
        return data

    def path(self, key: str) -> Path:
        """The file of the entry ``key``: its data follow the checksum (:data:`DATA_OFFSET`), :func:`read_entry`
        reads them checked."""
        return self.folder / key

    def made(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The entry ``key``; made by ``make`` and kept when there is none (or it is damaged)."""
        if (found := self.get(key)) is None:
            found = make()
            self.put(key, found)
        return found

    def checksum(self, key: str) -> bytes | None:
        """The SHA-256 an entry opens with (of what it was made to hold), read without the rest; None when it is
        missing. Not checked against the rest: for a key made of entries, whose own results were kept from
        entries read whole and checked."""
        path = self.folder / key
        try:
            with path.open("rb") as handle:
                checksum = handle.read(_CHECKSUM)
            os.utime(path)
        except OSError:
            return None
        return checksum if len(checksum) == _CHECKSUM else None

    def stream(self, key: str) -> Iterator[bytes] | None:
        """As :meth:`get`, the entry's bytes in chunks, never held whole (a page of hundreds of megabytes at 1000x):
        checked first, then read again as the chunks are asked for."""
        path = self.folder / key
        try:
            with path.open("rb") as handle:
                checksum, digest = handle.read(_CHECKSUM), hashlib.sha256()
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
            os.utime(path)
        except OSError:
            checksum = b""
        if len(checksum) < _CHECKSUM or digest.digest() != checksum:
            self.misses += 1
            return None
        self.hits += 1
        return self._chunks(path)

    @staticmethod
    def _chunks(path: Path) -> Iterator[bytes]:
        with path.open("rb") as handle:
            handle.seek(_CHECKSUM)
            while chunk := handle.read(_CHUNK):
                yield chunk

    def keeping(self, key: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """``chunks`` as they come, kept under ``key`` once the last has come (a consumer that stops early keeps
        nothing)."""
        with scratch.replacing(self.folder / key, "memo") as handle:
            handle.write(bytes(_CHECKSUM))  # the checksum's place, written once the data is all in
            digest = hashlib.sha256()
            for chunk in chunks:
                digest.update(chunk)
                handle.write(chunk)
                yield chunk
            handle.seek(0)
            handle.write(digest.digest())

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (a miss, unless :meth:`get` counted it: made here or in another process)."""
        if key not in self._counted:
            self._counted.add(key)
            self.misses += 1
        scratch.replace_with(self.folder / key, hashlib.sha256(data).digest() + data, "memo")

    def prune(self) -> int:
        """Delete the entries no step of this build read or wrote (inputs since changed or gone); how many."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.iterdir():
            try:
                if entry.is_file() and entry.name != _CLOCK and entry.stat().st_mtime_ns < self.started:
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
