"""Sentence and name-list splitting over clean text, keeping source offsets."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from kg import DATA_DIR
from kg.structure.model import CleanText

_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[A-Z“\"(])")
_WORD_BEFORE = re.compile(r"(?:^|[\s(])([\w.’'-]+)\.$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words a full stop follows without ending the sentence ('Mr.', 'H.E.', 'No.'), from kg/data."""
    with (DATA_DIR / "abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["abbreviation"] for row in csv.DictReader(handle))


def _ends_on_abbreviation(text: str) -> bool:
    """Whether ``text`` (up to a full stop) ends on an abbreviation or an initial ('J.'), not a sentence."""
    m = _WORD_BEFORE.search(text)
    if not m:
        return False
    word = m.group(1)
    return word in abbreviations() or (len(word) == 1 and word.isupper()) or bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word))


# "... for the European Union and for the International Council of Museums": the preposition repeated after "and"
# (or "as well as") belongs to the list, not to the next name.
_SEPARATOR = re.compile(r",?\s+as\s+well\s+as\s+(?:(?:by|for)\s+)?|,?\s+and\s+(?:(?:by|for)\s+)?|,\s+|;\s+")
_LEADING_ARTICLE = re.compile(r"^(?:and\s+)?(?:the\s+)?", re.I)


def _depth_map(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")" and depth:
            depth -= 1
    return out


def sentences(clean: CleanText) -> Iterator[CleanText]:
    """The sentences of ``clean``, cut after . ! ? outside parentheses."""
    depth = _depth_map(clean.text)
    start = 0
    for m in _SENTENCE_END.finditer(clean.text):
        if depth[m.start() - 1] == 0 and not (clean.text[m.start() - 1] == "." and _ends_on_abbreviation(clean.text[:m.start()])):
            piece = clean.slice(start, m.start()).strip()
            if piece.text:
                yield piece
            start = m.end()
    piece = clean.slice(start).strip()
    if piece.text:
        yield piece


def trim_name(clean: CleanText) -> CleanText:
    """A name without list glue: leading 'and', trailing punctuation and spaces."""
    clean = clean.strip()
    m = re.match(r"^(?:and|or)\s+", clean.text)
    if m:
        clean = clean.slice(m.end())
    end = len(clean.text)
    while end and clean.text[end - 1] in ".,;: ":
        end -= 1
    return clean.slice(0, end)


_CONNECTORS = {
    "of", "and", "for", "the", "on", "in", "to", "against", "with", "de", "del", "la", "las", "los", "el", "y",
    "e", "et", "des", "du", "da", "do", "dos", "das", "di", "für", "und", "at", "by", "&",
}


def looks_like_name(text: str) -> bool:
    """Whether ``text`` reads as the proper name of a State or organization, not a phrase."""
    words = re.sub(r"\([^)]*\)", " ", text).split()
    if not words or not (words[0][0].isupper() or words[0][0].isdigit() or words[0].lower() == "the"):
        return False
    if len(words) > 16:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(",.;:'’\"“”")
        if not bare:
            continue
        if bare[0].isupper() or bare[0].isdigit():
            capitalised += 1
        elif bare.lower() not in _CONNECTORS:
            return False
    return capitalised > 0


def split_names(clean: CleanText, is_known: Callable[[str], bool]) -> list[CleanText]:
    """Split ``A, B, C and D`` into names, keeping known names that hold 'and' or commas whole."""
    text = clean.text
    depth = _depth_map(text)
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(text) if depth[m.start()] == 0]
    bounds = [0]
    for a, b in cuts:
        bounds.extend([a, b])
    bounds.append(len(text))
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    names: list[CleanText] = []
    i = 0
    while i < len(parts):
        taken = i
        for j in range(len(parts) - 1, i, -1):
            candidate = trim_name(clean.slice(parts[i][0], parts[j][1]))
            if is_known(candidate.text):
                taken = j
                break
        name = trim_name(clean.slice(parts[i][0], parts[taken][1]))
        if name.text:
            names.append(name)
        i = taken + 1
    return names
