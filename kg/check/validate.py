"""Validation: the built graph against ontology/shapes.ttl (pySHACL), in every build and as `kg validate`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.build.export import union_graph

if TYPE_CHECKING:
    from kg.build.assemble import GraphParts
from kg.namespaces import ONTOLOGY_FILE, PREFIXES, SHAPES_FILE
from kg.rdf.io import add_triples, read_dataset

# How many results a failed build prints before summing up the rest.
MAX_LISTED = 40
# Prefixes for readable results, longest namespace first (wd: IRIs stay whole).
_PREFIXES = sorted(({**PREFIXES, "sh": str(SH)}).items(), key=lambda kv: -len(kv[1]))
_NAMES = Graph(bind_namespaces="none").namespace_manager
for _prefix, _iri in _PREFIXES:
    _NAMES.bind(_prefix, _iri)


@dataclass(frozen=True, order=True)
class ShapeResult:
    """One SHACL result, reduced to what a person needs to find and fix it."""

    severity: str
    focus: str
    path: str
    constraint: str
    message: str
    value: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message} [{self.constraint}]{value}"


@dataclass
class ShapeReport:
    """The outcome of validating a graph: every result, sorted, and how long it took."""

    results: list[ShapeResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def violations(self) -> list[ShapeResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ShapeResult]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def lines(self, results: list[ShapeResult] | None = None, limit: int = MAX_LISTED) -> list[str]:
        chosen = self.results if results is None else results
        shown = [str(r) for r in chosen[:limit]]
        if len(chosen) > limit:
            shown.append(f"... and {len(chosen) - limit} more")
        return shown


def load_shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def short(term: Node | None) -> str:
    """A term as a person reads it: a prefixed name, an <IRI> or a literal in Turtle form."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, iri in _PREFIXES:
            if text.startswith(iri) and prefix != "wd":
                return f"{prefix}:{text[len(iri):]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        return term.n3(_NAMES)
    return "[]"


def _path(results: Graph, node: Node) -> str:
    path = results.value(node, SH.resultPath)
    return "" if path is None else path_text(results, path)


def path_text(g: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax: ckg:actor, ^oa:hasBody, ckg:draftReport/ckg:reportsOn."""
    if isinstance(path, URIRef):
        return short(path)
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        inner = path_text(g, inverse)
        return f"^{inner}" if isinstance(inverse, URIRef) else f"^({inner})"
    if g.value(path, RDF.first) is not None:
        steps = list(Collection(g, path))
        return "/".join(path_text(g, step) if isinstance(step, URIRef) or g.value(step, RDF.first) is None
                        else f"({path_text(g, step)})" for step in steps)
    return short(path)


def _message(results: Graph, node: Node, shapes: Graph) -> str:
    message = results.value(node, SH.resultMessage)
    if message is None:
        source = results.value(node, SH.sourceShape)
        message = shapes.value(source, SH.message) if source is not None else None
    return str(message) if message is not None else "does not conform"


def check_graph(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> ShapeReport:
    """Validate ``data`` against the shapes, with the ontology mixed in so classes take in their subclasses."""
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


def validate(ds: Dataset, ctx: object = None) -> list[str]:
    """Build step (pipeline VALIDATORS): shape violations of the union of all named graphs, one line each."""
    return _problems(check_graph(union_graph(ds)))


# N-Quads lines per SHACL run when the graph is checked in parts: about twenty reports, a few hundred MB.
PART_LINES = 60_000


def validate_parts(parts: GraphParts, ctx: object = None) -> list[str]:
    """Build step (pipeline VALIDATORS) for a graph assembled in parts (kg.build.assemble.GraphParts): a few meetings
    at a time, each time with the reference graph, so the whole graph is never in memory; what ``validate``
    would find in the whole (each shape looks no further than a meeting and the reference graph), each once."""
    shapes, ontology = load_shapes(), load_ontology()
    found: set[ShapeResult] = set()
    started = time.perf_counter()
    for batch in parts.batches(PART_LINES):
        found.update(check_graph(add_triples(ox.parse(batch, format=ox.RdfFormat.N_QUADS), Graph()),
                                 shapes, ontology).results)
    return _problems(ShapeReport(sorted(found), time.perf_counter() - started))


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
