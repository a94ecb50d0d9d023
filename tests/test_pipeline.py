"""The build over many files: parallel reading gives exactly what a serial build gives, failures included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
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
