"""index.html: links every page of the exports and every picture, shows the pictures and who is most connected."""

from __future__ import annotations

import posixpath
from typing import Any

import networkx as nx
from markupsafe import Markup

from kg.visualize.declarations import Declarations
from kg.visualize.pages import PAGES_DIR, _environment
from kg.visualize.pictures import Picture

INDEX_FILE = "index.html"


def render_index(graph: nx.MultiDiGraph[str], decl: Declarations, views: list[dict[str, str]],
                 pictures: list[Picture], notes: list[str], network: nx.Graph[str], communities: dict[str, int],
                 top: int = 15, sources: list[dict[str, str]] | None = None) -> str:
    """The index page; ``views`` hold title, file (in the pages folder) and description; ``sources`` the reports'
    source pages (label, url)."""
    groups: list[dict[str, Any]] = []
    for group in decl.groups:
        members = [(d["label"], d["page"]) for _n, d in graph.nodes(data=True)
                   if d["group"] == group.name and d.get("page")]
        if members:
            pages = [{"label": label, "url": posixpath.join(PAGES_DIR, page)}
                     for label, page in sorted(members, key=lambda m: (m[0].casefold(), m[1]))]
            groups.append({"legend": group.legend, "colour": group.colour, "pages": pages})
    degree = dict(network.degree())
    central = []
    for node in sorted(network.nodes, key=lambda n: (-degree[n], graph.nodes[n]["label"].casefold(), n))[:top]:
        data = graph.nodes[node]
        central.append({"label": data["label"], "kind": decl.group(data["group"]).legend, "degree": degree[node],
                        "community": communities.get(node, ""),
                        "url": posixpath.join(PAGES_DIR, data["page"]) if data.get("page") else None})
    counts = {g.legend: sum(1 for _n, d in graph.nodes(data=True) if d["group"] == g.name) for g in decl.groups}
    summary = " · ".join(f"{label}: {n}" for label, n in counts.items() if n)
    return _environment().get_template("index.html.j2").render(
        summary=f"Nodes in the graph by kind: {summary}.",
        views=[{**v, "url": posixpath.join(PAGES_DIR, v["file"])} for v in views],
        pages=[{**p, "url": p["file"]} for p in decl.index_pages], sources=sources or [],
        groups=groups, central=central, notes=notes,
        pictures=[{"title": p.title, "url": posixpath.join(PAGES_DIR, p.file), "svg": Markup(p.svg),
                   "rows": p.rows, "columns": p.columns} for p in pictures],
    )
