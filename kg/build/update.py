"""Rebuild some documents only: replace their named graphs in the existing exports and write every export again."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.build import steps
from kg.build.assemble import assemble_dataset
from kg.build.context import BuildError, BuildResult, Progress
from kg.build.graphs import build_dataset, cache_folder
from kg.build.memory import long_lived_heap
from kg.build.outputs import write_outputs
from kg.namespaces import CKG, DEFAULT_BASE
from kg.rdf.io import TooLargeForMemory, read_dataset
from kg.reference.lexicon import name_key

Row = tuple[str, str, str, str]


def load_exports(out: Path) -> Dataset:
    """The dataset `kg build` wrote to ``out`` (from graph.nq, which holds every named graph)."""
    path = out / "graph.nq"
    if not path.exists():
        raise BuildError(f"no exports to update in {out}/ (no graph.nq): run `kg build` without --update first")
    try:
        return read_dataset(path)
    except TooLargeForMemory as exc:  # --update works on the whole graph in rdflib; a full build does not
        raise BuildError(f"{exc}; or rebuild without --update (unchanged files come from the cache)") from None


def document_graphs(ds: Dataset) -> dict[URIRef, Graph]:
    """The named graphs that hold a report: one per source document."""
    return {
        g.identifier: g for g in ds.graphs()
        if isinstance(g.identifier, URIRef) and any(True for _ in g.subjects(RDF.type, CKG.Report))
    }


def _reachable(reference: Graph, graphs: Iterable[Graph]) -> set[URIRef]:
    """The reference graph's subjects that the given graphs name, and what those name in turn."""
    subjects = {s for s in reference.subjects() if isinstance(s, URIRef)}
    todo = [t for g in graphs for triple in g for t in triple if isinstance(t, URIRef) and t in subjects]
    seen: set[URIRef] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for o in reference.objects(node) if isinstance(o, URIRef) and o in subjects)
    return seen


def read_unresolved(out: Path) -> list[Row]:
    path = out / "unresolved.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["kind"], r["name"], r["guessed_type"], r["documents"]) for r in csv.DictReader(handle)]


def merge_unresolved(old: list[Row], replaced: set[str], new: list[Row]) -> list[Row]:
    """The old rows without the replaced files, then the new rows, one row per name as Resolver gives them."""
    merged: dict[tuple[str, str], tuple[str, str, set[str]]] = {}
    for kind, name, guess, documents in old:
        files = set(documents.split()) - replaced
        if files:
            merged[(kind, name_key(name))] = (name, guess, files)
    for kind, name, guess, documents in new:
        key = (kind, name_key(name))
        if key in merged:
            merged[key][2].update(documents.split())
        else:
            merged[key] = (name, guess, set(documents.split()))
    return sorted((kind, name, guess, " ".join(sorted(files))) for (kind, _), (name, guess, files) in merged.items())


def update(inputs: list[Path], out: Path, base: str = DEFAULT_BASE, data: list[Path] | None = None,
           progress: Progress | None = None, skip: Collection[str] = (), jobs: int = 1,
           use_cache: bool = True, follow_symlinks: bool = False) -> BuildResult:
    """Rebuild the documents in ``inputs`` into the exports in ``out``, keeping every other document as it is.

    Each rebuilt document's named graph replaces the one of the same document id
    (or is added); the reference graph keeps what the other documents still name
    and gains what the rebuilt ones name; the derived graph and every export are
    made again (``skip``: export steps not to run, as for a full build). The result equals a full build of the
    same files.
    """
    with long_lived_heap():
        return _update(inputs, out, base, data, progress, skip, jobs, use_cache, follow_symlinks)


def _update(inputs: list[Path], out: Path, base: str, data: list[Path] | None, progress: Progress | None,
            skip: Collection[str], jobs: int, use_cache: bool, follow_symlinks: bool) -> BuildResult:
    old = load_exports(out)
    # The cache keeps the other documents' entries: only the named files are looked at here.
    result = build_dataset(inputs, base, data, progress, jobs, cache_folder(out) if use_cache else None,
                           prune_cache=False, follow_symlinks=follow_symlinks, skip=skip)
    ctx = result.context
    if result.dataset is None or ctx is None:
        return result
    iris = ctx.builder.iris
    fresh = result.dataset  # the rebuilt documents and their reference triples (what was derived is made again)
    rebuilt = {iris.graph(doc_id) for doc_id in ctx.builder.graphs}
    kept = {iri: g for iri, g in document_graphs(old).items() if iri not in rebuilt}
    replaced = {str(name) for iri, g in document_graphs(old).items() if iri in rebuilt
                for name in g.objects(None, CKG.fileName)}
    ds = Dataset()
    for iri, graph in sorted(kept.items()):
        target = ds.graph(iri)
        for triple in graph:
            target.add(triple)
    for iri in sorted(rebuilt):
        target = ds.graph(iri)
        for triple in fresh.graph(iri):
            target.add(triple)
    old_reference = old.graph(iris.reference_graph())
    reference = ds.graph(iris.reference_graph())
    for subject in _reachable(old_reference, kept.values()):
        for p, o in old_reference.predicate_objects(subject):
            reference.add((subject, p, o))
    for triple in fresh.graph(iris.reference_graph()):
        reference.add(triple)
    # The one road of every build: the kept and rebuilt documents assembled, their derived graph made again.
    spool = assemble_dataset(ds, ctx, steps.step_modules(steps.ENRICHERS))
    result.dataset = None
    result.unresolved = merge_unresolved(read_unresolved(out), replaced, result.unresolved)
    write_outputs(out, ctx, spool, result.unresolved, jobs)
    result.triples = ctx.triples
    return result
