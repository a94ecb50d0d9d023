"""Network pages: a networkx view becomes an HTML file through pyvis, sharing one offline copy of vis.js and styles."""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from pyvis.network import Network

from kg.visualize.declarations import Declarations
from kg.visualize.graph_to_networkx import Quote
from kg.visualize.layout import natural, positions

PAGES_DIR = "viz"  # pages and pictures live here, under the exports folder; index.html beside it
ASSETS_DIR = "assets"  # in the pages folder: the one copy of vis.js, our script and style that every page loads
TEMPLATES = Path(__file__).resolve().parent / "templates"
# pyvis ships vis-network (Apache-2.0 or MIT); every page loads this one copy from the assets folder, so the pages
# work offline without each inlining its 470 KB.
VIS_JS = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
ASSETS = {"vis-network.min.js": VIS_JS, "page.js": TEMPLATES / "page.js", "page.css": TEMPLATES / "page.css"}


def assets() -> dict[str, bytes]:
    """The shared files of the pages, by their path in the pages folder."""
    return {posixpath.join(ASSETS_DIR, name): path.read_bytes() for name, path in sorted(ASSETS.items())}


@dataclass
class PageSpec:
    """What one page shows: a view of the graph, its title, its centre node (entity pages) and colours."""

    path: str  # relative to the pages folder, e.g. "state/BRA.html"
    title: str
    view: nx.Graph[str]
    centre: str | None = None
    intro: str = ""
    communities: dict[str, int] = field(default_factory=dict)
    edge_legend: list[dict[str, Any]] = field(default_factory=list)
    layered: bool = False  # drawn in bands from positions computed here (viz.yaml `layered`), not by physics


