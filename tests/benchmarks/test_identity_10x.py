"""On the 10x benchmark corpus, a full build, a build after an edit and a build with --jobs 2 give the same bytes."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from kg.cli import main

SENTENCE = "\n\n99. The representative of Chile made a statement on the reform of criminal justice systems.\n"


def _build(corpus: Path, out: Path, *options: str) -> None:
    assert main(["build", str(corpus), "--out", str(out), "--quiet", "--no-viz", *options]) == 0


def _differences(left: Path, right: Path) -> list[str]:
    """Files (all but the query store and the cache, which are not exports) that differ or stand on one side."""
    names = {p.relative_to(folder).as_posix() for folder in (left, right) for p in folder.rglob("*")
             if p.is_file() and p.relative_to(folder).parts[0] not in ("store", ".cache")}
    return sorted(n for n in names if not ((left / n).is_file() and (right / n).is_file()
                                          and filecmp.cmp(left / n, right / n, shallow=False)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus10x")
    generate(folder, factor=10, seed=0)
    return folder


def test_jobs_and_an_edit_rebuild_give_the_bytes_of_a_full_build(corpus: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    _build(corpus, full, "--no-cache", "--jobs", "1")
    in_two = tmp_path / "jobs2"
    _build(corpus, in_two, "--no-cache", "--jobs", "2")
    assert _differences(full, in_two) == []

    # An analyst appends a sentence to one report and builds again into the same exports (cache and all) ...
    edited = sorted(corpus.iterdir())[17]
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original + SENTENCE, encoding="utf-8")
    try:
        again = tmp_path / "again"
        shutil.copytree(full, again)
        _build(corpus, again)
        # ... and gets what a full build of the edited corpus gives, which is not what it had before.
        fresh = tmp_path / "fresh"
        _build(corpus, fresh, "--no-cache")
        assert _differences(again, fresh) == []
        assert "graph.nq" in _differences(full, fresh)
    finally:
        edited.write_text(original, encoding="utf-8")
