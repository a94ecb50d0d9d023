"""The cross-regional matrix, theme by meeting, as exports/theme_matrix.csv and exports/theme_matrix.html."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from rdflib import Dataset
from rdflib.namespace import SKOS

from kg.build.context import Content, csv_bytes, made_of_rows, named_rows
from kg.enrich.themes import load_themes, scheme_graph
from kg.pages.html import esc, page

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)


@dataclass
class Cell:
    count: int = 0
    recommendations: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Matrix:
    """Themes (all of the scheme, in label order) by meetings, each cell a count and its recommendations."""

    themes: list[tuple[str, str]]
    meetings: list[tuple[str, str, str]]  # (iri, label, region)
    cells: dict[tuple[str, str], Cell]
    totals: dict[str, int] = field(default_factory=dict)  # meeting -> its recommendations, themed or not

    def cell(self, theme: str, meeting: str) -> Cell:
        return self.cells.get((theme, meeting), Cell())

    def share(self, theme: str, meeting: str) -> float:
        """The part of the meeting's recommendations that fall under the theme (0 when it has none)."""
        total = self.totals.get(meeting, 0)
        return self.cell(theme, meeting).count / total if total else 0.0


def build_matrix(ds: Dataset | None, ctx: BuildContext | None = None) -> Matrix:
    """Counts from queries/theme_matrix.rq, cell contents from queries/theme_recommendations.rq."""
    counts = named_rows(ds, ctx, "theme_matrix", keep=False)
    details = named_rows(ds, ctx, "theme_recommendations", keep=False)
    scheme = scheme_graph()
    themes = sorted(((str(t.iri), str(scheme.value(t.iri, SKOS.prefLabel) or t.label)) for t in load_themes()),
                    key=lambda pair: (pair[1].casefold(), pair[0]))
    meetings = sorted({(r["meeting"], r["meeting_label"], r["region"]) for r in counts}, key=lambda m: (m[1], m[0]))
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for row in counts:
        cells[(row["theme"], row["meeting"])].count = int(row["recommendations"])
    for row in details:
        cells[(row["theme"], row["meeting"])].recommendations.append(row)
    totals = {row["meeting"]: int(row["meeting_recommendations"]) for row in counts}
    return Matrix(themes, meetings, dict(cells), totals)


def _rec_id(row: dict[str, str]) -> str:
    item = f" {row['rpm_item']}" if row["rpm_item"] else ""
    return f"{row['document_file']}{item} ({row['letter']})"


def matrix_csv(matrix: Matrix) -> bytes:
    """One row per theme: its total, then per meeting the count and the recommendations (file, item, letter)."""
    header = ["theme", "theme_label", "total"]
    for _iri, label, _region in matrix.meetings:
        header += [label, f"{label}: recommendations"]
    rows = []
    for theme, theme_label in matrix.themes:
        row: list[str | int] = [theme, theme_label, sum(matrix.cell(theme, m[0]).count for m in matrix.meetings)]
        for meeting, _label, _region in matrix.meetings:
            cell = matrix.cell(theme, meeting)
            row += [cell.count, "; ".join(_rec_id(r) for r in cell.recommendations)]
        rows.append(row)
    return csv_bytes(header, rows)


def _terms(row: dict[str, str]) -> str:
    return "; ".join(sorted(set(row["matched_terms"].split("; ")), key=lambda term: (term.casefold(), term)))


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"


def _cell_html(matrix: Matrix, theme: str, meeting: str, peak: float) -> str:
    cell, share = matrix.cell(theme, meeting), matrix.share(theme, meeting)
    shade = 0 if not peak else round(0.08 + 0.6 * share / peak, 3)  # by share, so that no meeting's size dominates
    style = f' style="background: rgba(31, 78, 156, {shade})"' if cell.count else ""
    attrs = (f'class="count" data-theme="{esc(theme)}" data-meeting="{esc(meeting)}" data-count="{cell.count}" '
             f'data-sort="{share:.6f}"{style}')
    if not cell.count:
        return f"<td {attrs}>0</td>"
    items = "".join(
        f'<li><b>{esc(_rec_id(r))}</b> {esc(r["text"])} <span class="terms">[{esc(_terms(r))}]</span></li>'
        for r in cell.recommendations
    )
    summary = f'<span class="n">{cell.count}</span> <span class="share">{esc(_percent(share))}</span>'
    return f'<td {attrs}><details><summary>{summary}</summary><ul class="recs">{items}</ul></details></td>'


