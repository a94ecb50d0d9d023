"""The extraction cache: a rebuild re-extracts only the files that changed, and gives the same exports as a full
build without the cache."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.cache import ExtractionCache
from kg.build.export import sorted_nquads
from kg.build.graphs import build_dataset, cache_folder, memo_folder
from kg.cli import main
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
DRAFT = "000_f29162a344c7f65f.txt"


def _exports(folder: Path) -> dict[str, bytes]:
    """Every export file (the store is a database, compared through graph.nq; the cache is not an export)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in {"store", ".cache"}}


def _progress(capsys: pytest.CaptureFixture[str]) -> dict[str, bool]:
    """File name -> whether the build took it from the cache, from the progress lines."""
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    return {line.split("] ", 1)[1].split(":")[0].split(" (")[0]: "(cached)" in line for line in lines}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def test_rebuild_after_one_edit_extracts_only_that_file_and_equals_a_full_build(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    assert main(["build", str(corpus), "--out", str(out), "--no-viz"]) == 0
    first = _progress(capsys)
    assert len(first) == 5 and not any(first.values())
    assert len(list(cache_folder(out).glob("*.pickle"))) == 5

    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Develop unified protocols on the collection", "Adopt unified protocols on the gathering")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz"]) == 0
    second = _progress(capsys)
    assert second == {name: name != DRAFT for name in first}

    assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-cache"]) == 0
    assert not any(_progress(capsys).values())
    assert not cache_folder(full).exists()
    rebuilt, expected = _exports(out), _exports(full)
    assert sorted(rebuilt) == sorted(expected)
    for name in expected:
        assert rebuilt[name] == expected[name], name
    assert b"Adopt unified protocols on the gathering" in rebuilt["graph.nq"]
    # the stale entry of the old draft is gone: one entry per file of the corpus
    assert len(list(cache_folder(out).glob("*.pickle"))) == 5