def link(from_page: str, to_page: str) -> str:
    """Relative URL from one page to another, both relative to the same folder."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _quotes(quotes: list[Quote], limit: int, chars: int) -> list[dict[str, str]]:
    return [{"text": _cut(q.text, chars), "before": q.before, "after": q.after, "source": q.source}
            for q in quotes[:limit]]


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _size(degree: int, top: int, size: dict[str, int]) -> float:
    low, high = size.get("min", 12), size.get("max", 40)
    return round(low + (high - low) * math.sqrt(degree / top), 2) if top else low


class PageRenderer:
    """Renders pages of one build: knows the full graph (for captions and links) and the declarations."""

    def __init__(self, graph: nx.MultiDiGraph[str], decl: Declarations) -> None:
        self.graph = graph
        self.decl = decl
        self.layout = decl.layout
        self.chars = int(self.layout.get("quote_chars", 400))
        self.max_quotes = int(self.layout.get("max_quotes", 4))
        meetings = [n for n, d in graph.nodes(data=True) if decl.group(d["group"]).is_meeting]
        self.meetings = [{"id": m, "caption": graph.nodes[m]["caption"]} for m in sorted(meetings)]

    # -- nodes and edges as vis.js wants them ----------------------------------------------------------
    def _tip(self, key: str) -> dict[str, Any]:
        data = self.graph.nodes[key]
        group = self.decl.group(data["group"])
        tip: dict[str, Any] = {"heading": data["heading"], "kind": group.legend, "rows": data["details"], "quotes": []}
        if data.get("quote"):
            tip["quotes"] = [{"text": _cut(data["quote"], self.chars), "source": data.get("quote_source") or ""}]
        return tip

    def _crowded(self, page: PageSpec) -> dict[str, Any]:
        """The physics for a view of many nodes drawn by physics, else none."""
        crowded = self.layout.get("crowded", {})
        return crowded if page.view.number_of_nodes() > crowded.get("above", 10**9) else {}

    def _size(self, page: PageSpec, key: str, degree: int, top: int) -> float:
        """A node's size: declared for its group, else growing with its degree; the centre of a page the largest."""
        sizes = self.layout.get("size", {})
        if key == page.centre:
            return float(sizes.get("max", 40))
        return float(self.decl.group(self.graph.nodes[key]["group"]).size or _size(degree, top, sizes))

    def ranks(self, page: PageSpec, degree: dict[str, int]) -> dict[str, int]:
        """The order in which labels claim their place (0 first): the page's centre, the groups viz.yaml puts first
        (in that order), the others by degree, then the groups it puts last, by degree."""
        labels = self.layout.get("labels", {})
        first, last = list(labels.get("first", ())), list(labels.get("last", ()))
        nodes = self.graph.nodes

        def key(node: str) -> tuple[Any, ...]:
            group = nodes[node]["group"]
            tier = 0 if node == page.centre else (1 + first.index(group) if group in first else
                                                   len(first) + 2 if group in last else len(first) + 1)
            return tier, -degree[node], natural(nodes[node]["caption"]), node

        return {node: rank for rank, node in enumerate(sorted(page.view.nodes, key=key))}

    def _node(self, page: PageSpec, key: str, size: float, rank: int, net: Network,
              at: tuple[float, float] | None) -> None:
        data = self.graph.nodes[key]
        group = self.decl.group(data["group"])
        colour = group.colour
        if page.communities:
            palette = self.decl.views["costatements"]["palette"]
            colour = palette[(page.communities[key] - 1) % len(palette)]
        font: dict[str, Any] = {"size": group.font_size or self.layout["font"]["size"]}  # on screen, at any zoom
        if key == page.centre:
            font.update(size=font["size"] + 4, bold=True)
        tip = self._tip(key)
        if page.communities:
            tip["rows"] = [*tip["rows"], ["Community", str(page.communities[key])]]
        place = {"x": at[0], "y": at[1]} if at else {}
        net.add_node(
            key, label=data["caption"], shape=group.shape, size=size, font=font, **place,
            color={"background": colour, "border": "#333333" if key == page.centre else colour,
                   "highlight": {"background": colour, "border": "#000000"},
                   "hover": {"background": colour, "border": "#000000"}},
            borderWidth=4 if key == page.centre else 1,
            kg={"group": group.name, "legend": group.legend, "caption": data["caption"], "meetings": list(data["meetings"]),
                "url": link(page.path, data["page"]) if data.get("page") and key != page.centre else None,
                "search": " ".join([data["caption"], data["heading"], data["label"],
                                    *(v for _t, v in data["details"])]).lower(),
                "tip": tip, "community": page.communities.get(key), "rank": rank},
        )

    def _edge(self, u: str, v: str, kind: str, data: dict[str, Any], net: Network) -> None:
        decl = self.decl.edges[kind]
        nodes = self.graph.nodes
        rows = [[name, value] for fields in data["fields"] for name, value in sorted(fields.items())]
        if data["weight"] > 1:
            rows.append(["times", str(data["weight"])])
        tip = {"heading": f"{nodes[u]['caption']} — {decl.legend} — {nodes[v]['caption']}", "kind": "",
               "rows": rows, "quotes": _quotes(data["quotes"], self.max_quotes, self.chars)}
        net.add_edge(u, v, id=f"{u} {kind} {v}", color={"color": decl.colour, "opacity": 0.75},
                     dashes=decl.dashes, width=1 + math.log2(data["weight"]), kg={"kind": kind, "tip": tip})

    def _costatement_edge(self, u: str, v: str, data: dict[str, Any], net: Network) -> None:
        nodes = self.graph.nodes
        items = [nodes[i]["caption"] for i in data["items"]]
        tip = {"heading": f"{nodes[u]['caption']} and {nodes[v]['caption']}", "kind": "",
               "rows": [["shared agenda items", str(data["weight"])], *[["item", i] for i in items]], "quotes": []}
        colour = self.decl.views["costatements"].get("colour", "#777777")
        net.add_edge(u, v, id=f"{u} {v}", color={"color": colour, "opacity": 0.5}, width=data["weight"],
                     kg={"kind": "costatement", "tip": tip})

    def network(self, page: PageSpec) -> Network:
        """The pyvis network of a page, nodes and edges in sorted order."""
        net = Network(height=self.layout.get("height", "780px"), width="100%", directed=page.view.is_directed(),
                      cdn_resources="in_line", heading=page.title)
        view = page.view
        degree = {n: len(set(nx.all_neighbors(view, n))) for n in view.nodes}
        top = max(degree.values(), default=0)
        sizes = {n: self._size(page, n, degree[n], top) for n in view.nodes}
        layered = self.decl.layered if page.layered else None
        aspect = (layered.page_aspect if page.centre else layered.aspect) if layered is not None else 1.0
        at = positions(view, layered, sizes, aspect) if layered is not None and isinstance(view, nx.MultiDiGraph) else {}
        ranks = self.ranks(page, degree)
        for key in sorted(view.nodes):
            self._node(page, key, sizes[key], ranks[key], net, at.get(key))
        if isinstance(view, nx.MultiGraph):
            for u, v, kind, data in sorted(view.edges(keys=True, data=True), key=lambda e: e[:3]):
                self._edge(u, v, kind, data, net)
        else:
            for u, v, data in sorted(view.edges(data=True), key=lambda e: e[:2]):
                first, second = sorted((u, v))
                self._costatement_edge(first, second, data, net)
        net.options = self.options(view.is_directed(), self._crowded(page).get("physics"), layered is not None)
        return net

    def options(self, directed: bool = True, physics: dict[str, Any] | None = None,
                layered: bool = False) -> dict[str, Any]:
        """vis.js options: a seeded layout and physics that settles (the page then turns it off), or for a layered
        page no physics at all and viz.yaml's options for such pages; labels wrap at the declared width."""
        layout, font = self.layout, self.layout["font"]
        physics = {**layout.get("physics", {}), **(physics or {})}
        options: dict[str, Any] = {
            "layout": {"randomSeed": layout.get("seed", 1), "improvedLayout": False},
            "physics": {
                "enabled": not layered, "solver": "forceAtlas2Based", "forceAtlas2Based": physics,
                "stabilization": {"enabled": not layered, "iterations": layout.get("stabilization_iterations", 300),
                                  "updateInterval": 25, "fit": True},
                "minVelocity": 1.0,
            },
            "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "navigationButtons": False},
            "nodes": {"font": {"face": font["face"], "strokeWidth": font["stroke_width"],
                               "strokeColor": font["stroke_colour"], "color": "#1a1a1a"},
                      "widthConstraint": {"maximum": layout.get("labels", {}).get("width", 10) * font["size"]}},
            "edges": {"smooth": {"type": "continuous"}, "arrows": {"to": {"enabled": directed, "scaleFactor": 0.45}},
                      "hoverWidth": 1.5, "selectionWidth": 2},
        }
        return _merge(options, self.decl.layered.options) if layered and self.decl.layered else options

    # -- the side panel of an entity page ---------------------------------------------------------------
    def connections(self, page: PageSpec) -> list[dict[str, Any]]:
        """The centre's edges grouped by kind, in declared order, each with the other node and its quotes."""
        if page.centre is None:
            return []
        centre, graph = page.centre, self.graph
        sections = []
        for kind, decl in self.decl.edges.items():
            rows = []
            for u, v, k, data in sorted(list(graph.out_edges(centre, keys=True, data=True))
                                        + list(graph.in_edges(centre, keys=True, data=True)), key=lambda e: e[:3]):
                if k != kind:
                    continue
                other = v if u == centre else u
                node = graph.nodes[other]
                rows.append({
                    "caption": node["caption"],
                    "full_label": node["label"] if node["label"] not in node["caption"] and node.get("page") else None,
                    "kind": self.decl.group(node["group"]).legend,
                    "url": link(page.path, node["page"]) if node.get("page") else None,
                    "fields": [f"{k2}: {v2}" for fields in data["fields"] for k2, v2 in sorted(fields.items())],
                    "quote": _cut(node["quote"], self.chars) if node.get("quote") else None,
                    "quotes": _quotes(data["quotes"], len(data["quotes"]), self.chars),
                })
            if rows:
                rows.sort(key=lambda r: (r["kind"], natural(r["caption"])))
                sections.append({"legend": decl.legend, "rows": rows})
        return sections

    def legend(self, page: PageSpec) -> dict[str, Any]:
        """Legend entries (which double as class filters) for the groups and edge kinds on the page."""
        present = {page.view.nodes[n]["group"] for n in page.view.nodes}
        counts = {g: sum(1 for n in page.view.nodes if page.view.nodes[n]["group"] == g) for g in present}
        neutral = self.decl.views["costatements"].get("colour", "#777777")  # colours tell communities apart there
        groups = [{"name": g.name, "label": g.legend, "colour": neutral if page.communities else g.colour,
                   "shape": g.shape, "count": counts[g.name]} for g in self.decl.groups if g.name in present]
        if isinstance(page.view, nx.MultiGraph):
            kinds = {k for _u, _v, k in page.view.edges(keys=True)}
            edges = [{"label": e.legend, "colour": e.colour, "dashes": e.dashes}
                     for e in self.decl.edges.values() if e.name in kinds]
        else:
            edges = page.edge_legend
        communities = []
        if page.communities:
            palette = self.decl.views["costatements"]["palette"]
            for number in sorted(set(page.communities.values())):
                members = sorted(self.graph.nodes[n]["caption"] for n, c in page.communities.items() if c == number)
                shown = int(self.decl.views["costatements"].get("legend_members", 8))
                communities.append({"number": number, "colour": palette[(number - 1) % len(palette)],
                                    "members": members[:shown], "more": max(0, len(members) - shown)})
        return {"groups": groups, "edges": edges, "communities": communities}

    def render(self, page: PageSpec, index_path: str, overview_path: str) -> str:
        """The page's HTML: its data as JSON in the page; vis.js, our script and style from the assets folder."""
        net = self.network(page)
        nodes, edges, heading, height, _width, options = net.get_network_data()
        meetings = sorted({m for n in page.view.nodes for m in page.view.nodes[n]["meetings"]})
        centre = self.graph.nodes[page.centre] if page.centre else None
        labels = self.layout.get("labels", {})
        data = {"nodes": nodes, "edges": edges, "options": options,
                "meetings": [m for m in self.meetings if m["id"] in meetings],
                "labels": {"width": labels.get("width", 10), "pad": labels.get("pad", 2),
                           "margin": labels.get("margin", 60),
                           "over_nodes": list(labels.get("over_nodes", ()))}}
        return _template().render(
            title=heading, heading=heading, height=height, intro=page.intro, data=data,
            legend=self.legend(page), connections=self.connections(page),
            centre=centre, centre_tip=self._tip(page.centre) if page.centre else None,
            index_url=link(page.path, index_path), overview_url=link(page.path, overview_path),
            is_overview=page.path == overview_path, assets_url=link(page.path, ASSETS_DIR),
        )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it, nested dictionaries merged key by key."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                       keep_trailing_newline=True)


def _template() -> Template:
    return _environment().get_template("page.html.j2")
