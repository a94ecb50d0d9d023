"""`kg viz`: write the network pages, pictures and index.html for a graph `kg build` already wrote."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.build.export import write_atomically
from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err
from kg.namespaces import DEFAULT_BASE
from kg.rdf.io import TooLargeForMemory, read_graph


def cmd_viz(args: argparse.Namespace) -> int:
    from kg.visualize.export import OWNS, render_site

    exports = Path(args.exports)
    union = exports / "graph.ttl"
    if not union.exists():
        err(f"error: no built graph in {exports}/: run `kg build` first")
        return EXIT_FAILED
    started = time.perf_counter()
    try:
        graph = read_graph(union)
    except TooLargeForMemory as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    files = render_site(graph, args.base)
    write_atomically(exports, files, OWNS)
    pages = sum(1 for name in files if name.endswith(".html"))
    pictures = sum(1 for name in files if name.endswith(".svg"))
    print(f"wrote {pages} pages and {pictures} pictures in {time.perf_counter() - started:.1f} s "
          f"-> {exports}/index.html")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg viz`."""
    p = subparsers.add_parser(
        "viz", help="write interactive network pages and pictures of the built graph",
        description="Read graph.ttl from --exports and write index.html there, with viz/: an overview network, "
                    "a co-statement network, a page per meeting, actor and instrument, and SVG pictures. "
                    "Every page is one self-contained file that works offline. `kg build` writes the same "
                    "files unless given --no-viz.")
    add_exports_option(p)
    p.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI the graph was built with (default: {DEFAULT_BASE})")
    p.set_defaults(func=cmd_viz)
