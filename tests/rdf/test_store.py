"""The persistent query store: written by every build, the same graph as the files, swapped in atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.rdf.query
from kg.cli import main
from kg.rdf.store import STORE_DIR, open_persistent
from tests.conftest import CORPUS, QUERIES


def _quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


def _file_quads(exports: Path) -> set[ox.Quad]:
    """The quads of graph.nq plus graph.ttl as the default graph, as an Oxigraph store holds them (it keeps
    numbers by value: "0.930"^^xsd:decimal comes back as 0.93, an xsd:nonNegativeInteger as xsd:integer)."""
    named = list(ox.parse(path=str(exports / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    union = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
             for t in ox.parse(path=str(exports / "graph.ttl"), format=ox.RdfFormat.TURTLE)]
    assert named and union
    memory = ox.Store()
    memory.extend(named + union)
    return _quads(memory)


def test_build_writes_a_store_holding_exactly_the_exported_graph(built_exports: Path) -> None:
    store = open_persistent(built_exports)
    assert store is not None
    quads = _quads(store)
    assert quads == _file_quads(built_exports)
    # One named graph per document plus the reference and derived graphs; the union in the default graph.
    assert len(list(store.named_graphs())) == 7
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) > 10000


def test_query_reads_the_store_without_loading_the_files(built_exports: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the exports were loaded in memory although a store was built")

    monkeypatch.setattr(kg.rdf.query, "load_exports", refuse)
    assert main(["query", str(QUERIES / "officers.rq"), "--format", "csv", "--exports", str(built_exports)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 8  # header and seven officers


def test_a_store_not_made_from_the_files_beside_it_is_not_used(built_exports: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "exports"
    shutil.copytree(built_exports, copy)
    # Someone replaces graph.nq/graph.ttl by hand (or copies older exports over): the store is stale.
    extra = '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "added by hand" .\n'
    for name in ("graph.nq", "graph.ttl"):
        with (copy / name).open("a", encoding="utf-8") as handle:
            handle.write(extra)
    assert open_persistent(copy) is None
    query = tmp_path / "q.rq"
    query.write_text('SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "added by hand" }')
    assert main(["query", str(query), "--format", "csv", "--exports", str(copy)]) == 0
    assert capsys.readouterr().out.splitlines() == ["s", "https://example.org/a"]


def test_a_rebuild_replaces_the_store_and_a_failed_build_keeps_it(tmp_path: Path) -> None:
    out, one, two = tmp_path / "out", tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(CORPUS / "002_bba04487c98bd190.txt", one)
    shutil.copy(CORPUS / "003_681c875d0e20b629.txt", two)
    assert main(["build", str(one), "--out", str(out), "-q", "--no-viz"]) == 0
    first = _quads(open_persistent(out))
    assert main(["build", str(two), "--out", str(out), "-q", "--no-viz"]) == 0
    second = _quads(open_persistent(out))
    assert second == _file_quads(out) and second != first
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    assert main(["build", str(bad), "--out", str(out), "-q", "--no-viz"]) == 2
    assert _quads(open_persistent(out)) == second
    # No staged or old stores are left behind (.cache is the extraction cache).
    assert sorted(p.name for p in out.iterdir()
                  if (p.name.startswith(".") or p.name == STORE_DIR) and p.name != ".cache") == [STORE_DIR]
