"""Read stage: find report files and decode them to text, or say clearly why not."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".md", ".markdown")
# A UN report is well under 1 MB; anything this large is not one report.
MAX_BYTES = 20 * 1024 * 1024
# Files that describe a folder rather than being reports in it.
_FOLDER_NOTES = {"readme", "license", "licence", "changelog"}


class ReadError(ValueError):
    """A file that cannot be read as a report; the message names the problem."""


@dataclass(frozen=True)
class SourceText:
    """A decoded report file; offsets everywhere count characters of ``text``."""

    path: Path
    text: str
    encoding: str


@dataclass
class FoundReports:
    """The report files found, in name order, and the links passed over, each with the reason."""

    paths: list[Path] = field(default_factory=list)
    passed_over: list[tuple[str, str]] = field(default_factory=list)


def find_inputs(inputs: list[Path], follow_symlinks: bool = False) -> FoundReports:
    """Every report file named, or inside a folder named. Inside a folder, a symbolic link whose target lies
    outside that folder is passed over unless ``follow_symlinks``: a link must not bring another folder's
    files (or /etc/passwd) into the graph unasked. A file named on the command line is read wherever it is."""
    found: set[Path] = set()
    passed_over: list[tuple[str, str]] = []
    for item in inputs:
        if not item.is_dir():
            found.add(item)
            continue
        root = item.resolve()
        for folder, dirs, files in os.walk(item, followlinks=follow_symlinks):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if not path.is_symlink() or follow_symlinks:
                    continue
                target = path.resolve()
                if not target.is_relative_to(root) and (name in dirs or _looks_like_report(path)):
                    passed_over.append((str(path), f"a symbolic link to {target}, outside {item}; not followed "
                                                   "(--follow-symlinks reads it)"))
            for name in files:
                path = Path(folder) / name
                if _looks_like_report(path) and path.is_file() and (
                        follow_symlinks or not path.is_symlink() or path.resolve().is_relative_to(root)):
                    found.add(path)
    return FoundReports(sorted(found, key=lambda p: (p.name, str(p))), sorted(passed_over))


def find_reports(inputs: list[Path], follow_symlinks: bool = False) -> list[Path]:
    """Every report file named, or inside a folder named, sorted by name (see :func:`find_inputs`)."""
    return find_inputs(inputs, follow_symlinks).paths


def _looks_like_report(path: Path) -> bool:
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not path.name.startswith(".")
        and path.stem.lower() not in _FOLDER_NOTES
    )


def read_report_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path``; a FIFO, a device or a folder, or a file over ``MAX_BYTES``, is
    refused before anything is read from it (a FIFO would block, /dev/zero never end)."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one. The checks are made on the
        # open file, so the name cannot be swapped for something else between the check and the read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ReadError(f"cannot open: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"not a regular file ({_file_kind(info.st_mode)}); only report files are read")
        if info.st_size > MAX_BYTES:
            raise ReadError(f"the file is {info.st_size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} "
                            "MB a single report can be; split it into its reports")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ReadError(f"the file grew past the {MAX_BYTES // 1024 // 1024} MB a single report can be")
        return data
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def read_source(path: Path) -> SourceText:
    """Decode ``path``: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    data = read_report_bytes(path)
    if not data.strip():
        raise ReadError("the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return SourceText(path, data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        raise ReadError("binary file (it holds NUL bytes), not a text report")
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ReadError("bytes that are not text in UTF-8, UTF-16 or Windows-1252")
    return SourceText(path, text, "cp1252")
