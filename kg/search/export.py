"""Build step (kg.build.pipeline.EXPORTERS): search.sqlite for `kg search` and `kg serve`, and the offline search page."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.build.context import Content, made_of_rows, named_rows
from kg.search.index import INDEX_FILE, Passage, build_index
from kg.search.offline import offline_files

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # reads the query store only (kg.build.pipeline.EXPORTERS)


def passages(ds: Dataset | None, ctx: BuildContext | None = None) -> list[Passage]:
    """Every paragraph and recommendation, from queries/passages.rq, in document and text order."""
    return [Passage.from_row(row) for row in named_rows(ds, ctx, "passages")]


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    return dict(made_of_rows(ctx, "search", ["query:passages"], partial(_files, ds, ctx)))


def _files(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    found = passages(ds, ctx)
    index = build_index(found)
    return {INDEX_FILE: index, **offline_files(found, ctx.memo)}
