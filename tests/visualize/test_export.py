"""The build exporter: `kg build` writes the site beside the graph, the same bytes every time, unless --no-viz."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.cli import main
from kg.visualize.export import render_site
from tests.visualize.conftest import FIXTURES


def test_build_writes_the_site_and_it_matches_a_fresh_render(built_exports: Path, union: Graph):
    files = render_site(union)
    assert "index.html" in files and "viz/overview.html" in files and "viz/costatements.html" in files
    for name, content in files.items():
        assert (built_exports / name).read_bytes() == content, name  # deterministic, and kg viz == kg build


def test_no_viz_skips_the_site(tmp_path: Path):
    out = tmp_path / "exports"
    code = main(["build", str(FIXTURES / "xss" / "report.txt"), "--data", str(FIXTURES / "xss" / "data"),
                 "--out", str(out), "--quiet", "--no-viz"])
    assert code == 0
    assert (out / "graph.ttl").exists()
    assert not (out / "index.html").exists() and not (out / "viz").exists()
