"""Query results as a table for a terminal: labels for IRIs, columns fitted to the width, words wrapped, never cut."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence

import pyoxigraph as ox

from kg.rdf.query import Results, Term, plain
from kg.rdf.results import compact

GAP = "  "
MIN_COLUMN = 8  # a column is not squeezed narrower than this, nor than its longest word


def terminal_width(default: int = 100) -> int:
    """The terminal's width in characters (``COLUMNS`` wins), ``default`` when there is no terminal."""
    return shutil.get_terminal_size((default, 24)).columns


def fit_widths(natural: Sequence[int], floors: Sequence[int], width: int) -> list[int]:
    """Column widths that add up (with the gaps) to at most ``width``: the widest column gives way first,
    none below its floor; when the floors alone are wider, the floors."""
    widths = list(natural)
    room = width - len(GAP) * (len(widths) - 1)
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths


def results_table(results: Results, labels: dict[str, str] | None = None, width: int | None = None) -> str:
    """A query's rows as :func:`render_table` shows them: IRIs by their ``labels`` or as prefixed names, and a
    column X_label left out where it says again what X now shows on every row."""

    def shown(term: Term | None) -> str:
        if isinstance(term, ox.NamedNode):
            return labels[term.value] if labels and term.value in labels else compact(term.value)
        return plain(term)

    cells = [[shown(t) for t in row] for row in results.rows]
    names = results.variables
    keep = [i for i, name in enumerate(names)
            if not (labels and name.endswith("_label") and name[:-6] in names
                    and all(row[i] == row[names.index(name[:-6])] for row in cells))]
    return render_table([names[i] for i in keep], [[row[i] for i in keep] for row in cells], width)


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None,
                 shown: Callable[[str], str] = str) -> str:
    """An aligned table of ``rows`` under ``header``, each cell passed through ``shown`` (for example an IRI to
    its label) and wrapped at word boundaries to fit ``width`` (the terminal's by default); then the row count.
    When the columns cannot fit side by side without cutting words, each row is printed as a record instead,
    one ``column  value`` line per column."""
    width = width or terminal_width()
    cells = [[shown(cell) for cell in row] for row in rows]
    columns = range(len(header))
    natural = [max([len(header[i]), *(len(row[i]) for row in cells)]) for i in columns]
    floors = [min(natural[i], max(MIN_COLUMN, _longest_word([header[i], *(row[i] for row in cells)])))
              for i in columns]
    widths = fit_widths(natural, floors, width)
    count = f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})"
    if sum(widths) + len(GAP) * (len(widths) - 1) > width:
        return _records(header, cells, width) + count + "\n"
    lines = _row(header, widths) + [GAP.join("-" * w for w in widths)]
    for row in cells:
        lines += _row(row, widths)
    lines.append(count)
    return "\n".join(lines) + "\n"


def _longest_word(texts: Sequence[str]) -> int:
    return max([len(word) for text in texts for word in text.split()] + [1])


def _records(header: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> str:
    name_width = max(len(name) for name in header)
    value_width = max(MIN_COLUMN, width - name_width - len(GAP))
    lines = []
    for number, row in enumerate(cells, start=1):
        lines.append(f"-[ {number} ]" + "-" * max(0, min(width, 40) - len(f"-[ {number} ]")))
        for name, value in zip(header, row):
            wrapped = textwrap.wrap(value, value_width, break_long_words=False, break_on_hyphens=False) or [""]
            lines.append(f"{name.ljust(name_width)}{GAP}{wrapped[0]}".rstrip())
            lines += [f"{' ' * name_width}{GAP}{more}" for more in wrapped[1:]]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    wrapped = [textwrap.wrap(cell, w, break_long_words=False, break_on_hyphens=False) or [""]
               for cell, w in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    out = []
    for index in range(height):
        parts = [(lines[index] if index < len(lines) else "").ljust(w) for lines, w in zip(wrapped, widths)]
        out.append(GAP.join(parts).rstrip())
    return out
