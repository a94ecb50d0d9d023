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


def test_the_bundled_exports_stay_small(built_exports: Path) -> None:
    """One shared copy of the network library: the five reports' exports, store and cache aside, under 15 MB."""
    size = sum(p.stat().st_size for p in built_exports.rglob("*")
               if p.is_file() and not {"store", ".cache"} & set(p.relative_to(built_exports).parts))
    assert size < 15 * 1024 * 1024, f"{size / 1024 / 1024:.1f} MB"
