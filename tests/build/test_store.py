"""The build's query store: after an edit, the last store is copied and changed where graph.nq changed, and it holds
what a store loaded whole from the new graph.nq holds; without a matching last store, it is loaded whole."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import store as build_store
from kg.build.memo import Memo
from kg.build.serialize import ChunkRecord, write_chunked
from kg.cli import main
from kg.rdf.query import open_store, run_query
from kg.rdf.store import STORE_DIR, load_exports
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
DRAFT = "000_f29162a344c7f65f.txt"
OLD_TEXT = ('SELECT ?r WHERE { ?r <https://w3id.org/congress-kg/ontology#text> ?t '
            'FILTER(CONTAINS(?t, "Develop unified protocols on the collection")) }')


def _content(store: ox.Store) -> list[bytes]:
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def _loaded_whole(nquads: Path) -> list[bytes]:
    store = ox.Store()
    load_exports(store, nquads)
    return _content(store)


@pytest.fixture
def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The graph.nq files the build loaded whole into a store."""
    loads: list[Path] = []

    def load(store: ox.Store, nquads: bytes | Path) -> None:
        loads.append(Path(str(nquads)))
        load_exports(store, nquads)

    monkeypatch.setattr(build_store, "load_exports", load)
    return loads


def test_an_edit_changes_the_last_store_in_place_and_it_equals_one_loaded_whole(
        tmp_path: Path, counted_loads: list[Path]) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert len(counted_loads) == 1
    before = run_query(open_store(out), OLD_TEXT).values()
    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Develop unified protocols on the collection", "Adopt unified protocols on the gathering")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert len(counted_loads) == 1  # not loaded again: changed in place
    store = open_store(out)
    assert _content(store) == _loaded_whole(out / "graph.nq")
    found = run_query(store, 'SELECT ?t WHERE { ?r <https://w3id.org/congress-kg/ontology#text> ?t '
                             'FILTER(CONTAINS(?t, "Adopt unified protocols on the gathering")) }').values()
    assert len(found) == 1
    assert len(run_query(store, OLD_TEXT).values()) == len(before) - 1  # the draft's gone, the final's kept


def test_a_missing_or_foreign_store_is_loaded_whole(tmp_path: Path, counted_loads: list[Path]) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    shutil.rmtree(out / STORE_DIR)
    (corpus / DRAFT).write_text((corpus / DRAFT).read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert len(counted_loads) == 2
    assert _content(open_store(out)) == _loaded_whole(out / "graph.nq")


def test_too_many_changes_load_the_store_whole(tmp_path: Path, counted_loads: list[Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    monkeypatch.setattr(build_store, "MAX_CHANGED_LINES", 3)
    (corpus / DRAFT).unlink()  # a whole report's graph leaves
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert len(counted_loads) == 2
    assert _content(open_store(out)) == _loaded_whole(out / "graph.nq")


def test_the_chunks_only_one_graph_nq_has_give_its_changes(tmp_path: Path, built_exports: Path) -> None:
    """Where both builds listed graph.nq's chunks, only the chunks one of them alone has are read: the lines they
    drop and add are those of comparing the files whole."""
    lines = (built_exports / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    edited = sorted({line.replace("Develop unified protocols", "Adopt unified protocols") for line in lines[5:]}
                    | {lines[0].replace("> .\n", "-new> .\n")})
    written = {}
    for name, source in (("old", lines), ("new", edited)):
        records: list[ChunkRecord] = []
        with (tmp_path / f"{name}.nq").open("wb") as nquads:
            write_chunked(source, io.BytesIO(), io.BytesIO(), Memo(tmp_path / "memo", "fp"), nquads=nquads,
                          records=records)
        written[name] = [record.ref for record in records]
    changes = build_store._chunk_changes(tmp_path / "old.nq", written["old"], tmp_path / "new.nq", written["new"])
    old, new = set(lines), set(edited)
    assert changes == (sorted(line.encode() for line in old - new), sorted(line.encode() for line in new - old))
    assert len(changes[0]) > 5 and len(changes[1]) > 1
    kept = {c.digest for c in written["old"]} & {c.digest for c in written["new"]}
    assert len(kept) > len(written["new"]) / 2  # most chunks were not read


def test_an_edit_rebuild_compares_the_chunks_the_last_build_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                    ) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(CORPUS, corpus)
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert (out / STORE_DIR / build_store.CHUNKS).read_text(encoding="ascii").count("\n") > 1
    compared = []
    chunk_changes = build_store._chunk_changes

    def spy(*args: object) -> object:
        compared.append(found := chunk_changes(*args))  # type: ignore[arg-type]
        return found

    monkeypatch.setattr(build_store, "_chunk_changes", spy)
    (corpus / DRAFT).write_text((corpus / DRAFT).read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--quiet"]) == 0
    assert len(compared) == 1 and compared[0] is not None
    assert _content(open_store(out)) == _loaded_whole(out / "graph.nq")
