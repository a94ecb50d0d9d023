"""Read stage: find report files and turn them into text (plain text, PDF, DOCX, HTML), or say clearly why not."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kg.read.errors import ReadError
from kg.read.formats import read_format
from kg.read.sniff import READABLE, sniff_file

__all__ = ["MAX_BYTES", "REPORT_SUFFIXES", "FoundReports", "ReadError", "SourceText", "find_inputs", "find_reports",
           "not_read", "read_report_bytes", "read_source"]

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm")
# Files named so are read as plain text, whatever else they are.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# A UN report is well under 1 MB of text; a text file this large is not one report. A PDF of a scanned report
# holds page images, so a file of another format may be larger, up to MAX_BYTES.
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_BYTES = 200 * 1024 * 1024
# Files that describe a folder rather than being reports in it.
_FOLDER_NOTES = {"readme", "license", "licence", "changelog"}


@dataclass(frozen=True)
class SourceText:
    """A decoded report file; offsets everywhere count characters of ``text``.

    For a PDF, DOCX or HTML file ``text`` is the text the reader made of it (``encoding`` names the reader), which
    the build stores beside the exports; ``pages`` gives, in text order, the offsets where a PDF's page changes
    (offset, page number); ``sha256`` is the file's own hash; ``warnings`` what the reader could not be sure of."""

    path: Path
    text: str
    encoding: str
    media_type: str = "text/plain"
    sha256: str = ""
    pages: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def plain(self) -> bool:
        """Whether the file itself is the text (not a PDF, DOCX or HTML page read into text)."""
        return self.media_type in ("text/plain", "text/markdown")


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
                if follow_symlinks or not path.is_symlink():
                    continue
                target = path.resolve()
                if not target.is_relative_to(root) and (name in dirs or _looks_like_report(path)):
                    passed_over.append((str(path), f"a symbolic link to {target}, outside {item}; not followed "
                                                   "(--follow-symlinks reads it)"))
            for name in files:
                path = Path(folder) / name
                # is_file first: a FIFO must not be opened to sniff its first bytes
                if path.is_file() and _looks_like_report(path) and (
                        follow_symlinks or not path.is_symlink() or path.resolve().is_relative_to(root)):
                    found.add(path)
    return FoundReports(sorted(found, key=lambda p: (p.name, str(p))), sorted(passed_over))


def find_reports(inputs: list[Path], follow_symlinks: bool = False) -> list[Path]:
    """Every report file named, or inside a folder named, sorted by name (see :func:`find_inputs`)."""
    return find_inputs(inputs, follow_symlinks).paths


def _looks_like_report(path: Path) -> bool:
    return (
        (path.suffix.lower() in REPORT_SUFFIXES or _holds_a_document(path))
        and not path.name.startswith(".")
        and path.stem.lower() not in _FOLDER_NOTES
    )


def _holds_a_document(path: Path) -> bool:
    """A file named otherwise whose first bytes say it is a PDF, DOCX or HTML page."""
    try:
        return sniff_file(path) in ("pdf", "docx", "html")
    except OSError:
        return False


def not_read(inputs: list[Path], follow_symlinks: bool = False) -> list[tuple[Path, str]]:
    """Every file inside a folder named that :func:`find_inputs` neither gives nor passes over, with the reason,
    sorted by name."""
    found = find_inputs(inputs, follow_symlinks)
    given = set(found.paths) | {Path(link) for link, _reason in found.passed_over}
    skipped: list[tuple[Path, str]] = []
    for item in inputs:
        if not item.is_dir():
            continue
        for folder, dirs, files in os.walk(item, followlinks=follow_symlinks):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = Path(folder) / name
                if path not in given:
                    skipped.append((path, _why_not(path)))
    return sorted(skipped, key=lambda pair: (pair[0].name, str(pair[0])))


def _why_not(path: Path) -> str:
    if path.name.startswith("."):
        return "a hidden file"
    if path.stem.lower() in _FOLDER_NOTES and path.suffix.lower() in REPORT_SUFFIXES:
        return "a note about the folder, not a report"
    if not path.is_file():
        return "not a regular file"
    try:
        kind = sniff_file(path)
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    if kind in READABLE:
        return f"its name ({path.suffix or 'no extension'}) is not one of a report ({', '.join(REPORT_SUFFIXES)})"
    return kind


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
        chunks, total = [], 0
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # In chunks: read(MAX_BYTES + 1) would set aside that much memory for every file, however small.
            while chunk := handle.read(1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_BYTES:
                    raise ReadError(f"the file grew past the {MAX_BYTES // 1024 // 1024} MB a single report can be")
        return b"".join(chunks)
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
    """Read ``path`` into text: a PDF, DOCX or HTML page by its reader (told by the file's first bytes, so that a
    ``.txt`` holding a PDF is read as one), any other file decoded as UTF-8 (with or without BOM), UTF-16 with
    BOM, else Windows-1252."""
    data = read_report_bytes(path)
    if not data.strip():
        raise ReadError("the file is empty")
    if (formatted := read_format(path, data)) is not None:
        return formatted
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(f"the file is {len(data) / 1024 / 1024:.1f} MB of text, over the "
                        f"{MAX_TEXT_BYTES // 1024 // 1024} MB a single report can be; split it into its reports")
    return _decoded(path, data, hashlib.sha256(data).hexdigest())


def _decoded(path: Path, data: bytes, sha256: str) -> SourceText:
    media_type = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return SourceText(path, data.decode(encoding), encoding, media_type, sha256)
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        raise ReadError("binary file (it holds NUL bytes), not a text report")
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8", media_type, sha256)
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ReadError("bytes that are not text in UTF-8, UTF-16 or Windows-1252")
    return SourceText(path, text, "cp1252", media_type, sha256)
