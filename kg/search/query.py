"""Searching the index: the query language (words, "phrases", prefix*, AND/OR/NOT, brackets) and ranked hits."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.search.index import INDEX_FILE

# Marks around the matched words in a hit's passage; callers turn them into what they show ([...], <mark>, bold).
OPEN, CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 32  # words of context in a hit's passage
OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_WORDY = re.compile(r"[^\W_]", re.UNICODE)


class SearchError(ValueError):
    """A query that cannot be run (unbalanced brackets, an operator without a term), or no index."""


@dataclass(frozen=True)
class Hit:
    """One passage found, best first: where it is, its rank score (bm25, lower is better) and the marked text."""

    rank: int
    score: float
    kind: str
    document_file: str
    paragraph_number: int | None
    letter: str
    rpm_item: str
    meeting_label: str
    region: str
    page: str
    passage: str
    snippet: str
    text: str

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["snippet"] = marked(self.snippet, "[", "]")
        data["text"] = marked(self.text, "", "")
        return data

    @property
    def where(self) -> str:
        """Document, paragraph and recommendation as a person writes them: 001.txt para. 76, 5(d) (a)."""
        parts = [self.document_file]
        if self.paragraph_number is not None:
            parts.append(f"para. {self.paragraph_number}")
        if self.kind == "recommendation":
            parts.append(f"{self.rpm_item} ({self.letter})".strip())
        elif self.rpm_item:
            parts.append(f"item {self.rpm_item}")
        return ", ".join(parts)


def marked(text: str, before: str, after: str) -> str:
    return text.replace(OPEN, before).replace(CLOSE, after)


def to_fts(query: str) -> str:
    """The query in FTS5's syntax, every word and phrase quoted, so that no character of it is read as FTS5
    syntax of its own (column filters, ^, +, -). Raises SearchError for a query that means nothing."""
    items: list[str] = []
    depth = 0
    for token in _TOKEN.findall(query):
        if token in OPERATORS:
            if not items or items[-1] in OPERATORS or items[-1] == "(":
                raise SearchError(f"{token} needs a term before it (as in: court {token} tribunal)")
            items.append(token)
        elif token == "(":
            if items and items[-1] not in OPERATORS and items[-1] != "(":
                items.append("AND")
            items.append(token)
            depth += 1
        elif token == ")":
            if depth == 0:
                raise SearchError("a closing bracket without an opening one")
            if not items or items[-1] in OPERATORS or items[-1] == "(":
                raise SearchError("brackets around nothing, or an operator before a closing bracket")
            items.append(token)
            depth -= 1
        else:
            term = _term(token)
            if term is None:
                continue
            if items and items[-1] not in OPERATORS and items[-1] != "(":
                items.append("AND")
            items.append(term)
    if depth:
        raise SearchError("an opening bracket is not closed")
    if items and items[-1] in OPERATORS:
        raise SearchError(f"{items[-1]} needs a term after it")
    if not items:
        raise SearchError("nothing to search for: give a word or a \"phrase\"")
    return " ".join(items)


def _term(token: str) -> str | None:
    """A word (prefix* allowed) or "phrase" as a quoted FTS5 string; None when it has no letter or digit."""
    phrase = token.startswith('"')
    body = token.strip('"') if phrase else token
    prefix = not phrase and body.endswith("*")
    body = body.rstrip("*") if prefix else body
    if not _WORDY.search(body):
        return None
    return '"' + body.replace('"', '""') + '"' + (" *" if prefix else "")


def open_index(exports: Path) -> sqlite3.Connection:
    path = exports / INDEX_FILE
    if not path.is_file():
        raise SearchError(f"{path}: no search index; run `kg build` first")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


_SQL = f"""
SELECT bm25(passage_fts) AS score, p.kind, p.document_file, p.paragraph_number, p.letter, p.rpm_item,
       p.meeting_label, p.region, p.page, p.passage,
       snippet(passage_fts, 0, '{OPEN}', '{CLOSE}', '…', {SNIPPET_TOKENS}),
       highlight(passage_fts, 0, '{OPEN}', '{CLOSE}')
FROM passage_fts JOIN passage AS p ON p.id = passage_fts.rowid
WHERE passage_fts MATCH ? AND (? = '' OR p.kind = ?)
ORDER BY score, p.id
LIMIT ?
"""


def search(db: sqlite3.Connection, query: str, limit: int = 10, kind: str = "") -> list[Hit]:
    """The ``limit`` best passages for ``query`` (of ``kind`` only, "paragraph" or "recommendation", when given)."""
    expression = to_fts(query)
    try:
        rows = db.execute(_SQL, (expression, kind, kind, limit)).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchError(f"cannot search for {query!r}: {exc}") from None
    return [Hit(rank, round(score, 6), *row) for rank, (score, *row) in enumerate(rows, start=1)]
