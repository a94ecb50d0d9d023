"""benchmarks/store_load.py: the copied graph grows as it should and each way of loading fills a store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from benchmarks.store_load import copies_of, load
from kg.namespaces import DEFAULT_BASE


def test_copies_rename_the_minted_iris_so_the_graph_grows(built_exports: Path, tmp_path: Path) -> None:
    nquads = built_exports / "graph.nq"
    tripled = copies_of(nquads, 3, tmp_path)
    one = nquads.read_bytes().count(b"\n")
    assert tripled.read_bytes().count(b"\n") == 3 * one
    assert f"{DEFAULT_BASE}k3/".encode() in tripled.read_bytes()
    seconds, _compaction, build_quads = load("build", tripled, tmp_path / "build")
    _s, _c, named_quads = load("named", tripled, tmp_path / "named")
    assert seconds > 0
    # Each copy's minted entities are new, the reference vocabularies shared: more than one copy's quads.
    assert 2 * one < named_quads <= 3 * one
    # The way the build loads adds the union of the named graphs as the default graph.
    assert named_quads < build_quads
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    assert len(store) == one