def _sort_button(text: str, total: str = "") -> str:
    return f'<button type="button" class="sort">{text}</button>{total}'


# Sorts the table by the column whose heading is clicked (numbers first from the largest, names from A), again to
# reverse; ties keep the themes' order. Allowed by its hash in the page's Content-Security-Policy.
SORT_SCRIPT = """(function () {
  "use strict";
  var table = document.getElementById("matrix"), body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, column) {
    var cell = row.cells[column], sort = cell.getAttribute("data-sort");
    return sort === null ? cell.textContent.trim().toLowerCase() : Number(sort);
  }
  heads.forEach(function (head, column) {
    head.querySelector("button.sort").addEventListener("click", function () {
      var numeric = head.hasAttribute("data-numeric"), was = head.getAttribute("aria-sort");
      var order = was ? (was === "ascending" ? "descending" : "ascending") : (numeric ? "descending" : "ascending");
      var sign = order === "ascending" ? 1 : -1;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, column), y = value(b, column);
        return (x < y ? -sign : x > y ? sign : 0) || Number(a.dataset.order) - Number(b.dataset.order);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", order);
    });
  });
})();
"""


def matrix_html(matrix: Matrix) -> bytes:
    """The matrix as a page: each cell its count and the share of its meeting's recommendations, sortable."""
    peak = max((matrix.share(t, m) for t, m in matrix.cells), default=0.0)
    head = "".join(
        f'<th scope="col" data-meeting="{esc(iri)}" data-numeric title="{esc(label)}">'
        + _sort_button(esc(region or label), f'<span class="total">of {matrix.totals.get(iri, 0)}</span>') + "</th>"
        for iri, label, region in matrix.meetings
    )
    every = sum(matrix.totals.get(m[0], 0) for m in matrix.meetings)
    all_head = _sort_button("All", f'<span class="total">of {every}</span>')
    rows = []
    for order, (theme, label) in enumerate(matrix.themes):
        cells = "".join(_cell_html(matrix, theme, m[0], peak) for m in matrix.meetings)
        total = sum(matrix.cell(theme, m[0]).count for m in matrix.meetings)
        share = f' <span class="share">{esc(_percent(total / every))}</span>' if every and total else ""
        rows.append(f'<tr data-theme="{esc(theme)}" data-order="{order}"><th scope="row">{esc(label)}</th>{cells}'
                    f'<td class="count total" data-sort="{total}"><span class="n">{total}</span>{share}</td></tr>')
    body = (f'<table id="matrix">\n<thead><tr><th scope="col">{_sort_button("Theme")}</th>{head}'
            f'<th scope="col" data-numeric>{all_head}</th></tr>'
            "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    intro = ("Recommendations of each regional preparatory meeting by theme. A recommendation counts under every "
             "theme whose terms its text contains (the terms are shown in brackets). Each meeting counts its "
             "recommendations as they stand last: the final report's, and a draft's only where no final report "
             "covers its agenda item. Each cell gives the number of the meeting's recommendations on the theme and "
             "their share of all its recommendations (the number under the meeting's name), so that meetings of "
             "different sizes compare; cells are shaded by that share. Click a count to see the recommendations, a "
             "heading to sort by it. Counts come from queries/theme_matrix.rq.")
    return page("Cross-regional matrix: themes by meeting", esc(intro), body, SORT_SCRIPT)


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    queries = ["query:theme_matrix", "query:theme_recommendations"]
    return dict(made_of_rows(ctx, "theme-matrix", queries, partial(_files, ds, ctx)))


def _files(ds: Dataset | None, ctx: BuildContext) -> dict[str, bytes]:
    matrix = build_matrix(ds, ctx)
    return {"theme_matrix.csv": matrix_csv(matrix), "theme_matrix.html": matrix_html(matrix)}
