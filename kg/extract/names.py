"""Lists of names as layouts leave them: runs without commas cut by the data, list remnants kept out."""

from __future__ import annotations

import re

from kg.extract.text import looks_like_name
from kg.lexicon import Lexicon
from kg.model import CleanText

# The longest name the data holds, in words ("United Kingdom of Great Britain and Northern Ireland" has 8).
_MAX_WORDS = 12
# A footnote mark or list furniture glued to a name: "Council 1/", "Ghana*", "Zambia a".
_FURNITURE = re.compile(r"(?:\s+\d{1,2}/|\s*[*†‡]+|\s+\d{1,2}|\s+[a-z])$")
# Words that head a list's categories, never names themselves.
_CATEGORY = re.compile(
    r"\b(?:States?|Members?|members|observers?|organizations?|agencies|bodies|entities|programmes|funds|"
    r"status|category|roster|following|represented|participants?|delegations?)\b"
)


def strip_furniture(clean: CleanText) -> CleanText:
    """A name without a footnote mark or star after it."""
    m = _FURNITURE.search(clean.text)
    if m and m.start() > 2:
        return clean.slice(0, m.start()).strip()
    return clean


def segment_known(clean: CleanText, lexicon: Lexicon) -> list[CleanText]:
    """Cut a run of names with no commas ('Algeria Malaysia Papua New Guinea') into the names the data
    knows, longest first; words left between them are joined with the leftover words that follow when
    together they make a known name (a name broken over two columns), and kept as they are otherwise."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clean.text)]
    pieces: list[tuple[int, int, bool]] = []  # (first word, last word + 1, known)
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            text = clean.text[words[i][0]:words[j - 1][1]]
            if lexicon.is_known_name(text):
                pieces.append((i, j, True))
                i = j
                break
        else:
            if pieces and not pieces[-1][2] and pieces[-1][1] == i:
                pieces[-1] = (pieces[-1][0], i + 1, False)
            else:
                pieces.append((i, i + 1, False))
            i += 1
    result: list[CleanText] = []
    taken: set[int] = set()
    for index, (first, last, known) in enumerate(pieces):
        if index in taken:
            continue
        span = clean.slice(words[first][0], words[last - 1][1])
        if not known:
            following = next((k for k in range(index + 1, len(pieces)) if not pieces[k][2] and k not in taken), None)
            if following is not None:
                other = clean.slice(words[pieces[following][0]][0], words[pieces[following][1] - 1][1])
                if lexicon.is_known_name(f"{span.text} {other.text}"):
                    result.append(span.join(other))
                    taken.add(following)
                    continue
        result.append(span)
    return result


def plausible_name(text: str, lexicon: Lexicon) -> bool:
    """Whether ``text``, a name the data does not know, may stand for an actor: not a remnant of a list
    (two known names run together), not a list's category, not a piece of a sentence."""
    if lexicon.is_known_name(text):
        return True
    if not looks_like_name(text) or lexicon.is_non_actor(text):
        return False
    words = text.split()
    if len(words) > _MAX_WORDS or len(text) < 3:
        return False
    if _CATEGORY.search(text) and not re.search(r"\bof\s+\w", text):
        return False
    known_inside = 0
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + _MAX_WORDS) + 1):
            if j - i < len(words) and lexicon.state(" ".join(words[i:j])):
                known_inside += 1
                break
    # "Argentina Brazil Chile": States side by side are a list line, not one name.
    return known_inside < 2
