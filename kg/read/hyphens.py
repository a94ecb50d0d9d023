"""Lines joined back into paragraphs: a line-end hyphen taken out only where the word is not itself hyphenated."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from kg import DATA_DIR

DATA_FILE = DATA_DIR / "hyphen_prefixes.csv"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LEFT = re.compile(r"([^\W\d_]+)-$")
_RIGHT = re.compile(r"^([^\W\d_]+)")
_SOFT_HYPHEN = "\u00ad"


def load_prefixes(path: Path = DATA_FILE) -> frozenset[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["prefix"].strip().lower() for row in csv.DictReader(handle))


class Dehyphenator:
    """Joins lines, deciding each line-end hyphen by the document's own words.

    A hyphen stays when the document writes the hyphenated word elsewhere, when the part before it is a prefix
    that keeps its hyphen (kg/data/hyphen_prefixes.csv), or when both parts are words of the document on their
    own ("capacity-" / "building"); it goes when the document writes the joined word elsewhere, or when neither
    holds ("inter-" / "national") in a document whose line-end hyphens are seen to cut words elsewhere (in one
    whose are not, the hyphen stays). A soft hyphen always goes."""

    def __init__(self, lines: Iterable[str], prefixes: frozenset[str] | None = None) -> None:
        lines_seen = list(lines)
        lines = lines_seen
        self.words: set[str] = set()
        self.parts: set[str] = set()
        after_break = False
        for line in lines:
            tokens = _WORD.findall(line)
            if after_break and tokens:
                tokens = tokens[1:]  # the second half of a word the line break cut
            broken = line.rstrip().endswith(("-", _SOFT_HYPHEN))
            if broken and tokens:
                tokens = tokens[:-1]
            for token in tokens:
                lower = token.lower()
                self.words.add(lower)
                self.parts.update(lower.split("-"))
            after_break = broken
        self.prefixes = load_prefixes() if prefixes is None else prefixes
        # Whether the document's producer hyphenates words at line ends at all: some line-end hyphen whose word the
        # document also writes whole. Without that evidence a line-end hyphen is taken for the word's own.
        lines = list(lines_seen)
        self.hyphenates = any(
            (a := _LEFT.search(x)) and (b := _RIGHT.match(y)) and (a.group(1) + b.group(1)).lower() in self.words
            for x, y in zip(lines, lines[1:]))

    def join(self, text: str, line: str) -> str:
        """``text`` followed by the next ``line`` of the same paragraph."""
        if not line:
            return text
        if text.endswith(_SOFT_HYPHEN):
            return text[:-1] + line
        left, right = _LEFT.search(text), _RIGHT.match(line)
        if left is None or right is None or not right.group(1)[0].islower():
            if text.endswith("-") and line[:1].isdigit():
                return text + line
            return f"{text} {line}"
        a, b = left.group(1).lower(), right.group(1).lower()
        if self.keeps(a, b):
            return text + line
        return text[:-1] + line

    def keeps(self, a: str, b: str) -> bool:
        """Whether ``a-`` at a line's end and ``b`` at the next line's start are one hyphenated word."""
        if f"{a}-{b}" in self.words:
            return True
        if a + b in self.words or a + b in self.parts:
            return False
        if a in self.prefixes:
            return True
        return not self.hyphenates or (a in self.words and b in self.words and len(a) > 1 and len(b) > 2)
