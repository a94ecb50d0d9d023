"""The cross-regional synthesis page: per Congress agenda item, the points several regions made, then each region's own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.enrich.clusters import congress_of
from kg.pages.html import dataset_store, esc, page, run_named
from kg.search.index import source_link

if TYPE_CHECKING:
    from kg.pipeline import BuildContext

READS_RDFLIB = False  # reads the query store only (kg.pipeline.EXPORTERS)
PAGE_FILE = "synthesis.html"


@dataclass(frozen=True)
class Quote:
    """One recommendation as the synthesis quotes it, with where it comes from and its source page."""

    region: str
    meeting_label: str
    document_file: str
    paragraph_number: str
    letter: str
    text: str
    link: str

    @property
    def where(self) -> str:
        para = f", para. {self.paragraph_number}" if self.paragraph_number else ""
        return f"{self.document_file}{para} ({self.letter})"

    @property
    def who(self) -> str:
        return self.region or self.meeting_label


@dataclass
class Point:
    """A point made by several regions (a commitment cluster): its label, evidence and quotes."""

    cluster: str
    label: str
    score: str
    shared_terms: list[str]
    quotes: list[Quote] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        return sorted({q.who for q in self.quotes})


@dataclass
class Item:
    """One Congress agenda item of one Congress: its shared points, and the points each region made alone."""

    congress: str
    congress_item: str
    rpm_items: set[str] = field(default_factory=set)
    shared: list[Point] = field(default_factory=list)
    alone: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))

    @property
    def title(self) -> str:
        if self.congress_item:
            name = f"Congress agenda item {self.congress_item}"
        else:
            name = "Meeting agenda item " + ", ".join(sorted(self.rpm_items))
        return f"{name} ({self.congress})"

    @property
    def anchor(self) -> str:
        return "item-" + "".join(c if c.isalnum() else "-" for c in f"{self.congress}-{self.congress_item or 'rpm'}")


def _quote(row: dict[str, str], page_prefix: str) -> Quote:
    link = source_link({"passage": row["recommendation"], "kind": "recommendation", "paragraph_number": "",
                        "rpm_item": row["rpm_item"], "letter": row["letter"]})
    return Quote(row["region"], row["meeting_label"], row["document_file"], row["paragraph_number"], row["letter"],
                 row["text"], page_prefix + link)


def collect(ds: Dataset | None, ctx: BuildContext | None = None, page_prefix: str = "") -> list[Item]:
    """The synthesis from queries/commitment_clusters.rq and queries/single_region_points.rq, items in order."""
    store = dataset_store(ds, ctx)
    items: dict[tuple[str, str], Item] = {}

    def item(congress: str, congress_item: str, rpm_item: str) -> Item:
        key = (congress, congress_item or f"rpm {rpm_item}")
        found = items.setdefault(key, Item(congress, congress_item))
        found.rpm_items.add(rpm_item)
        return found

    points: dict[str, Point] = {}
    for row in run_named(store, "commitment_clusters"):
        target = item(row["congress"], row["congress_item"], row["rpm_item"])
        if row["cluster"] not in points:
            terms = sorted(t for t in row["shared_terms"].split("; ") if t)
            points[row["cluster"]] = Point(row["cluster"], row["cluster_label"], row["cluster_score"], terms)
            target.shared.append(points[row["cluster"]])
        points[row["cluster"]].quotes.append(_quote(row, page_prefix))
    for row in run_named(store, "single_region_points"):
        congress = congress_of(row["meeting_label"], [s for s in row["symbols"].split("; ") if s])
        quote = _quote(row, page_prefix)
        item(congress, row["congress_item"], row["rpm_item"]).alone[quote.who].append(quote)
    for found in items.values():
        found.shared.sort(key=lambda p: (-len(p.regions), p.label, p.cluster))
    return [items[k] for k in sorted(items, key=lambda k: (k[0], k[1].zfill(3)))]


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


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, bytes]:
    return {PAGE_FILE: synthesis_html(collect(ds, ctx))}
