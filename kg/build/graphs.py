"""Files into one graph: as an rdflib dataset (build_dataset) or as sorted N-Quads lines on disk (assemble_graph)."""

from __future__ import annotations

from pathlib import Path

from kg.build import steps
from kg.build.assemble import DocumentAssembler, enrich_dataset, enricher_modules
from kg.build.cache import ExtractionCache, code_and_data_fingerprint
from kg.build.context import BuildResult, Progress
from kg.build.documents import documents, new_build
from kg.build.memory import freeze_built
from kg.namespaces import DEFAULT_BASE
from kg.resolve.stage import resolve_document


def build_dataset(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                  progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                  prune_cache: bool = True, keep_document_graphs: bool = False,
                  follow_symlinks: bool = False) -> BuildResult:
    """Read every report under ``inputs`` into one rdflib dataset; bad files are reported, not fatal.

    With ``cache`` (a folder), a file whose name and content, and the code and reference data, are those of an
    earlier build is not read again: its extraction comes from the cache. With ``prune_cache``, entries this build
    did not use are deleted (files changed or gone), so the cache holds one corpus. ``keep_document_graphs``:
    the builder keeps its own copy of the document graphs (``ctx.builder.dataset()`` gives them again).
    :func:`assemble_graph` makes the same graph without holding it in memory.
    """
    result, ctx = new_build(base, data)
    extraction_cache = extraction_cache_for(cache, data)
    for report, facts in documents(inputs, progress, jobs, extraction_cache, result, ctx.builder, follow_symlinks):
        resolution = resolve_document(facts, ctx.resolver, report.file_name)
        ctx.builder.add_document(report.doc_id, report.file_name, facts, resolution)
    if result.built:
        ds = ctx.builder.dataset(release=not keep_document_graphs)
        freeze_built()
        enrich_dataset(ds, ctx, enricher_modules(steps.ENRICHERS))
        result.dataset = ds
        result.triples = len(ds)
        freeze_built()
    result.unresolved = ctx.resolver.unresolved_rows()
    if extraction_cache is not None and prune_cache:
        extraction_cache.prune()
    return result


def assemble_graph(inputs: list[Path], base: str = DEFAULT_BASE, data: list[Path] | None = None,
                   progress: Progress | None = None, jobs: int = 1, cache: Path | None = None,
                   follow_symlinks: bool = False) -> BuildResult:
    """Read every report under ``inputs`` as :func:`build_dataset` does, into the sorted N-Quads lines of the
    same graph (``result.spool``), each document let go once assembled: no dataset is held in memory."""
    result, ctx = new_build(base, data)
    extraction_cache = extraction_cache_for(cache, data)
    assembler = DocumentAssembler(ctx, enricher_modules(steps.ENRICHERS))
    for report, facts in documents(inputs, progress, jobs, extraction_cache, result, ctx.builder, follow_symlinks):
        resolution = resolve_document(facts, ctx.resolver, report.file_name)
        assembler.add_document(report.doc_id, ctx.builder.add_document(report.doc_id, report.file_name, facts, resolution))
        ctx.builder.release(report.doc_id)
    if result.built:
        result.spool = assembler.finish(ctx.builder.reference_triples())
        ctx.parts = assembler.parts
    result.unresolved = ctx.resolver.unresolved_rows()
    if extraction_cache is not None:
        extraction_cache.prune()
    return result


def extraction_cache_for(cache: Path | None, data: list[Path] | None) -> ExtractionCache | None:
    return ExtractionCache(cache, code_and_data_fingerprint(data)) if cache is not None else None


def cache_folder(out: Path) -> Path:
    """Where a build into ``out`` keeps its extraction cache (beside the exports it made, hidden)."""
    return out / ".cache" / "extract"
