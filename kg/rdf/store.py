"""Store stage: the persistent Oxigraph database in exports/store/ that kg query and kg serve read."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

STORE_DIR = "store"
# Written into the store folder: the size and SHA-256 of the graph.nq it was loaded from, so a store
# left behind by another build (exports copied over, an older version) is never queried by mistake.
STAMP = "kg-source.txt"


# Quads per call of Oxigraph's bulk loader: each call aims at about 2 GB a thread for itself (its documentation),
# which at a million quads was 1.2 GB more than the build around it; in calls of this size, far less.
LOAD_BATCH = 250_000


def load_exports(store: ox.Store, nquads: bytes | Path) -> None:
    """Fill ``store`` from graph.nq as queries expect it: one named graph per document, their union as the
    default graph.

    The default graph is the union (each quad's triple, once: a store is a set) rather than Oxigraph's
    union-default-graph option so that a fact stated by two documents is one triple, and queries that name no
    graph see set semantics and no duplicate rows. A file is loaded in batches of ``LOAD_BATCH`` lines.
    """
    batches = nquads_batches(nquads) if isinstance(nquads, Path) else [nquads]
    for batch in batches:
        store.bulk_load(batch, format=ox.RdfFormat.N_QUADS)
        store.bulk_load(_triples_of(batch), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


def nquads_batches(path: Path) -> Iterator[bytes]:
    """The lines of ``path``, ``LOAD_BATCH`` at a time."""
    with path.open("rb") as handle:
        while batch := b"".join(islice(handle, LOAD_BATCH)):
            yield batch


def _triples_of(nquads: bytes) -> bytes:
    """The triples of N-Quads, each quad's graph left out, as N-Triples."""
    triples = ox.serialize((quad.triple for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)),
                           format=ox.RdfFormat.N_TRIPLES)
    assert triples is not None  # None only when an output file is given
    return triples


def open_persistent(exports: Path) -> ox.Store | None:
    """The store ``kg build`` wrote to ``exports/store``, opened read-only; None when there is none or
    it was not made from the graph.nq beside it (only the size is compared, to keep opening cheap)."""
    path, nquads = exports / STORE_DIR, exports / "graph.nq"
    try:
        stamp = (path / STAMP).read_text(encoding="utf-8").split()
        size = nquads.stat().st_size
    except OSError:
        return None
    if len(stamp) != 3 or stamp[1] != str(size):
        return None
    return ox.Store.read_only(str(path))
