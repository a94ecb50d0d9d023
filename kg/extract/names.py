"""Lists of names as layouts leave them: runs without commas cut by the data, list remnants kept out."""

from __future__ import annotations

import re

from kg.extract.text import looks_like_name
from kg.reference.lexicon import Lexicon
from kg.structure.model import CleanText

# The longest name the data holds, in words ("United Kingdom of Great Britain and Northern Ireland" has 8).
_MAX_WORDS = 12
# A footnote mark or list furniture glued to a name: "Council 1/", "Ghana*", "Zambia a".
_FURNITURE = re.compile(r"(?:\s+\d{1,2}/|\s*[*†‡]+|\s+\d{1,2}|\s+[a-z])$")
# Words a name cannot end with.
_DANGLING = frozenset("of and the for on in to against de la del y et".split())
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
    pieces = _greedy(clean, lexicon)
    return _mend([piece for piece, _ in pieces], [known for _, known in pieces], lexicon)


def _mend(spans: list[CleanText], known: list[bool], lexicon: Lexicon) -> list[CleanText]:
    """Join each unknown piece with the unknown piece after it ('Ukrainian Soviet Socialist' + 'Republic'),
    or with that piece and the known one after it ('Papua' + 'New' + 'Guinea'), when together they are known."""
    result: list[CleanText] = []
    taken: set[int] = set()
    for index, span in enumerate(spans):
        if index in taken:
            continue
        if not known[index]:
            following = next((k for k in range(index + 1, len(spans)) if not known[k] and k not in taken), None)
            if following is not None:
                joined = span.join(spans[following])
                if lexicon.is_known_name(joined.text):
                    result.append(joined)
                    taken.add(following)
                    continue
                after = following + 1
                if after < len(spans) and known[after] and lexicon.is_known_name(f"{joined.text} {spans[after].text}"):
                    result.append(joined.join(spans[after]))
                    taken.update((following, after))
                    continue
        result.append(span)
    return result


def cells(clean: CleanText) -> list[CleanText]:
    """A line cut where the source has a run of spaces between words: the cells of a table's row."""
    bounds = [0, *clean.gaps(2), len(clean.text)]
    pieces = (clean.slice(a, b).strip() for a, b in zip(bounds, bounds[1:]))
    return [piece for piece in pieces if piece.text]


def read_columns(lines: list[CleanText], lexicon: Lexicon) -> list[CleanText]:
    """The names of a list set in columns, read down each column; a name broken over two lines of its
    column is joined again ('Ukrainian Soviet Socialist' / 'Republic')."""
    return _down_columns([cells(line) for line in lines], lexicon)


def _down_columns(rows: list[list[CleanText]], lexicon: Lexicon) -> list[CleanText]:
    """The cells of a table read column by column, each column's broken names mended."""
    width = max((len(row) for row in rows), default=0)
    names: list[CleanText] = []
    for column in range(width):
        spans = [row[column] for row in rows if len(row) > column]
        names.extend(_mend(spans, [lexicon.is_known_name(s.text) for s in spans], lexicon))
    return names


def _greedy(clean: CleanText, lexicon: Lexicon) -> list[tuple[CleanText, bool]]:
    """``clean`` cut into the longest known names from the left, words between them kept as unknown pieces."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clean.text)]
    pieces: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            if lexicon.is_known_name(clean.text[words[i][0]:words[j - 1][1]]):
                pieces.append((i, j, True))
                i = j
                break
        else:
            if pieces and not pieces[-1][2] and pieces[-1][1] == i:
                pieces[-1] = (pieces[-1][0], i + 1, False)
            else:
                pieces.append((i, i + 1, False))
            i += 1
    return [(clean.slice(words[a][0], words[b - 1][1]), known) for a, b, known in pieces]


def _split_in_two(clean: CleanText, lexicon: Lexicon) -> list[CleanText]:
    """A row of a two-column table whose columns were run together: cut where the most sides are known
    names, the left one first ('Italy | and Northern Ireland', 'Germany, Federal Republic of | Uganda')."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clean.text)]
    best: tuple[int, int] | None = None
    for k in range(1, len(words)):
        left, right = clean.text[: words[k - 1][1]], clean.text[words[k][0]:]
        score = 2 * lexicon.is_known_name(left) + lexicon.is_known_name(right)
        if score and (best is None or score > best[0]):
            best = (score, k)
    if best is None:
        return [clean]
    k = best[1]
    return [clean.slice(0, words[k - 1][1]), clean.slice(words[k][0])]


def read_rows(lines: list[CleanText], lexicon: Lexicon) -> list[CleanText]:
    """The names of list lines that hold one or more names with no comma between them: each line cut into
    known names, or in two where it is a row of two columns run together, then each column read down with
    names broken over two rows mended ('Ukrainian Soviet Socialist' / 'Republic')."""
    rows: list[list[CleanText]] = []
    for line in lines:
        pieces = _greedy(line, lexicon)
        if all(known for _, known in pieces):
            rows.append([piece for piece, _ in pieces])
            continue
        if rows and not lexicon.is_known_name(rows[-1][-1].text):
            joined = rows[-1][-1].join(line)
            if lexicon.is_known_name(joined.text):
                # 'Burundi Papua' / 'New Guinea': the line ends the name the row before began.
                rows[-1][-1] = joined
                continue
        rows.append(_split_in_two(line, lexicon))
    return _down_columns(rows, lexicon)


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
    if words[-1].lower() in _DANGLING:
        return False  # "Federal Republic of": half a name, the rest on another line
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