def test_renamed_file_and_changed_reference_data_are_extracted_again(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_dataset([corpus], cache=cache)
    assert len(first.extracted) == 5 and not first.cached
    (corpus / DRAFT).rename(corpus / "renamed.txt")  # the file name is part of the document (its id, its IRIs)
    second = build_dataset([corpus], cache=cache)
    assert [Path(p).name for p in second.extracted] == ["renamed.txt"] and len(second.cached) == 4
    data = tmp_path / "data"
    data.mkdir()
    (data / "organizations.csv").write_text("key,name,actor_type,acronyms,aliases,wikidata_qid\n"
                                            "foo-bar,Foo Bar Network,NGO,FBN,,\n", encoding="utf-8")
    third = build_dataset([corpus], data=[data], cache=cache)
    assert len(third.extracted) == 5 and not third.cached


def test_a_damaged_entry_is_extracted_again(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reference = build_dataset([corpus], cache=cache)
    for entry in [*cache.glob("*.pickle"), *cache.glob("*.head")]:
        entry.write_bytes(entry.read_bytes()[:50])
    again = build_dataset([corpus], cache=cache)
    assert len(again.extracted) == 5
    assert again.dataset is not None and reference.dataset is not None
    assert sorted_nquads(again.dataset) == sorted_nquads(reference.dataset)


def test_an_outcome_is_loaded_only_when_its_share_of_the_graph_is_not_kept(corpus: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The head kept beside each outcome is enough for a document whose share is in the memo; without the memo, the
    outcome is loaded, and a damaged one extracted again."""
    cache = tmp_path / "cache"
    reference = build_dataset([corpus], cache=cache)
    assert reference.dataset is not None
    assert len(list(cache.glob("*.head"))) == 5
    loaded: list[str] = []
    get = ExtractionCache.get

    def counted(self: ExtractionCache, key: str) -> object | None:
        loaded.append(key)
        return get(self, key)

    monkeypatch.setattr(ExtractionCache, "get", counted)
    edited = corpus / DRAFT
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = build_dataset([corpus], cache=cache)
    assert loaded == [] and len(again.cached) == 4  # the four unchanged documents' shares came from the memo
    shutil.rmtree(memo_folder(cache))
    damaged = sorted(cache.glob("*.pickle"))[0]
    damaged.write_bytes(damaged.read_bytes()[:50])
    third = build_dataset([corpus], cache=cache)
    assert len(loaded) == 5  # no share kept: every outcome loaded, the damaged one extracted again
    assert isinstance(pickle.loads(damaged.read_bytes()), tuple)  # and kept again
    assert again.dataset is not None and third.dataset is not None
    assert sorted_nquads(third.dataset) == sorted_nquads(again.dataset) != sorted_nquads(reference.dataset)


def test_cached_failures_and_duplicates_are_reported_as_before(corpus: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "empty.txt").write_text("")
    shutil.copy(corpus / DRAFT, corpus / "zz-copy.txt")
    out = tmp_path / "out"
    outputs, errs = [], []
    # From nothing; then from the cache (a new option: the stamp of the first build does not apply); then with
    # nothing changed at all (the stamp of the second build applies).
    for options in ([], ["--no-validate"], ["--no-validate"]):
        assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--jobs", "2", *options]) == 1
        err = capsys.readouterr().err
        errs.append(err)
        outputs.append((out / "graph.nq").read_bytes())
        assert f"error: {corpus / 'empty.txt'}: the file is empty" in err
        assert f"warning: {corpus / 'zz-copy.txt'}: same content as {DRAFT}; not read twice" in err
    assert "(cached)" in errs[1] and "nothing changed" not in errs[1]
    assert "nothing changed since the last build" in errs[2] and "(cached)" not in errs[2]
    assert outputs[0] == outputs[1] == outputs[2]


def _stamped(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and ".cache" not in p.parts}


def test_a_build_with_nothing_changed_leaves_the_exports_as_they_are(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    command = ["build", str(corpus), "--out", str(out), "--no-viz", "--no-validate"]
    assert main(command) == 0
    first = capsys.readouterr()
    written = _stamped(out)
    for path in corpus.iterdir():  # a touched file has the same content: nothing to do
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert main(command) == 0
    again = capsys.readouterr()
    assert "nothing changed since the last build" in again.err and "[1/5]" not in again.err
    assert again.out == first.out  # the same "built N documents, T triples" line
    assert _stamped(out) == written  # not one file rewritten

    # An export changed by hand is no longer what the build wrote: the next build writes it again.
    expected = (out / "actors.csv").read_bytes()
    (out / "actors.csv").write_text("damaged\n", encoding="utf-8")
    assert main(command) == 0
    assert "nothing changed" not in capsys.readouterr().err
    assert (out / "actors.csv").read_bytes() == expected

    # So does a report whose content changed, and a build with other options.
    with (corpus / DRAFT).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert main(command) == 0
    assert _progress(capsys) == {name: name != DRAFT for name in sorted(p.name for p in corpus.iterdir())}
    assert main([*command[:-1]]) == 0  # validation on
    assert "nothing changed" not in capsys.readouterr().err


def test_line_separators_in_a_report_survive_a_rebuild_in_two_processes(corpus: Path, tmp_path: Path) -> None:
    # U+2028 and U+0085 are written unescaped in N-Quads, and str.splitlines cuts at them: the build broke there.
    path = corpus / DRAFT
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Develop unified protocols", "Develop\u2028unified\x85protocols")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    out, full = tmp_path / "out", tmp_path / "full"
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--jobs", "2"]) == 0
    other = sorted(p for p in corpus.iterdir() if p.name != DRAFT)[0]
    other.write_text(other.read_text(encoding="utf-8") + "\n\nThe representative of Chile also spoke.\n",
                     encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(out), "--no-viz", "--jobs", "2"]) == 0  # the rest from the memo
    assert main(["build", str(corpus), "--out", str(full), "--no-viz", "--no-cache"]) == 0
    rebuilt, expected = _exports(out), _exports(full)
    assert sorted(rebuilt) == sorted(expected)
    for name in expected:
        assert rebuilt[name] == expected[name], name
    texts = {quad.object.value for quad in ox.parse(rebuilt["graph.nq"], format=ox.RdfFormat.N_QUADS)}
    assert any("Develop\u2028unified\x85protocols" in value for value in texts)
