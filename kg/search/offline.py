"""The search that works from the exported file alone: search.html, with the index's postings inside it."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from kg.search.index import TOKENIZER, Passage

if TYPE_CHECKING:
    from kg.build.context import Memo

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_FILE = "search.html"
_WORD = re.compile(r"[^\W_]+")


def fold(word: str) -> str:
    """A word as unicode61 compares it (and search.js folds it): lower case, diacritics removed."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stems(words: list[str]) -> dict[str, str]:
    """Each word -> the term SQLite's Porter tokenizer makes of it (words it makes no single term of are left out)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE w USING fts5(x, tokenize='{TOKENIZER}')")
        db.executemany("INSERT INTO w(rowid, x) VALUES (?, ?)", list(enumerate(words, start=1)))
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')")
        found: dict[int, list[str]] = defaultdict(list)
        for term, doc in db.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            found[doc].append(term)
    finally:
        db.close()
    return {w: found[i][0] for i, w in enumerate(words, start=1) if len(found[i]) == 1}


def document_data(texts: list[str]) -> dict[str, object]:
    """What search.js needs of one document's passages (numbered from 0): each one's length in terms, every
    term's postings (passage and positions, as the index's tokenizer makes them) and the words with their stems.
    A passage's terms do not depend on the other passages, so the corpus's data is these put end to end."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE p USING fts5(text, tokenize='{TOKENIZER}')")
        db.executemany("INSERT INTO p(rowid, text) VALUES (?, ?)", list(enumerate(texts, start=1)))
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(p, 'instance')")
        postings: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        lengths = [0] * len(texts)
        for term, doc, offset in db.execute("SELECT term, doc, offset FROM v ORDER BY term, doc, offset"):
            postings[term][doc - 1].append(offset)
            lengths[doc - 1] += 1
    finally:
        db.close()
    # folded once per distinct word: folding every occurrence was half of this function's time
    words = sorted({fold(w) for w in {w for text in texts for w in _WORD.findall(text)}})
    return {"lengths": lengths, "terms": {t: [[d, *offsets] for d, offsets in sorted(docs.items())]
                                          for t, docs in sorted(postings.items())},
            "words": _stems(words)}


def _document_texts(passages: list[Passage]) -> Iterator[list[str]]:
    """The passages' texts, a document's at a time (the passages come in document order)."""
    for _file, group in groupby(passages, key=lambda p: p.document_file):
        yield [p.text for p in group]


def index_texts(passages: list[Passage], memo: Memo | None = None) -> Iterator[str]:
    """The JSON text of what search.js needs, in pieces (``json.dumps(..., ensure_ascii=False, separators=(",",
    ":"), sort_keys=True)`` of :func:`index_data`): the passages, each one's length in terms, every term's postings
    (passage and positions) and the corpus's words with their stems; each document's share from the build's
    ``memo`` when an earlier build made it from the same texts. A term's postings wait as JSON text, not as lists
    of numbers: at 1000x the numbers took more than a gigabyte."""
    yield '{"docs":['
    for n, p in enumerate(passages):
        yield ("," if n else "") + _json([p.page, p.document_file, p.paragraph_number, p.letter, p.rpm_item,
                                          p.meeting_label, p.kind, p.text])
    lengths: list[int] = []
    postings: dict[str, list[str]] = defaultdict(list)
    stems: dict[str, str] = {}
    for texts in _document_texts(passages):
        text = json.dumps(texts, ensure_ascii=True).encode("ascii")  # one line: the memo sorts an input's lines

        def make(texts: list[str] = texts) -> bytes:
            return json.dumps(document_data(texts), ensure_ascii=False, sort_keys=True).encode("utf-8")

        share = json.loads(memo.made(memo.key("search-postings", text), make) if memo is not None else make())
        first = len(lengths)
        for term, docs in share["terms"].items():
            # Whole numbers: written as json.dumps writes a list of them, without its cost (seconds at 100x).
            postings[term].append(",".join(f"[{','.join(map(str, (first + doc, *offsets)))}]"
                                           for doc, *offsets in docs))
        lengths.extend(share["lengths"])
        stems.update(share["words"])
    yield '],"lengths":' + _json(lengths) + ',"terms":{'
    for n, term in enumerate(sorted(postings)):
        yield ("," if n else "") + _json(term) + ":[" + ",".join(postings.pop(term)) + "]"
    yield '},"words":' + _json(dict(sorted(stems.items()))) + "}"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def index_data(passages: list[Passage], memo: Memo | None = None) -> dict[str, object]:
    """:func:`index_texts` read back as a dict."""
    data: dict[str, object] = json.loads("".join(index_texts(passages, memo)))
    return data


def offline_files(passages: list[Passage], memo: Memo | None = None) -> dict[str, Iterator[bytes]]:
    """search.html: the page, its script and the index data in one self-contained file (it fetches nothing),
    written as its pieces come."""
    return {PAGE_FILE: _page(passages, memo)}


def _page(passages: list[Passage], memo: Memo | None) -> Iterator[bytes]:
    page = (TEMPLATES / "search.html").read_text(encoding="utf-8")
    page = page.replace("/*SEARCH_JS*/", (TEMPLATES / "search.js").read_text(encoding="utf-8"))
    head, _, tail = page.partition("/*SEARCH_DATA*/")
    yield (head + "window.KG_SEARCH = ").encode("utf-8")
    for text in index_texts(passages, memo):  # written as they come: the file's buffer joins them
        # < > & only occur inside JSON strings: as \u escapes no text of the reports can end or open a tag
        yield text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")
    yield (";" + tail).encode("utf-8")
