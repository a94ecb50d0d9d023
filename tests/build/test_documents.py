"""The build over many files: parallel reading gives exactly what a serial build gives, failures included."""

from __future__ import annotations

import re
import shutil
import sys
import types
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.build import documents, steps
from kg.build.context import BuildContext
from kg.cli import main
from kg.reference.loading import load_lexicon
from tests.conftest import CORPUS


def _exports(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in {"store", ".cache"}}


def test_jobs_give_the_same_exports_and_messages_as_a_serial_build(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("001_0c7b10fadacc8b35.txt", "002_bba04487c98bd190.txt", "003_681c875d0e20b629.txt"):
        shutil.copy(CORPUS / name, inputs)
    shutil.copy(CORPUS / "002_bba04487c98bd190.txt", inputs / "002_copy.txt")  # the same document twice
    (inputs / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00")
    runs = {}
    for jobs in ("1", "3"):
        out = tmp_path / f"jobs-{jobs}"
        assert main(["build", str(inputs), "--out", str(out), "--no-viz", "--jobs", jobs]) == 1
        err = capsys.readouterr().err
        runs[jobs] = (_exports(out), [line for line in err.splitlines() if line.startswith(("[", "error", "warning"))])
    assert runs["3"] == runs["1"]
    exports, messages = runs["1"]
    assert "graph.nq" in exports
    assert any("broken.txt: FAILED" in m for m in messages)
    assert any("002_copy.txt: skipped, same content" in m for m in messages)


def test_parallel_extraction_a_few_files_ahead_gives_each_outcome_in_file_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More files than the processes are given at once, so results are taken while others are still read."""
    paths = []
    for copy in range(3):
        for report in sorted(CORPUS.glob("*.txt")):
            paths.append(tmp_path / f"{copy}-{report.name}")
            paths[-1].write_bytes(report.read_bytes())
    paths.insert(4, tmp_path / "broken.txt")
    paths[4].write_bytes(b"\x00\x01binary")
    monkeypatch.setattr(documents, "_AHEAD_PER_PROCESS", 1)
    lexicon = load_lexicon(None)

    def summary(outcomes: object) -> list[tuple]:
        return [(digest, parsed[0].doc_id if parsed else None, len(parsed[1]) if parsed else None, error is None)
                for digest, parsed, error in outcomes]  # type: ignore[attr-defined]

    serial = summary(documents._extract_all(paths, lexicon, 1))
    assert summary(documents._extract_all(paths, lexicon, 2)) == serial
    assert len(serial) == 16 and serial[4][3] is False and sum(ok for *_, ok in serial) == 15


def _exporter(name: str, reads_rdflib: bool | None, seen: dict[str, object],
              monkeypatch: pytest.MonkeyPatch) -> str:
    """A plug-in exporter that writes NAME.txt with the number of quads it was given and records its dataset."""

    def export(ds: object, ctx: BuildContext) -> dict[str, bytes]:
        seen[name] = ds
        return {f"{name}.txt": f"{sum(1 for _ in ctx.quads or ())}\n".encode()}

    module = types.ModuleType(name)
    module.export = export  # type: ignore[attr-defined]
    if reads_rdflib is not None:
        module.READS_RDFLIB = reads_rdflib  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, name, module)
    return name


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exporters_that_read_only_quads_get_no_dataset_after_it_is_let_go(
        jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    # Listed quads-only first: the build still runs the rdflib readers before it lets the dataset go.
    lean = _exporter("kg_test_lean", False, seen, monkeypatch)
    reader = _exporter("kg_test_reader", None, seen, monkeypatch)  # says nothing: it reads rdflib
    monkeypatch.setattr(steps, "EXPORTERS", [lean, reader, *steps.EXPORTERS])
    out = tmp_path / "out"
    assert main(["build", str(CORPUS), "--out", str(out), "--no-viz", "--quiet", "--jobs", jobs]) == 0
    assert isinstance(seen["kg_test_reader"], Dataset)
    assert seen["kg_test_lean"] is None
    quads = len((out / "graph.nq").read_text(encoding="utf-8").splitlines())
    assert (out / "kg_test_lean.txt").read_text() == (out / "kg_test_reader.txt").read_text() == f"{quads}\n"


def test_a_rebuild_of_other_reports_leaves_no_page_of_the_earlier_ones(tmp_path: Path) -> None:
    """viz/ (and text/) are written whole: the pages of entities the new corpus lacks go with the old corpus."""
    from kg.cli import main

    out = tmp_path / "out"
    assert main(["build", str(CORPUS / "001_0c7b10fadacc8b35.txt"), "--out", str(out), "-q"]) == 0
    assert (out / "viz" / "meeting" / "latin-america-and-caribbean-2025.html").is_file()
    assert main(["build", str(CORPUS / "004_fb9608fcd46e22f9.txt"), "--out", str(out), "-q"]) == 0
    pages = {p.relative_to(out).as_posix() for p in (out / "viz").rglob("*.html")}
    linked = set(re.findall(r'<a href="(viz/[^"]+\.html)"', (out / "index.html").read_text(encoding="utf-8")))
    assert pages == linked and "viz/meeting/latin-america-and-caribbean-2025.html" not in pages
