"""The query store of a build: staged beside the exports' current one, then swapped in, or discarded."""

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
