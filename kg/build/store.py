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
from kg.rdf.store import STAMP, STORE_DIR, load_exports


def stage_store(out: Path, nquads: bytes | Path) -> Path:
    """Write a new on-disk store beside ``out``'s current one; :func:`commit_store` puts it in place."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=scratch.prefix(f"{STORE_DIR}-new"), dir=out))
    try:
        changes = _changes(out, nquads) if isinstance(nquads, Path) else None
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
        (staging / STAMP).write_text(_stamp(nquads), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


# The most lines of graph.nq an update of the store in place changes; beyond, the new graph.nq is bulk-loaded.
MAX_CHANGED_LINES = 100_000


def _changes(out: Path, nquads: Path) -> tuple[list[bytes], list[bytes]] | None:
    """The lines of ``out``'s graph.nq that ``nquads`` drops and those it adds, when ``out`` holds a store made
    from that graph.nq and they are few; otherwise None. Both files are sorted, so one pass compares them."""
    previous = out / "graph.nq"
    try:
        if (out / STORE_DIR / STAMP).read_text(encoding="utf-8") != _stamp(previous):
            return None
    except OSError:
        return None
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


def _stamp(nquads: bytes | Path) -> str:
    if isinstance(nquads, bytes):
        return f"graph.nq {len(nquads)} {hashlib.sha256(nquads).hexdigest()}\n"
    with nquads.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return f"graph.nq {nquads.stat().st_size} {digest.hexdigest()}\n"
