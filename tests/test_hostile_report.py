"""A hostile report builds: a 10,000-character name and formula-like text never abort the build or reach a
spreadsheet as formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from tests.conftest import CORPUS

LONG_NAME = "Zorro" + "x" * 9995
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (CORPUS / "001_0c7b10fadacc8b35.txt").read_text(encoding="utf-8")
    assert "Housing Works, " in text and "(c) Encourage and support" in text
    text = text.replace("Housing Works, ", f"Housing Works, {LONG_NAME}, ")
    text = text.replace("(c) Encourage and support", f"(c) {FORMULA} Encourage and support")
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "hostile.txt").write_text(text, encoding="utf-8")
    out = folder / "out"
    assert main(["build", str(folder / "corpus"), "--out", str(out), "-q"]) == 0
    return out


def test_the_long_name_gets_its_entity_and_a_page_with_a_bounded_file_name(hostile_build: Path) -> None:
    actors = (hostile_build / "actors.csv").read_text(encoding="utf-8")
    assert LONG_NAME in actors
    pages = [p for p in (hostile_build / "viz").rglob("*.html") if p.name.startswith("unresolved-zorro")]
    assert len(pages) == 1 and len(pages[0].name) <= 105
    assert LONG_NAME in pages[0].read_text(encoding="utf-8")


def test_no_csv_cell_starts_a_formula(hostile_build: Path) -> None:
    cells = [cell for path in sorted(hostile_build.glob("*.csv"))
             for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    assert cells and not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(cell.startswith("'" + FORMULA) for cell in cells)


def test_the_graph_keeps_the_text_as_written(hostile_build: Path) -> None:
    quads = ox.parse(path=str(hostile_build / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    assert any(isinstance(q.object, ox.Literal) and q.object.value.startswith(f"{FORMULA} Encourage") for q in quads)
