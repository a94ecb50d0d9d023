"""Files into one graph: sorted N-Quads lines on disk (assemble_graph), read into an rdflib dataset when asked."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pyoxigraph as ox

from kg.build import steps
from kg.build.assemble import DocumentAssembler
from kg.build.cache import ExtractionCache, code_and_data_fingerprint
from kg.build.context import BuildResult, Progress
from kg.build.documents import documents, new_build
from kg.build.memo import Memo, step_fingerprint
from kg.build.memory import freeze_built
from kg.build.shares import add_document
from kg.namespaces import DEFAULT_BASE
from kg.rdf.io import dataset_of_quads


def build_dataset(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                  progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                  prune_cache: bool = True, follow_symlinks: bool = False, skip: Collection[str] = ()
                  ) -> BuildResult:
    """Read every report under ``inputs`` into one rdflib dataset (``result.dataset``): the graph
    :func:`assemble_graph` makes, the one road of every build, read into memory (``kg diff``, ``--update``).

    With ``cache`` (a folder), a file whose name and content, and the code and reference data, are those of an
    earlier build is not read again: its extraction comes from the cache. With ``prune_cache``, entries this build
    did not use are deleted (files changed or gone), so the cache holds one corpus. ``skip`` names the steps the
    build will not run (the context's ``skipped``).
    """
    result = assemble_graph(inputs, base, data, progress, jobs, cache, follow_symlinks, prune_cache, skip)
    if result.spool is not None:
        result.dataset = dataset_of_quads(ox.parse("".join(result.spool.sorted_lines()).encode("utf-8"),
                                                   format=ox.RdfFormat.N_QUADS))
        result.spool = None
        result.triples = len(result.dataset)
        freeze_built()
    return result


def assemble_graph(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                   progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                   follow_symlinks: bool = False, prune_cache: bool = True, skip: Collection[str] = ()
                   ) -> BuildResult:
    """Read every report under ``inputs`` into the sorted N-Quads lines of its graph (``result.spool``), each
    document resolved, written, enriched and let go in turn: no dataset is held in memory."""
    result, ctx = new_build(base, data, skip)
    extraction_cache = extraction_cache_for(cache, data)
    if cache is not None:
        ctx.memo = Memo(memo_folder(cache), step_fingerprint(data, base))
    assembler = DocumentAssembler(ctx, steps.step_modules(steps.ENRICHERS), jobs=jobs)
    for document in documents(inputs, progress, jobs, extraction_cache, result, ctx.builder, follow_symlinks):
        add_document(document, ctx, assembler)
    if result.built:
        result.spool = assembler.finish(ctx.builder.reference_triples())
        ctx.parts = assembler.parts
    result.unresolved = ctx.resolver.unresolved_rows()
    if extraction_cache is not None and prune_cache:
        extraction_cache.prune()
    return result


def extraction_cache_for(cache: Path | None, data: list[Path] | None) -> ExtractionCache | None:
    return ExtractionCache(cache, code_and_data_fingerprint(data)) if cache is not None else None


def memo_folder(cache: Path) -> Path:
    """Where the pure steps' results are kept, beside the extraction cache ``cache``."""
    return cache.parent / "memo"


def cache_folder(out: Path) -> Path:
    """Where a build into ``out`` keeps its extraction cache (beside the exports it made, hidden)."""
    return out / ".cache" / "extract"
