"""The cross-regional synthesis page: per Congress agenda item, the points several regions made, then each region's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.build.context import Content
from kg.pages.html import esc, page
from kg.synthesis.points import Item, Quote, collect, made_of_synthesis_rows

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # reads the query store only (kg.build.pipeline.EXPORTERS)
PAGE_FILE = "synthesis.html"


def _quote_html(q: Quote, region: bool = True) -> str:
    who = f"<b>{esc(q.who)}</b>: " if region else ""
    return (f'<li class="quote">{who}<q>{esc(q.text)}</q> '
            f'<a class="source" href="{esc(q.link)}">{esc(q.where)}</a></li>')


def synthesis_html(items: list[Item]) -> bytes:
    toc, body = [], []
    for it in items:
        toc.append(f'<li><a href="#{esc(it.anchor)}">{esc(it.title)}</a>: {len(it.shared)} points made by several '
                   f'regions, {sum(len(q) for q in it.alone.values())} by one region</li>')
        parts = [f'<section class="item" id="{esc(it.anchor)}"><h2>{esc(it.title)}</h2>',
                 f"<h3>Points made by several regions ({len(it.shared)})</h3>"]
        for point in it.shared:
            terms = f' <span class="terms">[shared: {esc("; ".join(point.shared_terms))}]</span>' if point.shared_terms else ""
            parts.append(f'<div class="point" data-cluster="{esc(point.cluster)}"><p><b>{esc(point.label)}</b> - '
                         f'{esc(", ".join(point.regions))}{terms}</p><ul>'
                         + "".join(_quote_html(q) for q in point.quotes) + "</ul></div>")
        if not it.shared:
            parts.append("<p>None.</p>")
        parts.append("<h3>Points made by one region</h3>")
        for region in sorted(it.alone):
            parts.append(f'<div class="alone"><h4>{esc(region)} ({len(it.alone[region])})</h4><ul>'
                         + "".join(_quote_html(q, region=False) for q in it.alone[region]) + "</ul></div>")
        body.append("\n".join(parts) + "</section>")
    intro = ("What the regional preparatory meetings recommended, per Congress agenda item: first the points that "
             "several regions made (recommendations of different meetings that ask for the same action on the same "
             "subject: the commitment clusters of queries/commitment_clusters.rq, with the words they share), then "
             "the points one region made alone (queries/single_region_points.rq). Each meeting counts its "
             "recommendations as they stand last: the final report's, and a draft's where no final report revised "
             "it. Every quote links to its paragraph in the source document. The same synthesis, to edit, is "
             'synthesis.docx. <a href="index.html">Back to the index</a>')
    style = ("<style>q { quotes: '\\201C' '\\201D'; } li.quote { margin-bottom: .35rem; } "
             "div.point { margin: .8rem 0; } section.item { border-top: 1px solid #ccc; }</style>")
    return page("Cross-regional synthesis of the recommendations", intro,
                style + '\n<ul class="toc">' + "".join(toc) + "</ul>\n" + "\n".join(body))


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): synthesis.html, from the build's memo when an earlier build wrote it from
    the same rows."""
    return made_of_synthesis_rows(ds, ctx, "synthesis-page", lambda: {PAGE_FILE: synthesis_html(collect(ds, ctx))})
