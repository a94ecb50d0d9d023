"""The steps after the graph, named by module so a capability plugs in with one line, and their contracts."""

from __future__ import annotations

import importlib
from collections.abc import Callable

# Steps after the graph is built, named by module so a new capability plugs in
# with one line.  Each module defines the function named in the comment.
ENRICHERS: list[str] = [  # the hooks of kg.build.assemble: reference_triples, document_triples, meeting_triples
    "kg.enrich.revisions",
    "kg.enrich.themes",
    "kg.enrich.clusters",  # corpus_triples: after the others, whose themes, action types and revisions it reads
]


# validate(ds: Dataset, ctx: BuildContext) -> list[str]: problems found; with validate_parts(parts: GraphParts, ctx),
# a build that assembled its graph calls that instead, and needs no rdflib dataset for it.
VALIDATORS: list[str] = [
    "kg.check.validate",
]


# export(ds, ctx) -> dict[str, kg.build.export.Content]: extra files, bytes or chunks. A module whose export reads only
# ctx.quads and ctx.query_store says READS_RDFLIB = False: it runs after the others, and gets ds=None once the
# rdflib dataset has been let go (a third of a large build's memory).
EXPORTERS: list[str] = [  # those that read the query store last: with --jobs N it is still loading before them
    "kg.visualize.export",
    "kg.publish.jsonld",
    "kg.publish.void",
    "kg.publish.ontology_page",
    "kg.publish.graphml",
    "kg.publish.tables",
    "kg.pages.matrix",
    "kg.pages.revisions",
    "kg.publish.texts",
    "kg.pages.sources",
    "kg.synthesis.page",
    "kg.synthesis.docx",
    "kg.search.export",
]


AFTER_WRITE: list[str] = []  # after_write(out: Path, ctx: BuildContext) -> None


def step_functions(names: list[str], function: str) -> list[Callable[..., object]]:
    return [getattr(importlib.import_module(name), function) for name in names]


def reads_rdflib(module: object) -> bool:
    return bool(getattr(module, "READS_RDFLIB", True))
