"""Which files a build reads: links out of the input folder, FIFOs and devices, and sizes checked before reading."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from kg import read
from kg.build.cache import ExtractionCache
from kg.cli import main
from kg.read import ReadError, find_inputs, read_report_bytes, read_source
from tests.conftest import CORPUS

REPORT = CORPUS / "004_fb9608fcd46e22f9.txt"


@pytest.fixture()
def folder_with_links(tmp_path: Path) -> Path:
    """corpus/ holding a report, a link to a report inside it, and links to a file and a folder outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("1. A paragraph that must not reach the graph.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(REPORT, corpus / "sub" / REPORT.name)
    (corpus / "inside.txt").symlink_to(corpus / "sub" / REPORT.name)
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    return corpus


def test_links_leaving_the_folder_are_passed_over_with_the_reason(folder_with_links: Path) -> None:
    found = find_inputs([folder_with_links])
    assert [p.name for p in found.paths] == [REPORT.name, "inside.txt"]
    assert [Path(link).name for link, _ in found.passed_over] == ["elsewhere", "secret.txt"]
    assert all("not followed (--follow-symlinks reads it)" in reason for _, reason in found.passed_over)
    followed = find_inputs([folder_with_links], follow_symlinks=True)
    assert sorted(p.name for p in followed.paths) == sorted(["inside.txt", REPORT.name, "secret.txt", "secret.txt"])
    assert followed.passed_over == []


def test_a_build_names_the_link_it_did_not_follow(folder_with_links: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(folder_with_links), "--out", str(out), "--no-viz", "--no-validate", "-q"]) == 0
    err = capsys.readouterr().err
    assert "secret.txt: a symbolic link to" in err and "not followed" in err
    assert "must not reach the graph" not in (out / "graph.nq").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_fifos_devices_and_folders_are_refused_before_reading(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
        expected = "a FIFO"
    elif kind == "device":
        path, expected = Path("/dev/zero"), "a character device"
    else:
        path, expected = tmp_path, "a folder"
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(_error_of(path)), daemon=True)
    reader.start()
    reader.join(5)
    assert result, f"reading {path} did not return within 5 s"
    assert f"not a regular file ({expected})" in str(result[0])
    assert ExtractionCache(tmp_path / "cache", "x").key(path) is None  # hashed never, refused the same way


def _error_of(path: Path) -> Exception | None:
    try:
        read_source(path)
    except ReadError as exc:
        return exc
    return None


def test_the_size_is_checked_before_anything_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(2_000)  # sparse: the size says 2,000 bytes without their being written
    monkeypatch.setattr(read, "MAX_BYTES", 1_000)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(ReadError, match="over the 0 MB"):
        read_report_bytes(big)
    assert reads == []
    assert ExtractionCache(tmp_path / "cache", "x").key(big) is None


def test_a_fifo_named_on_the_command_line_fails_the_file_not_the_build(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    assert main(["build", str(fifo), str(REPORT), "--out", str(out), "--no-viz", "--no-validate", "-q"]) == 1
    assert "pipe.txt: not a regular file (a FIFO)" in capsys.readouterr().err
    assert (out / "graph.nq").stat().st_size > 0


def test_a_text_file_over_the_text_limit_is_refused_but_a_pdf_may_be_larger(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 1_000)
    text = tmp_path / "long.txt"
    text.write_text("1. A paragraph.\n" * 200, encoding="utf-8")
    with pytest.raises(ReadError, match="MB of text"):
        read_source(text)
    assert read.MAX_BYTES >= 100 * 1024 * 1024  # room for a scanned report's page images
