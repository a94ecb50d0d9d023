"""The view declaration (kg/data/views.yaml): node kinds, edge kinds and their attributes, for networks and tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from rdflib import URIRef
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.paths import Path as RDFPath

from kg import DATA_DIR
from kg.namespaces import CKG, PREFIXES

VIEW_FILE = DATA_DIR / "views.yaml"
OUTPUTS = ("network", "graphml")  # the exports a kind may be left out of, or named differently in

Step = URIRef | RDFPath


class DeclarationError(ValueError):
    """A declaration names something that does not exist (an unknown prefix, term, kind, group or edge)."""


def term(curie: str) -> URIRef:
    """``ckg:Meeting`` -> its IRI; ckg terms must be declared in the ontology (CKG is closed)."""
    prefix, _, local = curie.strip().partition(":")
    if prefix == "ckg":
        try:
            found: URIRef = getattr(CKG, local)
            return found
        except AttributeError as exc:
            raise DeclarationError(f"{curie} is not a term of the ontology") from exc
    if prefix not in PREFIXES or not local:
        raise DeclarationError(f"unknown prefix or term {curie!r}")
    return URIRef(PREFIXES[prefix] + local)


def parse_path(text: str) -> Step:
    """A SPARQL property path of CURIEs with ``/``, ``|`` and ``^`` (no brackets) as an rdflib path."""
    alternatives = []
    for alternative in text.split("|"):
        steps: list[Step] = []
        for part in alternative.split("/"):
            part = part.strip()
            steps.append(InvPath(term(part[1:])) if part.startswith("^") else term(part))
        alternatives.append(steps[0] if len(steps) == 1 else SequencePath(*steps))
    return alternatives[0] if len(alternatives) == 1 else AlternativePath(*alternatives)


class Attribute(NamedTuple):
    """A value a node or edge carries: its name and its path, as written (SPARQL) and as an rdflib path."""

    name: str
    sparql: str
    path: Step


@dataclass(frozen=True)
class NodeKind:
    """Entities of ``classes`` become nodes of this kind; in the network, of the first group whose class they have."""

    name: str
    classes: tuple[URIRef, ...]  # the groups' classes, then the kind's own
    groups: tuple[tuple[str, tuple[URIRef, ...]], ...]
    attributes: tuple[Attribute, ...]
    table: str | None
    names: dict[str, str]  # output (OUTPUTS) -> the kind's name there; an output left out is not a key

    @property
    def group_classes(self) -> frozenset[URIRef]:
        return frozenset(cls for _name, classes in self.groups for cls in classes)


@dataclass(frozen=True)
class EdgeKind:
    """A fact class whose instances link ``source`` to ``target``, or a property between two nodes."""

    name: str
    attributes: tuple[Attribute, ...]
    table: str | None
    names: dict[str, str]
    fact: URIRef | None = None
    source: Attribute | None = None
    target: Attribute | None = None
    prop: URIRef | None = None
    from_kinds: tuple[str, ...] = ()  # for a property: only from nodes of these kinds (none: from any)


@dataclass(frozen=True)
class View:
    """Everything views.yaml declares."""

    nodes: tuple[NodeKind, ...]
    edges: tuple[EdgeKind, ...]

    def nodes_in(self, output: str) -> tuple[NodeKind, ...]:
        """The node kinds ``output`` (network, graphml) shows, in the declared order."""
        return tuple(kind for kind in self.nodes if output in kind.names)

    def edges_in(self, output: str) -> tuple[EdgeKind, ...]:
        return tuple(kind for kind in self.edges if output in kind.names)

    def kind_of_group(self, group: str) -> NodeKind:
        return next(kind for kind in self.nodes if group in dict(kind.groups))


def attribute(name: str, text: str) -> Attribute:
    return Attribute(name, text, parse_path(text))


def _attributes(raw: dict[str, str] | None) -> tuple[Attribute, ...]:
    return tuple(attribute(name, text) for name, text in (raw or {}).items())


def _names(name: str, raw: dict[str, Any]) -> dict[str, str]:
    """Output -> the kind's name there: its own unless the declaration gives another; left out when false."""
    names = {}
    for output in OUTPUTS:
        given = raw.get(output, True)
        if given is not False:
            names[output] = name if given is True else str(given)
    return names


def _node(name: str, raw: dict[str, Any]) -> NodeKind:
    groups = tuple((group, tuple(term(c) for c in classes)) for group, classes in (raw.get("groups") or {}).items())
    classes = tuple(cls for _group, group_classes in groups for cls in group_classes)
    classes += tuple(term(c) for c in raw.get("classes") or ())
    if not classes:
        raise DeclarationError(f"node kind {name}: no classes")
    names = _names(name, raw)
    if not groups:
        names.pop("network", None)
    return NodeKind(name, classes, groups, _attributes(raw.get("attributes")), raw.get("table"), names)


def _edge(name: str, raw: dict[str, Any]) -> EdgeKind:
    common: dict[str, Any] = dict(name=name, attributes=_attributes(raw.get("attributes")), table=raw.get("table"),
                                  names=_names(name, raw))
    if "fact" in raw:
        return EdgeKind(fact=term(raw["fact"]), source=attribute("source", raw["source"]),
                        target=attribute("target", raw["target"]), **common)
    if "property" not in raw:
        raise DeclarationError(f"edge kind {name}: neither a fact nor a property")
    return EdgeKind(prop=term(raw["property"]), from_kinds=tuple(raw.get("from") or ()), **common)


def parse(raw: dict[str, Any]) -> View:
    """The view of the parsed YAML, checked: every term, kind and table it names exists once."""
    nodes = tuple(_node(name, spec) for name, spec in raw["nodes"].items())
    edges = tuple(_edge(name, spec) for name, spec in raw["edges"].items())
    node_names = {kind.name for kind in nodes}
    for edge in edges:
        for name in edge.from_kinds:
            if name not in node_names:
                raise DeclarationError(f"edge kind {edge.name}: unknown node kind {name!r}")
    kinds: tuple[NodeKind | EdgeKind, ...] = (*nodes, *edges)
    named = {"groups": [group for kind in nodes for group, _classes in kind.groups],
             "tables": [kind.table for kind in kinds if kind.table]}
    for output in OUTPUTS:
        named[f"{output} node kinds"] = [k.names[output] for k in nodes if output in k.names]
        named[f"{output} edge kinds"] = [k.names[output] for k in edges if output in k.names]
    for what, names in named.items():
        if twice := sorted({n for n in names if names.count(n) > 1}):
            raise DeclarationError(f"{what} declared twice: {', '.join(twice)}")
    return View(nodes, edges)


@lru_cache(maxsize=4)
def load(path: Path = VIEW_FILE) -> View:
    """The view of ``path`` (default kg/data/views.yaml)."""
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
