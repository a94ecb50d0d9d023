"""The visualisation as build exports: every page, picture and the index, as file name -> bytes."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph

from kg.build.context import union_graph
from kg.namespaces import CKG, DEFAULT_BASE
from kg.search.index import source_page
from kg.visualize import declarations
from kg.visualize.graph_to_networkx import co_statements, communities, ego, to_networkx, view
from kg.visualize.index import INDEX_FILE, render_index
from kg.visualize.pages import PAGES_DIR, PageRenderer, PageSpec, assets
from kg.visualize.pictures import all_pictures

if TYPE_CHECKING:
    from kg.build.context import BuildContext


OWNS = (f"{PAGES_DIR}/",)  # the build writes this folder whole: a page of an entity no longer in the graph goes


def render_site(g: Graph, base: str = DEFAULT_BASE, decl: declarations.Declarations | None = None
                ) -> dict[str, bytes]:
    """index.html and viz/: the overview, the co-statement network, a page per entity, the SVG pictures."""
    decl = decl or declarations.load()
    graph = to_networkx(g, decl, base)
    renderer = PageRenderer(graph, decl)
    overview_spec, co_spec = decl.views["overview"], decl.views["costatements"]
    overview_file, co_file = overview_spec["file"], co_spec["file"]
    network = co_statements(graph)
    groups_of = communities(network, int(co_spec.get("community_seed", 1)))
    layered = decl.layered
    specs = [
        PageSpec(overview_file, overview_spec["title"], view(graph, overview_spec["groups"], overview_spec["edges"]),
                 intro=overview_spec.get("intro", ""), layered=layered is not None and "overview" in layered.views),
        PageSpec(co_file, co_spec["title"], network, intro=co_spec.get("intro", ""), communities=groups_of,
                 edge_legend=[{"label": co_spec["edge_legend"], "colour": co_spec["colour"], "dashes": False}]),
    ]
    for key in sorted(graph.nodes):
        data = graph.nodes[key]
        if data.get("page"):
            group = decl.group(data["group"])
            specs.append(PageSpec(data["page"], f"{data['caption']} ({group.legend})",
                                  ego(graph, key, group.page_expand or (), group.page_depth), centre=key,
                                  layered=layered is not None and group.name in layered.pages))
    files = {posixpath.join(PAGES_DIR, name): data for name, data in assets().items()}
    for spec in specs:
        html = renderer.render(spec, index_path=posixpath.join("..", INDEX_FILE), overview_path=overview_file)
        files[posixpath.join(PAGES_DIR, spec.path)] = html.encode("utf-8")
    pictures, notes = all_pictures(g, graph, decl)
    for picture in pictures:
        files[posixpath.join(PAGES_DIR, picture.file)] = picture.svg.encode("utf-8")
    views = [{"title": overview_spec["title"], "file": overview_file, "description": overview_spec.get("intro", "")},
             {"title": co_spec["title"], "file": co_file, "description": co_spec.get("intro", "")}]
    files[INDEX_FILE] = render_index(graph, decl, views, pictures, notes, network, groups_of,
                                     sources=_source_pages(g)).encode("utf-8")
    return files


def _source_pages(g: Graph) -> list[dict[str, str]]:
    """The source page of every report with a paragraph or a recommendation (kg.pages.sources writes them)."""
    reports = {report for _node, _p, report in g.triples((None, CKG.inReport, None))}
    pages = [{"label": str(g.value(report, CKG.fileName) or report), "url": source_page(str(report))}
             for report in reports]
    return sorted(pages, key=lambda page: (page["label"], page["url"]))


def export(ds: Dataset, ctx: BuildContext) -> dict[str, bytes]:
    """The pipeline's exporter hook: the site for the graph just built."""
    return render_site(union_graph(ds), ctx.base)
