"""The synthesis: per Congress agenda item, the points several regions made and those one region made alone."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.build.context import Content, made_of_rows, named_rows
from kg.enrich.clusters import congress_of
from kg.search.index import source_link

if TYPE_CHECKING:
    from kg.build.context import BuildContext


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


def made_of_synthesis_rows(ds: Dataset | None, ctx: BuildContext, step: str,
                           make: Callable[[], Mapping[str, Content]]) -> dict[str, Content]:
    """The files ``make`` gives, kept in the memo under the rows the synthesis is made of: the clusters, from the
    whole store (they span meetings), and the points one region made alone, meeting by meeting."""
    clusters = json.dumps(named_rows(ds, ctx, "commitment_clusters"), ensure_ascii=False, sort_keys=True)
    return dict(made_of_rows(ctx, step, ["query:single_region_points"], make, also=clusters.encode("utf-8")))


def collect(ds: Dataset | None, ctx: BuildContext | None = None, page_prefix: str = "") -> list[Item]:
    """The synthesis from queries/commitment_clusters.rq and queries/single_region_points.rq, items in order."""
    items: dict[tuple[str, str], Item] = {}

    def item(congress: str, congress_item: str, rpm_item: str) -> Item:
        key = (congress, congress_item or f"rpm {rpm_item}")
        found = items.setdefault(key, Item(congress, congress_item))
        found.rpm_items.add(rpm_item)
        return found

    points: dict[str, Point] = {}
    for row in named_rows(ds, ctx, "commitment_clusters"):
        target = item(row["congress"], row["congress_item"], row["rpm_item"])
        if row["cluster"] not in points:
            terms = sorted(t for t in row["shared_terms"].split("; ") if t)
            points[row["cluster"]] = Point(row["cluster"], row["cluster_label"], row["cluster_score"], terms)
            target.shared.append(points[row["cluster"]])
        points[row["cluster"]].quotes.append(_quote(row, page_prefix))
    for row in named_rows(ds, ctx, "single_region_points"):
        congress = congress_of(row["meeting_label"], [s for s in row["symbols"].split("; ") if s])
        quote = _quote(row, page_prefix)
        item(congress, row["congress_item"], row["rpm_item"]).alone[quote.who].append(quote)
    for found in items.values():
        found.shared.sort(key=lambda p: (-len(p.regions), p.label, p.cluster))
    return [items[k] for k in sorted(items, key=lambda k: (k[0], k[1].zfill(3)))]
