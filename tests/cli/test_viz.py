"""`kg viz`: the site for a graph already built, written into its exports folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.cli import main


def test_kg_viz_writes_the_site_from_graph_ttl(built_exports: Path, tmp_path: Path, capsys):
    shutil.copy(built_exports / "graph.ttl", tmp_path / "graph.ttl")
    assert main(["viz", "--exports", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote ") and "pages and" in out and str(tmp_path) in out
    for name in ["index.html", "viz/overview.html", "viz/state/BRA.html"]:
        assert (tmp_path / name).read_bytes() == (built_exports / name).read_bytes()


def test_kg_viz_without_a_build_says_so(tmp_path: Path, capsys):
    assert main(["viz", "--exports", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
