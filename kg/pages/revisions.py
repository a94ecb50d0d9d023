"""Draft and final side by side for people: exports/revisions.html, a word-level diff per aligned pair."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.build.context import Content, made_of_rows, named_rows
from kg.enrich.align import Chunk, word_diff
from kg.pages.html import esc, page

if TYPE_CHECKING:
    from kg.build.context import BuildContext

STATUSES = ("kept", "reworded", "added", "dropped")
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)


def diff_html(chunks: list[Chunk]) -> str:
    """The diff with removed words in <del> and added words in <ins>, every character escaped."""
    out: list[str] = []
    for n, chunk in enumerate(chunks):
        if n and chunk.space:
            out.append(" ")
        text = esc(chunk.text)
        out.append(f"<del>{text}</del>" if chunk.op == "delete" else f"<ins>{text}</ins>" if chunk.op == "insert"
                   else text)
    return "".join(out)


def _letter(value: str) -> str:
    return f"({esc(value)})" if value else "—"


def _recommendation_rows(rows: list[dict[str, str]]) -> str:
    out = []
    for r in rows:
        diff = diff_html(word_diff(r["draft_text"], r["final_text"]))
        out.append(
            f'<tr class="pair" data-status="{esc(r["status"])}" data-draft="{esc(r["draft_recommendation"])}" '
            f'data-final="{esc(r["final_recommendation"])}"><td>{_letter(r["letter_draft"])}</td>'
            f'<td>{_letter(r["letter_final"])}</td><td class="status-{esc(r["status"])}">{esc(r["status"])}</td>'
            f'<td class="count">{esc(r["similarity"])}</td><td class="diff">{diff}</td></tr>'
        )
    return "\n".join(out)


def revisions_html(recommendations: list[dict[str, str]], statements: list[dict[str, str]]) -> bytes:
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in recommendations:
        groups[(row["draft_file"], row["final_file"], row["rpm_item"])].append(row)
    parts = []
    for (draft, final, item), rows in sorted(groups.items()):
        counts = ", ".join(f"{sum(r['status'] == s for r in rows)} {s}" for s in STATUSES)
        parts.append(
            f"<h2>{esc(draft)} → {esc(final)}, agenda item {esc(item)}</h2>\n<p>Recommendations: {esc(counts)}.</p>\n"
            '<table class="revisions"><thead><tr><th>Draft</th><th>Final</th><th>Status</th><th>Similarity</th>'
            f"<th>Wording, draft to final</th></tr></thead>\n<tbody>\n{_recommendation_rows(rows)}\n</tbody></table>"
        )
    if statements:
        body = "\n".join(
            f'<tr data-status="{esc(r["status"])}"><td>{esc(r["draft_file"])}</td><td>{esc(r["final_file"])}</td>'
            f'<td>{esc(r["rpm_item"])}</td><td>{esc(r["statement_label"])}</td>'
            f'<td class="status-{esc(r["status"])}">{esc(r["status"])}</td><td>{esc(r["word_diff"])}</td></tr>'
            for r in statements
        )
        parts.append(
            "<h2>Statements</h2>\n<table class=\"statements\"><thead><tr><th>Draft</th><th>Final</th><th>Item</th>"
            "<th>Statement</th><th>Status</th><th>Name, draft to final</th></tr></thead>\n"
            f"<tbody>\n{body}\n</tbody></table>"
        )
    if not parts:
        parts.append("<p>No draft report has a final report of the same meeting in this build.</p>")
    intro = ("Each draft report set against the final report of the same meeting and agenda item. Recommendations "
             "are paired by the similarity of their words (never by letter or order), taking the pairing with the "
             "greatest total similarity; a draft recommendation without a counterpart was dropped, a final one "
             "without a counterpart was added. Removed words are struck through, added words highlighted.")
    return page("Draft and final reports: what changed", esc(intro), "\n".join(parts))


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    queries = ["query:revisions", "query:statement_revisions"]
    return dict(made_of_rows(ctx, "revisions-page", queries, partial(_files, ds, ctx)))


def _files(ds: Dataset | None, ctx: BuildContext) -> dict[str, bytes]:
    return {"revisions.html": revisions_html(named_rows(ds, ctx, "revisions", keep=False),
                                             named_rows(ds, ctx, "statement_revisions", keep=False))}
