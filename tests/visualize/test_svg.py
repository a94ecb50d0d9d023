"""The hand-written heatmap SVG: well-formed, escaped, shaded by count and identical for identical input."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.visualize.svg import heatmap

COLOURS = {"low": "#deebf7", "high": "#08306b", "empty": "#ffffff", "grid": "#d0d0d0", "text": "#222222"}
SVG = "{http://www.w3.org/2000/svg}"


def test_cells_are_shaded_by_count_and_names_escaped():
    svg = heatmap("Title <b>", "Actor", ["<img src=x onerror=alert(1)>", "Chile"], ["Item 4", "Item 5(a)"],
                  {(0, 0): 2, (1, 1): 1}, COLOURS, ("statement", "statements"))
    root = ET.fromstring(svg)  # well-formed XML
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    fills = [r.get("fill") for r in root.iter(SVG + "rect")][1:]  # the first is the background
    assert fills == ["#08306b", "#ffffff", "#ffffff", "#738eb1"]  # darkest for the top count, blank for none
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "Chile" in texts and "Item 5(a)" in texts and "2" in texts
    titles = [t.text for t in root.iter(SVG + "title")]
    assert "Chile · Item 5(a): 1 statement" in titles and "Chile · Item 4: 0 statements" in titles
    assert "Cells: number of statements (darkest = 2)." in texts


def test_same_input_same_bytes_and_the_title_fits():
    args = ("A long title that must not be cut off at the right edge", "Actor", ["A"], ["1"], {(0, 0): 1},
            COLOURS, ("statement", "statements"))
    svg = heatmap(*args)
    assert svg == heatmap(*args)
    width = float(ET.fromstring(svg).get("width"))
    assert width >= len(args[0]) * 8


def test_an_empty_matrix_says_so():
    assert "nothing to show" in heatmap("T", "Actor", [], [], {}, COLOURS, ("statement", "statements"))
