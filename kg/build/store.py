"""The query store of a build: staged beside the exports' current one (loaded whole, or the current one copied and
changed where graph.nq changed), then swapped in, or discarded."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.build import scratch
from kg.build.partition import ChunkRef
from kg.rdf.store import STAMP, STORE_DIR, load_exports

# Beside the stamp: the chunks of the graph.nq the store was made from, as the build wrote it
# (kg.build.serialize.write_chunked), so that the next build finds what changed by comparing the chunks' hashes.
CHUNKS = "kg-chunks.txt"


def stage_store(out: Path, nquads: bytes | Path, chunks: list[ChunkRef] | None = None) -> Path:
    """Write a new on-disk store beside ``out``'s current one; :func:`commit_store` puts it in place. ``chunks``:
    graph.nq's, when the build listed them."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=scratch.prefix(f"{STORE_DIR}-new"), dir=out))
    try:
        changes = _changes(out, nquads, chunks) if isinstance(nquads, Path) else None
        if changes is not None:  # the store beside ``out``'s graph.nq, copied (hard links) and changed in place
            staging.rmdir()  # the backup makes its folder
            ox.Store.read_only(str(out / STORE_DIR)).backup(str(staging))
            store = ox.Store(str(staging))
            _apply(store, *changes)
            store.flush()
        else:
            store = ox.Store(str(staging))
            load_exports(store, nquads)
            store.flush()
            store.optimize()
        del store  # closes the database so the folder can be moved
        (staging / STAMP).write_text(_stamp(nquads, chunks), encoding="utf-8")
        if chunks is not None:
            (staging / CHUNKS).write_text("".join(f"{c.digest.hex()} {c.offset} {c.length}\n" for c in chunks),
                                          encoding="ascii")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


# The most lines of graph.nq an update of the store in place changes; beyond, the new graph.nq is bulk-loaded.
MAX_CHANGED_LINES = 100_000


def _changes(out: Path, nquads: Path, chunks: list[ChunkRef] | None = None) -> tuple[list[bytes], list[bytes]] | None:
    """The lines of ``out``'s graph.nq that ``nquads`` drops and those it adds, when ``out`` holds a store made
    from that graph.nq and they are few; otherwise None. With the chunks of both files, only the chunks found in
    one of them alone are read; else both files are compared line by line (both sorted: one pass)."""
    previous = out / "graph.nq"
    try:
        before = _chunks_of(out / STORE_DIR / CHUNKS) if chunks is not None else None
        if (out / STORE_DIR / STAMP).read_text(encoding="utf-8") != _stamp(previous, before):
            return None
    except OSError:
        return None
    if chunks is not None and before is not None:
        return _chunk_changes(previous, before, nquads, chunks)
    removed: list[bytes] = []
    added: list[bytes] = []
    with previous.open("rb") as old, nquads.open("rb") as new:
        a, b = old.readline(), new.readline()
        while a or b:
            if a == b:
                a, b = old.readline(), new.readline()
            elif not b or (a and a < b):
                removed.append(a)
                a = old.readline()
            else:
                added.append(b)
                b = new.readline()
            if len(removed) + len(added) > MAX_CHANGED_LINES:
                return None
    return removed, added


def _chunks_of(path: Path) -> list[ChunkRef] | None:
    """The chunks listed in ``path`` (CHUNKS); None when there is no such file (the store was loaded without)."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    chunks = []
    for line in text.splitlines():
        digest, offset, length = line.split()
        chunks.append(ChunkRef(bytes.fromhex(digest), int(offset), int(length)))
    return chunks


def _chunk_changes(previous: Path, before: list[ChunkRef], nquads: Path,
                   after: list[ChunkRef]) -> tuple[list[bytes], list[bytes]] | None:
    """:func:`_changes` from the chunks: a chunk in both files holds the same lines in both, and no line is in two
    chunks of one file, so the lines dropped and added are in the chunks that only one file has."""
    kept = {c.digest for c in before} & {c.digest for c in after}
    with previous.open("rb") as old, nquads.open("rb") as new:
        old_lines = {line for c in before if c.digest not in kept for line in c.read(old.fileno()).splitlines(True)}
        new_lines = {line for c in after if c.digest not in kept for line in c.read(new.fileno()).splitlines(True)}
    removed, added = sorted(old_lines - new_lines), sorted(new_lines - old_lines)
    return None if len(removed) + len(added) > MAX_CHANGED_LINES else (removed, added)


def _apply(store: ox.Store, removed: list[bytes], added: list[bytes]) -> None:
    """Change a store laid out as load_exports lays it out (named graphs and their union as the default graph):
    the quads of ``removed`` out, those of ``added`` in. A triple leaves the default graph only when no named graph
    holds it any more."""
    gone = list(ox.parse(b"".join(removed), format=ox.RdfFormat.N_QUADS)) if removed else []
    new = list(ox.parse(b"".join(added), format=ox.RdfFormat.N_QUADS)) if added else []
    for quad in gone:
        store.remove(quad)
    for quad in gone:
        named = (q for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph))
        if next(named, None) is None:
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    store.extend(new)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in new)


def commit_store(out: Path, staging: Path) -> None:
    """Swap the staged store in for ``out/store`` (two renames), then delete the old one."""
    target = out / STORE_DIR
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=scratch.prefix(f"{STORE_DIR}-old"), dir=out))
        os.replace(target, old / STORE_DIR)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard_store(staging: Path) -> None:
    """Delete a staged store that will not be used (the build failed after staging it)."""
    shutil.rmtree(staging, ignore_errors=True)


def _stamp(nquads: bytes | Path, chunks: list[ChunkRef] | None = None) -> str:
    """What says which graph.nq a store was made from: its size, then the SHA-256 of its bytes, or, when its
    chunks are listed, the hash of their hashes with the file's time and inode (hashing the file itself took
    0.6 s of a 100x edit rebuild, twice)."""
    if isinstance(nquads, bytes):
        return f"graph.nq {len(nquads)} {hashlib.sha256(nquads).hexdigest()}\n"
    if chunks is not None:
        stat = nquads.stat()
        listed = hashlib.sha256(b"".join(chunk.digest for chunk in chunks)).hexdigest()
        return f"graph.nq {stat.st_size} chunks:{stat.st_mtime_ns}:{stat.st_ino}:{listed}\n"
    with nquads.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return f"graph.nq {nquads.stat().st_size} {digest.hexdigest()}\n"
