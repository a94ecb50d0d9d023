"""Extraction cache: each file's read -> structure -> extract outcome kept under its content hash, so a rebuild
re-extracts only the files that changed; and the stamp of the last build, so an unchanged one does nothing."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from kg import DATA_DIR
from kg.build import scratch
from kg.read import ReadError, read_report_bytes
from kg.reference.loading import data_dirs

# Bump when the pickled objects change shape in a way the source hash below would not catch.
CACHE_FORMAT = "1"
_PACKAGE = DATA_DIR.parent  # the whole kg package: a change to any stage's code empties the cache


def code_and_data_fingerprint(data: list[Path] | None = None) -> str:
    """A hash of everything an extraction depends on besides the file: the package's code and the reference data
    (kg/data and any --data folders), so that changing either one empties the cache."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for folder in data_dirs(data):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ExtractionCache:
    """Outcomes of ``kg.build.documents.read_and_extract`` in one folder, one file per (file name, content, code, data).

    The entries are pickles: the folder belongs to whoever owns the exports folder it sits in, like the exports
    themselves. An entry that cannot be loaded counts as missing.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.used: set[str] = set()

    def key(self, path: Path) -> str | None:
        """The entry name for ``path`` as it is now; None when it cannot be read (the reader then says why)."""
        try:
            content = read_report_bytes(path)  # size and kind checked before a byte is hashed
        except ReadError:
            return None
        digest = hashlib.sha256(self.fingerprint.encode() + b"\0" + path.name.encode("utf-8", "surrogateescape")
                                + b"\0" + content)
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.pickle").is_file()

    def get(self, key: str) -> object | None:
        return self._load(key, "pickle")

    def get_head(self, key: str) -> object | None:
        """What :meth:`put` kept beside the outcome as its head (kg.build.documents.Head), else None."""
        return self._load(key, "head")

    def _load(self, key: str, suffix: str) -> object | None:
        self.used.add(key)
        try:
            with (self.folder / f"{key}.{suffix}").open("rb") as handle:
                found: object = pickle.load(handle)
                return found
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a truncated or stale entry is re-made, never trusted
            return None

    def put(self, key: str, outcome: object, head: object = None) -> None:
        """Store ``outcome`` under ``key``, and ``head``, what a build reads of it first, beside it (each written
        to a temporary name, then moved, so a reader never sees half; the head last, as it says the outcome is
        there)."""
        self.used.add(key)
        scratch.replace_with(self.folder / f"{key}.pickle", pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL),
                             "entry")
        if head is not None:
            scratch.replace_with(self.folder / f"{key}.head",
                                 pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL), "entry")

    def prune(self) -> int:
        """Delete the entries this build did not use (files since changed or removed); how many were deleted."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for entry in [*self.folder.glob("*.pickle"), *self.folder.glob("*.head")]:
            if entry.name.split(".", 1)[0] not in self.used:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


STAMP_FILE = "build.json"


class BuildStamp:
    """What the last build into an exports folder was made from (a hash of the inputs' cache keys and the build's
    options) and what it wrote (each file's size and modification time), with its outcome: a build of the same
    inputs, the files still as written, has nothing to do. Any write of exports clears it first."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / ".cache" / STAMP_FILE

    @staticmethod
    def inputs(fingerprint: str, options: dict[str, object], keys: list[tuple[str, str | None]]) -> str:
        """One hash of the code and data (``fingerprint``), the options that change the exports, and every input
        file's name and cache key, in build order."""
        text = json.dumps({"fingerprint": fingerprint, "options": options, "files": keys}, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def recorded(self, inputs: str) -> dict[str, Any] | None:
        """The outcome recorded by the last build if it was made from ``inputs`` and every file it wrote is still
        there, unchanged in size and modification time; otherwise None."""
        try:
            stamp = json.loads(self.path.read_text(encoding="utf-8"))
            if stamp["inputs"] != inputs:
                return None
            for name, (size, mtime) in stamp["files"].items():
                found = (self.out / name).stat()
                if (found.st_size, found.st_mtime_ns) != (size, mtime):
                    return None
            result: dict[str, Any] = stamp["result"]
            return result
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, inputs: str, files: list[str], result: dict[str, Any]) -> None:
        stats = {name: (self.out / name).stat() for name in sorted(files)}
        stamp = {"inputs": inputs, "files": {n: [s.st_size, s.st_mtime_ns] for n, s in stats.items()},
                 "result": result}
        scratch.replace_with(self.path, json.dumps(stamp, indent=1, sort_keys=True).encode("utf-8"), "stamp")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
