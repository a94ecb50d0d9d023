"""Exports are byte-identical across builds, input order and folders; IRIs come from identifiers under --base."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_BASE = "https://w3id.org/congress-kg/id/"
OTHER_BASE = "https://example.org/rpm/kg/"
IRI = re.compile(r"<([^>]+)>")


def _files(folder: Path) -> dict[str, bytes]:
    """Every export file under ``folder`` (sub-folders too), by relative path.

    The query store (store/) is a database, not an export: its bytes depend on RocksDB's compaction, and
    tests/test_store.py checks that it holds exactly the graph of these files. .cache/ is the build's own
    bookkeeping (the stamp records paths and modification times).
    """
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in {"store", ".cache"}}


def _iris(nquads: bytes) -> set[str]:
    return set(IRI.findall(nquads.decode("utf-8")))


def test_a_second_build_in_a_new_process_is_byte_identical(built_exports: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(CORPUS), "--out", str(out), "--quiet"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    first, second = _files(built_exports), _files(out)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_files_in_another_order_and_folder_give_the_same_exports(built_exports: Path, tmp_path: Path) -> None:
    copies = tmp_path / "elsewhere" / "nested"
    copies.mkdir(parents=True)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, copies / path.name)
    inputs = [str(p) for p in sorted(copies.glob("*.txt"), reverse=True)]
    out = tmp_path / "out"
    assert main(["build", *inputs, "--out", str(out), "--quiet"]) == 0
    first, second = _files(built_exports), _files(out)
    assert _iris(first["graph.nq"]) == _iris(second["graph.nq"])
    assert [name for name in first if first[name] != second[name]] == []


def test_base_iri_is_configurable_and_only_the_base_changes(built_exports: Path, tmp_path: Path) -> None:
    out = tmp_path / "based"
    assert main(["build", str(CORPUS), "--out", str(out), "--base", OTHER_BASE, "--quiet"]) == 0
    default, other = _iris((built_exports / "graph.nq").read_bytes()), _iris((out / "graph.nq").read_bytes())
    assert not any(i.startswith(DEFAULT_BASE) for i in other)
    assert {i.replace(DEFAULT_BASE, OTHER_BASE, 1) for i in default} == other
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert f"<{OTHER_BASE}dataset>" in void and DEFAULT_BASE not in void
    assert (out / "graph.graphml").read_bytes() == (built_exports / "graph.graphml").read_bytes().replace(
        DEFAULT_BASE.encode(), OTHER_BASE.encode())
