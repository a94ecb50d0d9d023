"""The search index: every passage (paragraph or recommendation) in SQLite FTS5, Porter-stemmed, built once."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INDEX_FILE = "search.sqlite"
# Porter stemming over Unicode words, diacritics removed (so "José" is found as "jose").
TOKENIZER = "porter unicode61 remove_diacritics 2"
_COLUMNS = ("passage", "kind", "document_file", "paragraph_number", "letter", "rpm_item", "meeting",
            "meeting_label", "region", "is_draft", "start", "page", "text")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DOC_ID = re.compile(r"/report/([^/]+)/")


@dataclass(frozen=True)
class Passage:
    """One row of the index: a paragraph or recommendation with where it comes from."""

    passage: str
    kind: str
    document_file: str
    paragraph_number: int | None
    letter: str
    rpm_item: str
    meeting: str
    meeting_label: str
    region: str
    is_draft: bool
    start: int
    page: str
    text: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Passage:
        return cls(row["passage"], row["kind"], row["document_file"],
                   int(row["paragraph_number"]) if row["paragraph_number"] else None, row["letter"],
                   row["rpm_item"], row["meeting"], row["meeting_label"], row["region"], row["is_draft"] == "true",
                   int(row["start"]), source_link(row), row["text"])

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, c) for c in _COLUMNS)


def doc_id(passage_iri: str) -> str:
    """The document id in a passage's IRI (…/report/<id>/paragraph/3), made safe as a file name."""
    m = _DOC_ID.search(passage_iri)
    return _UNSAFE.sub("_", m.group(1) if m else passage_iri)[:120]


def source_page(report_iri: str) -> str:
    """The source page of a report, relative to the exports folder: ``sources/<id>.html``."""
    return f"sources/{doc_id(report_iri.rstrip('/') + '/')}.html"


def anchor(kind: str, paragraph_number: str | int | None, rpm_item: str, letter: str) -> str:
    """The id of a passage on its source page: p12 for paragraph 12, r-5d-a for recommendation (a) of item 5(d)."""
    if kind == "recommendation":
        return "r-" + _UNSAFE.sub("", rpm_item.replace("(", "").replace(")", "")) + f"-{_UNSAFE.sub('', letter)}"
    return f"p{paragraph_number}"


def source_link(row: dict[str, str]) -> str:
    """The source page of a passage and its place there, relative to the exports folder."""
    return f"{source_page(row['passage'])}#{anchor(row['kind'], row['paragraph_number'], row['rpm_item'], row['letter'])}"


def build_index(passages: Iterable[Passage]) -> bytes:
    """The index file's bytes. Rows go in in the order given, the FTS index is merged into one segment and the
    file is written afresh by VACUUM INTO, so the same passages give the same bytes."""
    with tempfile.TemporaryDirectory(prefix="kg-search-") as folder:
        work, final = Path(folder) / "work.sqlite", Path(folder) / INDEX_FILE
        db = sqlite3.connect(work)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute(f"CREATE TABLE passage (id INTEGER PRIMARY KEY, {', '.join(_COLUMNS)})")
            db.execute("CREATE VIRTUAL TABLE passage_fts USING fts5(text, content='passage', content_rowid='id', "
                       f"tokenize='{TOKENIZER}')")
            rows = [(i, *p.values()) for i, p in enumerate(passages, start=1)]
            db.executemany(f"INSERT INTO passage VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})", rows)
            db.execute("INSERT INTO passage_fts(rowid, text) SELECT id, text FROM passage ORDER BY id")
            db.execute("INSERT INTO passage_fts(passage_fts) VALUES ('optimize')")
            db.commit()
            db.execute("VACUUM INTO ?", (str(final),))
        finally:
            db.close()
        return final.read_bytes()
