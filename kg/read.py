"""Read stage: find report files and decode them to text, or say clearly why not."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".md", ".markdown")
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


def find_reports(inputs: list[Path]) -> list[Path]:
    """Every report file named, or inside a folder named, sorted by name."""
    found: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            for path in item.rglob("*"):
                if path.is_file() and _looks_like_report(path):
                    found.add(path)
        else:
            found.add(item)
    return sorted(found, key=lambda p: (p.name, str(p)))


def _looks_like_report(path: Path) -> bool:
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not path.name.startswith(".")
        and path.stem.lower() not in _FOLDER_NOTES
    )


def read_source(path: Path) -> SourceText:
    """Decode ``path``: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open: {exc.strerror or exc}") from exc
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
