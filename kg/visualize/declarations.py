"""The visualisation's declarations (kg/data/viz.yaml): node groups, edge kinds, views and pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import URIRef
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.paths import Path as RDFPath

from kg import DATA_DIR
from kg.namespaces import CKG, PREFIXES

VIZ_FILE = DATA_DIR / "viz.yaml"

Step = URIRef | RDFPath


class DeclarationError(ValueError):
    """viz.yaml names something that does not exist (an unknown prefix, term, group or edge)."""


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


@dataclass(frozen=True)
class FieldDecl:
    """A value a node or edge shows: where it is in the graph and which one to show if several."""

    name: str
    path: Step
    pick: str = "first"  # first (in sorted order), shortest, join
    max_length: int | None = None
    values: tuple[tuple[str, str], ...] = ()  # words shown for raw values ("final_report" -> "final report")


@dataclass(frozen=True)
class GroupDecl:
    """A node group: the classes it holds, its look, caption, tooltip and page."""

    name: str
    legend: str
    classes: tuple[URIRef, ...]
    shape: str
    colour: str
    fields: tuple[FieldDecl, ...]
    caption: tuple[str, ...]
    heading: tuple[str, ...]  # formats of the tooltip's and panel's heading; none: the node's rdfs:label
    details: tuple[tuple[str, str], ...]
    quote: str | None
    quote_source: str | None
    meetings: Step | None
    is_meeting: bool
    font_size: int | None
    size: float | None
    page_expand: tuple[str, ...] | None  # None: no page of its own
    page_depth: int = 1

    @property
    def has_page(self) -> bool:
        return self.page_expand is not None


@dataclass(frozen=True)
class EdgeDecl:
    """An edge kind: a class whose instances link two nodes, or a property between nodes."""

    name: str
    legend: str
    colour: str
    dashes: bool
    via: URIRef | None = None
    source: Step | None = None
    target: Step | None = None
    quote: Step | None = None
    prop: URIRef | None = None
    from_groups: tuple[str, ...] = ()
    fields: tuple[FieldDecl, ...] = ()


@dataclass(frozen=True)
class BandDecl:
    """A band of a layered drawing: its groups (a block each), and, for a band under another, the edge kind from
    each node to its parent in the band above and the columns of the grid its children form under it."""

    groups: tuple[str, ...]
    under: str | None = None
    columns: int | None = None  # children of one parent in a grid this wide; none: each child its own slot
    dx: float = 150.0  # between the centres of neighbours, canvas pixels
    dy: float = 90.0
    gap: float | None = None  # above the band, when not the drawing's own gap


@dataclass(frozen=True)
class LayeredDecl:
    """Views and pages drawn in bands from positions computed at build time, instead of by physics."""

    views: tuple[str, ...]
    pages: tuple[str, ...]  # groups whose nodes' own pages are drawn so
    bands: tuple[BandDecl, ...]
    aspect: float = 1.4  # the drawing's width over its height, about: for views
    page_aspect: float = 1.0  # and for pages, which have a side panel
    gap: float = 120.0  # between bands
    options: dict[str, Any] = field(default_factory=dict)  # vis.js options for these pages


@dataclass(frozen=True)
class Declarations:
    """Everything viz.yaml declares."""

    layout: dict[str, Any]
    groups: tuple[GroupDecl, ...]
    edges: dict[str, EdgeDecl]
    views: dict[str, dict[str, Any]]
    pictures: dict[str, Any]
    caption_overrides: dict[str, str] = field(default_factory=dict)
    group_by_name: dict[str, GroupDecl] = field(default_factory=dict)
    index_pages: tuple[dict[str, str], ...] = ()  # the other HTML pages of the exports, for index.html
    layered: LayeredDecl | None = None

    def group(self, name: str) -> GroupDecl:
        return self.group_by_name[name]


def _fields(raw: dict[str, Any] | None) -> tuple[FieldDecl, ...]:
    out = []
    for name, spec in (raw or {}).items():
        if isinstance(spec, str):
            spec = {"path": spec}
        words = tuple((str(raw_value), str(shown)) for raw_value, shown in (spec.get("values") or {}).items())
        out.append(FieldDecl(name, parse_path(spec["path"]), spec.get("pick", "first"), spec.get("max_length"), words))
    return tuple(out)


def _group(raw: dict[str, Any]) -> GroupDecl:
    fields = _fields(raw.get("fields"))
    names = {f.name for f in fields}
    details = tuple((title, name) for title, name in (raw.get("details") or {}).items())
    for _title, name in details:
        if name not in names:
            raise DeclarationError(f"group {raw['name']}: detail field {name!r} is not among its fields")
    meetings = raw.get("meetings")
    page = raw.get("page")
    return GroupDecl(
        name=raw["name"],
        legend=raw.get("legend", raw["name"]),
        classes=tuple(term(c) for c in raw["classes"]),
        shape=raw.get("shape", "dot"),
        colour=raw["colour"],
        fields=fields,
        caption=tuple(raw.get("caption") or ()),
        heading=tuple(raw.get("heading") or ()),
        details=details,
        quote=raw.get("quote"),
        quote_source=raw.get("quote_source"),
        meetings=parse_path(meetings) if meetings and meetings != "self" else None,
        is_meeting=meetings == "self",
        font_size=raw.get("font_size"),
        size=raw.get("size"),
        page_expand=tuple((page or {}).get("expand") or ()) if page is not None else None,
        page_depth=int((page or {}).get("depth", 1)),
    )


def _edge(name: str, raw: dict[str, Any]) -> EdgeDecl:
    common = dict(name=name, legend=raw.get("legend", name), colour=raw["colour"], dashes=bool(raw.get("dashes")),
                  fields=_fields(raw.get("fields")))
    if "via" in raw:
        return EdgeDecl(via=term(raw["via"]), source=parse_path(raw["source"]), target=parse_path(raw["target"]),
                        quote=parse_path(raw["quote"]) if raw.get("quote") else None, **common)
    return EdgeDecl(prop=term(raw["property"]), from_groups=tuple(raw.get("from") or ()), **common)


def _layered(raw: dict[str, Any] | None, groups: dict[str, GroupDecl], edges: dict[str, EdgeDecl],
             views: dict[str, Any]) -> LayeredDecl | None:
    if not raw:
        return None
    bands = []
    for band in raw["bands"]:
        spacing = band.get("spacing") or {}
        bands.append(BandDecl(tuple(band["groups"]), band.get("under"), band.get("columns"),
                              float(spacing.get("x", 150)), float(spacing.get("y", 90)),
                              float(band["gap"]) if "gap" in band else None))
    for band in bands:
        for group in band.groups:
            if group not in groups:
                raise DeclarationError(f"layered: unknown group {group!r}")
        if band.under is not None and band.under not in edges:
            raise DeclarationError(f"layered: unknown edge {band.under!r}")
    if bands and bands[0].under is not None:
        raise DeclarationError("layered: the first band has no band above it to be under")
    for name in raw.get("views") or ():
        if name not in views:
            raise DeclarationError(f"layered: unknown view {name!r}")
    for name in raw.get("pages") or ():
        if name not in groups:
            raise DeclarationError(f"layered: unknown group {name!r}")
    aspect = raw.get("aspect") or {}
    return LayeredDecl(tuple(raw.get("views") or ()), tuple(raw.get("pages") or ()), tuple(bands),
                       float(aspect.get("views", 1.4)), float(aspect.get("pages", 1.0)), float(raw.get("gap", 120)),
                       dict(raw.get("options") or {}))


def parse(raw: dict[str, Any]) -> Declarations:
    """Declarations from the parsed YAML, checked: every group, edge and term it names exists."""
    groups = tuple(_group(g) for g in raw["groups"])
    by_name = {g.name: g for g in groups}
    edges = {name: _edge(name, spec) for name, spec in raw["edges"].items()}
    for edge in edges.values():
        for group_name in edge.from_groups:
            if group_name not in by_name:
                raise DeclarationError(f"edge {edge.name}: unknown group {group_name!r}")
    for group in groups:
        for name in group.page_expand or ():
            if name.lstrip("^") not in edges:
                raise DeclarationError(f"group {group.name}: page expands unknown edge {name!r}")
    views = raw.get("views") or {}
    for view_name, view in views.items():
        for group in view.get("groups", []):
            if group not in by_name:
                raise DeclarationError(f"view {view_name}: unknown group {group!r}")
        for edge in view.get("edges", []):
            if edge not in edges:
                raise DeclarationError(f"view {view_name}: unknown edge {edge!r}")
    index_pages = tuple(dict(entry) for entry in (raw.get("index") or {}).get("pages", []))
    for entry in index_pages:
        if not {"file", "title"} <= entry.keys():
            raise DeclarationError(f"index: a page needs a file and a title: {entry}")
    return Declarations(raw.get("layout") or {}, groups, edges, views, raw.get("pictures") or {},
                        dict(raw.get("caption_overrides") or {}), by_name, index_pages,
                        _layered(raw.get("layered"), by_name, edges, views))


@lru_cache(maxsize=4)
def load(path: Path = VIZ_FILE) -> Declarations:
    """The declarations of ``path`` (default kg/data/viz.yaml)."""
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
