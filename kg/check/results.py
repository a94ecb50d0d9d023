"""SHACL results as a person reads them: one line each, with prefixed names and the path in SPARQL syntax."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.namespaces import PREFIXES

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
