"""Validation: the built graph against ontology/shapes.ttl, in every build and as `kg validate`; two engines that
give the same results: SPARQL queries compiled from the shapes run on Oxigraph (default, kg.check.shacl_engine),
and pySHACL (the reference)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.build.context import union_graph
from kg.check.results import MAX_LISTED, ShapeReport, ShapeResult, path_text, short

if TYPE_CHECKING:
    from kg.build.context import BuildContext, GraphParts
from kg.namespaces import ONTOLOGY_FILE, SHAPES_FILE
from kg.rdf.io import add_triples, read_dataset

__all__ = ["MAX_LISTED", "ShapeReport", "ShapeResult", "check_graph", "path_text", "short", "validate",
           "validate_parts"]

ENGINES = ("sparql", "pyshacl")
# The engine a build validates with (`kg build --shacl-engine`); a process the build forks inherits it.
ENGINE = "sparql"


def load_shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _path(results: Graph, node: Node) -> str:
    path = results.value(node, SH.resultPath)
    return "" if path is None else path_text(results, path)


def _message(results: Graph, node: Node, shapes: Graph) -> str:
    message = results.value(node, SH.resultMessage)
    if message is None:
        source = results.value(node, SH.sourceShape)
        message = shapes.value(source, SH.message) if source is not None else None
    return str(message) if message is not None else "does not conform"


def check_graph(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None,
                engine: str | None = None) -> ShapeReport:
    """Validate ``data`` against the shapes, with the ontology mixed in so classes take in their subclasses."""
    if (engine or ENGINE) == "sparql":
        return _check_sparql(data, shapes, ontology)
    from pyshacl import validate as shacl_validate  # imported here so other commands start fast

    shapes = load_shapes() if shapes is None else shapes
    ontology = load_ontology() if ontology is None else ontology
    started = time.perf_counter()
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=False, allow_warnings=True
    )
    report = ShapeReport(seconds=time.perf_counter() - started)
    assert isinstance(results, Graph)
    # top-level results only: nested ones (sh:detail, from sh:node) explain these and are not listed again
    for node in results.objects(None, SH.result):
        severity = results.value(node, SH.resultSeverity)
        report.results.append(ShapeResult(
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            focus=short(results.value(node, SH.focusNode)),
            path=_path(results, node),
            constraint=short(results.value(node, SH.sourceConstraintComponent)),
            message=_message(results, node, shapes),
            value=short(results.value(node, SH.value)),
        ))
    report.results.sort()
    return report


def _check_sparql(data: Graph, shapes: Graph | None, ontology: Graph | None) -> ShapeReport:
    from kg.check import shacl_engine as engine

    checks = engine.shape_checks() if shapes is None else tuple(engine.compile_checks(shapes))
    started = time.perf_counter()
    store = engine.data_store(engine.nquads(data), ontology=None if ontology is None else engine.nquads(ontology))
    return ShapeReport(sorted(engine.run_checks(store, checks)), time.perf_counter() - started)


def validate(ds: Dataset, ctx: object = None) -> list[str]:
    """Build step (pipeline VALIDATORS): shape violations of the union of all named graphs, one line each."""
    return _problems(check_graph(union_graph(ds)))


# N-Quads lines per SHACL run when the graph is checked in parts: about twenty reports, a few hundred MB.
PART_LINES = 60_000


def validate_parts(parts: GraphParts, ctx: BuildContext | None = None) -> list[str]:
    """Build step (pipeline VALIDATORS) for a graph assembled in parts (kg.build.assemble.GraphParts): a few meetings
    at a time, each time with the reference graph, so the whole graph is never in memory; what ``validate``
    would find in the whole (each shape looks no further than a meeting and the reference graph), each once.
    A part an earlier build found clean, with the same reference graph, is not checked again (the build's memo)."""
    found: set[ShapeResult] = set()
    started = time.perf_counter()
    memo = ctx.memo if ctx is not None else None
    unchecked: dict[str, str] = {}  # part -> its memo key, for the parts not known to be clean
    todo: list[str] | None = None  # None: every part
    if memo is not None:
        reference = "".join(parts.reference).encode("utf-8")
        # The reference graph goes with every part: hashed once, its digest stands for it in each part's key.
        reference_key = memo.key("shapes-reference", reference).encode("ascii")
        # What stands for each part's lines (GraphParts.digest: the same digest, the same lines), not the lines
        # themselves: hashing every part's lines took half a second of a 100x edit rebuild.
        keys = {part: memo.key("shapes-of-part", reference_key, parts.digest(part), ordered=True)
                for part in parts.keys()}
        unchecked = {part: key for part, key in keys.items() if memo.get(key) is None}
        if not (todo := list(unchecked)):
            return []
    if ENGINE == "sparql":
        from kg.check import shacl_engine as engine

        for batch in parts.batches(PART_LINES, todo):
            found.update(engine.run_checks(engine.data_store(batch), engine.shape_checks()))
    else:
        shapes, ontology = load_shapes(), load_ontology()
        for batch in parts.batches(PART_LINES, todo):
            found.update(check_graph(add_triples(ox.parse(batch, format=ox.RdfFormat.N_QUADS), Graph()),
                                     shapes, ontology, engine="pyshacl").results)
    report = ShapeReport(sorted(found), time.perf_counter() - started)
    if memo is not None and report.conforms:  # every part checked is clean: a later build need not check it again
        for key in unchecked.values():
            memo.put(key, b"")
    return _problems(report)


def _problems(report: ShapeReport) -> list[str]:
    if report.conforms:
        return []
    return [f"{len(report.violations)} SHACL violation(s) of ontology/shapes.ttl:", *report.lines(report.violations)]


def read_exports(exports: Path) -> Dataset:
    """The dataset `kg build` wrote to ``exports`` (graph.nq)."""
    quads = exports / "graph.nq"
    if not quads.exists():
        raise FileNotFoundError(f"no built graph in {exports}/: run `kg build` first")
    return read_dataset(quads)
