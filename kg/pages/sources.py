"""The source pages: each document's paragraphs and recommendations, anchored, for links from search and synthesis."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import astuple
from functools import partial
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.build.context import made_of_rows
from kg.pages.html import esc, page
from kg.search.export import passages
from kg.search.index import Passage

if TYPE_CHECKING:
    from kg.build.context import BuildContext, Content

READS_RDFLIB = False  # reads the query store only (kg.build.pipeline.EXPORTERS)


def source_page(document_file: str, items: list[Passage]) -> bytes:
    """One document: its paragraphs (id p12) and recommendations (id r-5d-a) in the order of the text."""
    first = items[0]
    rows = []
    for p in items:
        target = p.page.split("#", 1)[1]
        if p.kind == "recommendation":
            rows.append(f'<p id="{esc(target)}" class="rec"><b>({esc(p.letter)})</b> {esc(p.text)}</p>')
        else:
            item = f' <span class="terms">[item {esc(p.rpm_item)}]</span>' if p.rpm_item else ""
            rows.append(f'<p id="{esc(target)}"><b>{esc(p.paragraph_number)}.</b> {esc(p.text)}{item}</p>')
    kind = "draft report" if first.is_draft else "final report"
    intro = (f'{esc(first.meeting_label or "No meeting named")}, {kind}. The numbered paragraphs and lettered '
             'recommendations as the graph holds them, in the order of the text.')
    style = "<style>p.rec { margin-left: 2rem; } :target { background: #fff3b0; }</style>"
    return page(document_file, intro, style + "\n" + "\n".join(rows), index_url="../index.html")


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    return dict(made_of_rows(ctx, "source-pages", ["query:passages"], partial(_pages, ds, ctx)))


def _pages(ds: Dataset | None, ctx: BuildContext) -> dict[str, bytes]:
    by_page: dict[str, list[Passage]] = defaultdict(list)
    for p in passages(ds, ctx):
        by_page[p.page.split("#", 1)[0]].append(p)
    memo = ctx.memo
    pages = {}
    for name, items in sorted(by_page.items()):
        def make(items: list[Passage] = items) -> bytes:
            return source_page(items[0].document_file, items)

        # A page is its passages alone: kept in the build's memo, an edit remakes only its own document's page.
        passages_text = json.dumps([astuple(p) for p in items], ensure_ascii=True).encode("ascii")
        pages[name] = memo.made(memo.key("source-page", passages_text), make) if memo is not None else make()
    return pages
