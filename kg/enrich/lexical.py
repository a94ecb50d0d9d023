"""Words for comparing texts: lemmas (simplemma) cut to Snowball stems, stop words out, phrases within clauses."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import simplemma
import snowballstemmer

from kg.reference.loading import data_dirs

# Letters only: digits, punctuation and spaces end a word; , ; : . ( ) end a clause too (no phrase across them).
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[,;:.()\[\]]")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Term:
    """One word or two-word phrase of a text: ``key`` (stems, compared), ``surface`` (as written, words between
    included: "recovery of assets") and where it is in the text."""

    key: str
    surface: str
    start: int
    end: int

    @property
    def is_phrase(self) -> bool:
        return " " in self.key


def _column(name: str, column: str) -> dict[str, str]:
    rows: dict[str, str] = {}
    for folder in data_dirs():
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    rows[row["word"].strip().casefold()] = row.get(column, "").strip().casefold()
    return rows


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that say nothing about what is asked (cluster_stopwords.csv in the data folders)."""
    return frozenset(_column("cluster_stopwords.csv", "word"))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Word -> the word it is compared as (cluster_synonyms.csv): spellings of one idea in the field."""
    return _column("cluster_synonyms.csv", "same_as")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The word as a vocabulary compares it: case folded, synonym applied, lemmatized (an acronym as it is); "" for a
    stop word or a single letter."""
    folded = word.casefold().replace("’", "'")
    same = synonyms()
    folded = same.get(folded, folded)
    if folded in stop_words():
        return ""
    if len(word) > 1 and word.isupper():
        return folded  # an acronym (AI, UNODC) is no inflected word: simplemma makes "ai" into "be"
    found = simplemma.lemmatize(folded, lang="en").casefold()
    found = same.get(found, found)
    return "" if found in stop_words() or len(found) < 2 else found


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The key a word is compared by: its lemma cut to its Snowball stem (an acronym as it is); "" for a stop word."""
    found = lemma(word)
    if not found or (len(word) > 1 and word.isupper()):
        return found
    return str(_STEMMER.stemWord(found))


def segments(text: str) -> Iterator[list[tuple[str, int, int]]]:
    """The clauses of ``text`` (punctuation ends one), each as its content words: (lemma, start, end)."""
    current: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if not token[0].isalpha():
            if current:
                yield current
            current = []
        elif found := lemma(token):
            current.append((found, match.start(), match.end()))
    if current:
        yield current


def _lower(surface: str) -> str:
    """Lower case, except words written all in capitals (UNODC, AI)."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in surface.split(" "))


def terms(text: str) -> Iterator[Term]:
    """The content words of ``text`` in order, each followed by the phrase it makes with the word before it when
    no punctuation stands between them (stop words in between are skipped: "recovery of assets")."""
    previous: Term | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if not token[0].isalpha():
            previous = None
            continue
        key = stem(token)
        if not key:
            continue
        word = Term(key, _lower(token), match.start(), match.end())
        yield word
        if previous is not None:
            span = " ".join(text[previous.start : word.end].split())
            yield Term(f"{previous.key} {key}", _lower(span), previous.start, word.end)
        previous = word


def keys(text: str) -> list[str]:
    """The keys of :func:`terms` alone, in the same order (no surfaces): what the vectors and counts need."""
    out: list[str] = []
    previous = ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if not token[0].isalpha():
            previous = ""
            continue
        key = stem(token)
        if not key:
            continue
        out.append(key)
        if previous:
            out.append(f"{previous} {key}")
        previous = key
    return out
