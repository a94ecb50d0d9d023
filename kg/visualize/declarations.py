"""The visualisation's declarations: the groups and edge kinds of kg/data/views.yaml, styled by viz.yaml, and views."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import URIRef

from kg import DATA_DIR
from kg.rdf import view as kg_view

# kg.rdf.view's, which the visualisation's modules and tests have always imported from here.
from kg.rdf.view import DeclarationError as DeclarationError
from kg.rdf.view import Step as Step
from kg.rdf.view import parse_path as parse_path
from kg.rdf.view import term as term

VIZ_FILE = DATA_DIR / "viz.yaml"

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
    from_groups: tuple[str, ...] | None = None  # for a property: only from nodes of these groups (None: any)
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


def _group(name: str, kind: kg_view.NodeKind, raw: dict[str, Any]) -> GroupDecl:
    """The group ``name`` of the view's node ``kind``, styled by its entry of viz.yaml (``raw``, maybe empty)."""
    own = _fields(raw.get("fields"))
    fields = tuple(FieldDecl(a.name, a.path) for a in kind.attributes) + own
    names = [f.name for f in fields]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise DeclarationError(f"group {name}: fields {', '.join(twice)} are the node kind's attributes already")
    details = tuple((title, field_name) for title, field_name in (raw.get("details") or {}).items())
    for _title, field_name in details:
        if field_name not in names:
            raise DeclarationError(f"group {name}: detail field {field_name!r} is not among its fields")
    meetings = raw.get("meetings")
    page = raw.get("page")
    return GroupDecl(
        name=name,
        legend=raw.get("legend", name),
        classes=dict(kind.groups)[name],
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


def _edge(kind: kg_view.EdgeKind, raw: dict[str, Any], view: kg_view.View) -> EdgeDecl:
    """The view's edge ``kind`` as the network names it, styled by its entry of viz.yaml (``raw``, maybe empty)."""
    name = kind.names["network"]
    from_groups = (tuple(group for node in view.nodes if node.name in kind.from_kinds for group, _c in node.groups)
                   if kind.from_kinds else None)
    return EdgeDecl(name=name, legend=raw.get("legend", name), colour=raw["colour"], dashes=bool(raw.get("dashes")),
                    fields=tuple(FieldDecl(a.name, a.path) for a in kind.attributes), via=kind.fact,
                    source=kind.source.path if kind.source else None, target=kind.target.path if kind.target else None,
                    quote=parse_path(raw["quote"]) if raw.get("quote") else None, prop=kind.prop,
                    from_groups=from_groups)


def _styled(view: kg_view.View, raw: dict[str, Any]) -> tuple[tuple[GroupDecl, ...], dict[str, EdgeDecl]]:
    """The view's groups and edge kinds in the network, each with its look from viz.yaml (``unstyled``: the look of
    those it does not style), which may style nothing the view does not declare."""
    unstyled = raw.get("unstyled") or {}
    group_styles = {g["name"]: g for g in raw.get("groups") or ()}
    edge_styles = dict(raw.get("edges") or {})
    groups = tuple(_group(name, kind, group_styles.pop(name, unstyled))
                   for kind in view.nodes_in("network") for name, _classes in kind.groups)
    edges = {kind.names["network"]: _edge(kind, edge_styles.pop(kind.names["network"], unstyled), view)
             for kind in view.edges_in("network")}
    if group_styles or edge_styles:
        raise DeclarationError(f"viz.yaml styles groups or edges views.yaml does not show in the network: "
                               f"{', '.join(sorted([*group_styles, *edge_styles]))}")
    return groups, edges


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


def parse(raw: dict[str, Any], view: kg_view.View | None = None) -> Declarations:
    """Declarations from the parsed YAML and the view (default kg/data/views.yaml), checked: every group, edge and
    term they name exists."""
    groups, edges = _styled(view or kg_view.load(), raw)
    by_name = {g.name: g for g in groups}
    for group in groups:
        for name in group.page_expand or ():
            if name.lstrip("^") not in edges:
                raise DeclarationError(f"group {group.name}: page expands unknown edge {name!r}")
    views = raw.get("views") or {}
    for view_name, shown in views.items():
        for group in shown.get("groups", []):
            if group not in by_name:
                raise DeclarationError(f"view {view_name}: unknown group {group!r}")
        for edge in shown.get("edges", []):
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
def load(path: Path = VIZ_FILE, view_path: Path = kg_view.VIEW_FILE) -> Declarations:
    """The declarations of ``path`` (default kg/data/viz.yaml) over the view of ``view_path``."""
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle), kg_view.load(view_path))
