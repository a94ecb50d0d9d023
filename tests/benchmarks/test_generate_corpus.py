"""The benchmark corpus generator: every file builds, each is its own document, the seed decides the content."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from kg.cli import main


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def _states(exports: Path) -> set[str]:
    with (exports / "actors.csv").open(encoding="utf-8") as f:
        return {row["actor"] for row in csv.DictReader(f) if row["actor_type"] == "State"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, factor=2, seed=0)
    return out


@pytest.fixture(scope="module")
def exports(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    assert main(["build", str(corpus), "--out", str(out), "--quiet", "--no-viz"]) == 0
    return out


def test_factor_two_writes_ten_reports(corpus: Path) -> None:
    assert len(list(corpus.iterdir())) == 10


def test_every_file_builds_as_its_own_document(corpus: Path, exports: Path) -> None:
    with (exports / "documents.csv").open(encoding="utf-8") as f:
        documents = list(csv.DictReader(f))
    assert sorted(d["document_file"] for d in documents) == sorted(p.name for p in corpus.iterdir())
    assert len({d["report"] for d in documents}) == 10
    assert len({d["symbol"] for d in documents}) == 10, "each file has a document symbol of its own"
    with (exports / "meetings.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 6, "two copies of three meetings, none merged"


def test_same_seed_same_files_other_seed_other_files(corpus: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(again, factor=2, seed=0)
    generate(other, factor=2, seed=1)
    assert _contents(again) == _contents(corpus)
    assert _contents(other) != _contents(corpus)


def test_the_graph_grows_in_states(exports: Path, built_exports: Path) -> None:
    assert len(_states(exports)) > len(_states(built_exports))
