"""The cross-regional matrix, theme by meeting, as exports/theme_matrix.csv and exports/theme_matrix.html."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Dataset
from rdflib.namespace import SKOS

from kg.build.export import csv_bytes
from kg.enrich.themes import load_themes, scheme_graph
from kg.pages.html import dataset_store, esc, page, run_named

if TYPE_CHECKING:
    from kg.build.pipeline import BuildContext

READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.pipeline.EXPORTERS)


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

    def cell(self, theme: str, meeting: str) -> Cell:
        return self.cells.get((theme, meeting), Cell())


def build_matrix(ds: Dataset | None, ctx: BuildContext | None = None) -> Matrix:
    """Counts from queries/theme_matrix.rq, cell contents from queries/theme_recommendations.rq."""
    store = dataset_store(ds, ctx)
    counts = run_named(store, "theme_matrix")
    details = run_named(store, "theme_recommendations")
    scheme = scheme_graph()
    themes = sorted(((str(t.iri), str(scheme.value(t.iri, SKOS.prefLabel) or t.label)) for t in load_themes()),
                    key=lambda pair: (pair[1].casefold(), pair[0]))
    meetings = sorted({(r["meeting"], r["meeting_label"], r["region"]) for r in counts}, key=lambda m: (m[1], m[0]))
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for row in counts:
        cells[(row["theme"], row["meeting"])].count = int(row["recommendations"])
    for row in details:
        cells[(row["theme"], row["meeting"])].recommendations.append(row)
    return Matrix(themes, meetings, dict(cells))


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


def _cell_html(theme: str, meeting: str, cell: Cell, peak: int) -> str:
    shade = 0 if not peak else round(0.08 + 0.6 * cell.count / peak, 3)
    style = f' style="background: rgba(31, 78, 156, {shade})"' if cell.count else ""
    attrs = f'class="count" data-theme="{esc(theme)}" data-meeting="{esc(meeting)}" data-count="{cell.count}"{style}'
    if not cell.count:
        return f"<td {attrs}>0</td>"
    items = "".join(
        f'<li><b>{esc(_rec_id(r))}</b> {esc(r["text"])} <span class="terms">[{esc(_terms(r))}]</span></li>'
        for r in cell.recommendations
    )
    return f'<td {attrs}><details><summary>{cell.count}</summary><ul class="recs">{items}</ul></details></td>'


def matrix_html(matrix: Matrix) -> bytes:
    peak = max((c.count for c in matrix.cells.values()), default=0)
    head = "".join(
        f'<th scope="col" data-meeting="{esc(iri)}" title="{esc(label)}">{esc(region or label)}</th>'
        for iri, label, region in matrix.meetings
    )
    rows = []
    for theme, label in matrix.themes:
        cells = "".join(_cell_html(theme, m[0], matrix.cell(theme, m[0]), peak) for m in matrix.meetings)
        total = sum(matrix.cell(theme, m[0]).count for m in matrix.meetings)
        rows.append(f'<tr data-theme="{esc(theme)}"><th scope="row">{esc(label)}</th>{cells}'
                    f'<td class="count total">{total}</td></tr>')
    body = (f'<table id="matrix">\n<thead><tr><th scope="col">Theme</th>{head}<th scope="col">All</th></tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    intro = ("Recommendations of each regional preparatory meeting by theme. A recommendation counts under every "
             "theme whose terms its text contains (the terms are shown in brackets). Each meeting counts its "
             "recommendations as they stand last: the final report's, and a draft's only where no final report "
             "covers its agenda item. Click a count to see the recommendations. Counts come from "
             "queries/theme_matrix.rq.")
    return page("Cross-regional matrix: themes by meeting", esc(intro), body)


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, bytes]:
    matrix = build_matrix(ds, ctx)
    return {"theme_matrix.csv": matrix_csv(matrix), "theme_matrix.html": matrix_html(matrix)}
