"""kg build FILE --update replaces one document's named graph and gives the same exports as a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.rdf import io as rdfio
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
DRAFT = "000_f29162a344c7f65f.txt"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_update_of_an_edited_document_equals_a_full_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    updated, full = tmp_path / "updated", tmp_path / "full"
    assert main(["build", str(corpus), "--out", str(updated), "--quiet"]) == 0
    before = _files(updated)
    # Reword a recommendation, name a new observer and an unknown one, in the draft only.
    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Develop unified protocols on the collection", "Adopt unified protocols on the gathering")
    edited = edited.replace("observers for IPANDETEC, and", "observers for INTERPOL, IPANDETEC, Foo Bar Network and")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert main(["build", str(path), "--update", "--out", str(updated), "--quiet"]) == 0
    assert main(["build", str(corpus), "--out", str(full), "--quiet"]) == 0
    after, expected = _files(updated), _files(full)
    assert sorted(after) == sorted(expected)
    for name in expected:
        assert after[name] == expected[name], name
    assert after["graph.nq"] != before["graph.nq"]
    assert b"Foo Bar Network" in after["unresolved.csv"] and b"Foo Bar Network" not in before["unresolved.csv"]
    # Only the draft's named graph changed among the documents' graphs.
    def graph_lines(files: dict[str, bytes], doc: str) -> set[bytes]:
        return {line for line in files["graph.nq"].splitlines() if line.endswith(f"/graph/{doc}> .".encode())}
    for doc in ("001_0c7b10fadacc8b35", "002_bba04487c98bd190", "003_681c875d0e20b629", "004_fb9608fcd46e22f9"):
        assert graph_lines(before, doc) == graph_lines(after, doc)
    assert graph_lines(before, "000_f29162a344c7f65f") != graph_lines(after, "000_f29162a344c7f65f")
    diff = b"<del>Adopt</del><ins>Develop</ins> unified protocols on the <del>gathering</del> <ins>collection</ins>"
    assert diff in after["revisions.html"]


def test_update_adds_a_new_document_and_drops_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in CORPUS.glob("*.txt")):
        if name != DRAFT:
            shutil.copy(CORPUS / name, corpus / name)
    updated, full = tmp_path / "updated", tmp_path / "full"
    assert main(["build", str(corpus), "--out", str(updated), "--quiet"]) == 0
    shutil.copy(CORPUS / DRAFT, corpus / DRAFT)
    assert main(["build", str(corpus / DRAFT), "--update", "--out", str(updated), "--quiet"]) == 0
    assert main(["build", str(corpus), "--out", str(full), "--quiet"]) == 0
    assert _files(updated) == _files(full)


def test_update_without_exports_fails_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "empty"
    assert main(["build", str(CORPUS / DRAFT), "--update", "--out", str(out), "--quiet"]) == 2
    assert "run `kg build` without --update first" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_update_of_a_graph_too_large_for_rdflib_says_so_and_keeps_the_exports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    assert main(["build", str(CORPUS / "002_bba04487c98bd190.txt"), "--out", str(out), "-q", "--no-viz"]) == 0
    before = (out / "graph.nq").read_bytes()
    monkeypatch.setattr(rdfio, "available_memory", lambda: 1_000_000)
    assert main(["build", "--update", str(CORPUS / "003_681c875d0e20b629.txt"), "--out", str(out), "-q",
                 "--no-viz"]) == 2
    err = capsys.readouterr().err
    assert "graph.nq: reading this graph into rdflib" in err and "rebuild without --update" in err
    assert (out / "graph.nq").read_bytes() == before
