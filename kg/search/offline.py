"""The search that works from the exported file alone: search.html, with the index's postings inside it."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from kg.search.index import INDEX_FILE, TOKENIZER, Passage

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


def index_data(index: bytes, passages: list[Passage]) -> dict[str, object]:
    """What search.js needs: the passages, each one's length in terms, every term's postings (passage and
    positions, from the index itself), and the corpus's words with their stems."""
    with tempfile.TemporaryDirectory(prefix="kg-search-") as folder:
        path = Path(folder) / INDEX_FILE
        path.write_bytes(index)
        db = sqlite3.connect(path)
        try:
            db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'passage_fts', 'instance')")
            postings: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
            lengths = [0] * len(passages)
            for term, doc, offset in db.execute("SELECT term, doc, offset FROM temp.v ORDER BY term, doc, offset"):
                postings[term][doc - 1].append(offset)
                lengths[doc - 1] += 1
        finally:
            db.close()
    words = sorted({fold(w) for p in passages for w in _WORD.findall(p.text)})
    return {
        "docs": [[p.page, p.document_file, p.paragraph_number, p.letter, p.rpm_item, p.meeting_label, p.kind, p.text]
                 for p in passages],
        "lengths": lengths,
        "terms": {t: [[d, *offsets] for d, offsets in sorted(docs.items())] for t, docs in sorted(postings.items())},
        "words": _stems(words),
    }


def offline_files(index: bytes, passages: list[Passage]) -> dict[str, bytes]:
    """search.html: the page, its script and the index data in one self-contained file (it fetches nothing)."""
    data = json.dumps(index_data(index, passages), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # < > & only occur inside JSON strings: as \u escapes no text of the reports can end or open a tag
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = "window.KG_SEARCH = " + safe + ";"
    page = (TEMPLATES / "search.html").read_text(encoding="utf-8")
    page = page.replace("/*SEARCH_DATA*/", script).replace("/*SEARCH_JS*/", (TEMPLATES / "search.js").read_text(encoding="utf-8"))
    return {PAGE_FILE: page.encode("utf-8")}
