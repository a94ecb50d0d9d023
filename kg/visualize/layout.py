"""Layered positions for a view: bands of node groups top to bottom, each node under its parent, as viz.yaml says."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.visualize.declarations import BandDecl, LayeredDecl

Point = tuple[float, float]


def natural(text: str) -> list[Any]:
    """A sort key that puts "Item 5(b)" after "Item 4" and "(k)" after "(b)": numbers as numbers, case folded."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


@dataclass
class _Band:
    decl: BandDecl
    nodes: list[str]
    dx: float  # spacing, widened for the largest node of the band
    dy: float


class _Layout:
    """The bands of one view, their nodes in reading order, and the parent of each node of a band that is under."""

    def __init__(self, view: nx.MultiDiGraph[str], decl: LayeredDecl, sizes: dict[str, float]) -> None:
        self.view = view
        declared = list(decl.bands)
        placed = {group for band in declared for group in band.groups}
        rest = sorted({view.nodes[n]["group"] for n in view.nodes} - placed)
        if rest:  # groups the declaration leaves out still get a place: a last band
            declared.append(BandDecl(tuple(rest)))
        band_of = {group: i for i, band in enumerate(declared) for group in band.groups}
        members: dict[int, list[str]] = defaultdict(list)
        for node in view.nodes:
            members[band_of[view.nodes[node]["group"]]].append(node)
        self.bands: list[_Band] = []
        for i, band_decl in enumerate(declared):
            nodes = sorted(members[i], key=self.order)
            widest = max((2 * sizes.get(n, 0) + 16 for n in nodes), default=0.0)
            self.bands.append(_Band(band_decl, nodes, max(band_decl.dx, widest), max(band_decl.dy, widest)))
        self.gap = decl.gap
        self.parent: dict[str, str] = {}
        for i, band in enumerate(self.bands):
            if i and band.decl.under is not None:
                above = set(self.bands[i - 1].nodes)
                for node in band.nodes:
                    parents = sorted((v for _u, v, kind in view.out_edges(node, keys=True)
                                      if kind == band.decl.under and v in above), key=self.order)
                    if parents:
                        self.parent[node] = parents[0]

    def gap_above(self, band: int) -> float:
        own = self.bands[band].decl.gap
        return self.gap if own is None else own

    def order(self, node: str) -> tuple[Any, ...]:
        data = self.view.nodes[node]
        return natural(data["group"]), natural(data["caption"]), node

    def children(self, node: str, band: int) -> list[str]:
        if band + 1 >= len(self.bands) or self.bands[band + 1].decl.under is None:
            return []
        return [n for n in self.bands[band + 1].nodes if self.parent.get(n) == node]

    def sections(self) -> list[tuple[int, int]]:
        """Runs of bands [first, last]: a band with the bands under it, or a band on its own."""
        runs: list[tuple[int, int]] = []
        for i, band in enumerate(self.bands):
            if runs and band.decl.under is not None:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        return runs


def _grid(n: int, columns: int) -> tuple[int, int]:
    columns = max(1, min(n, columns))
    return columns, math.ceil(n / columns)


class _Tree:
    """A run of bands where each node sits over its children: widths bottom-up, then places top-down."""

    def __init__(self, layout: _Layout, first: int, last: int) -> None:
        self.layout, self.first, self.last = layout, first, last
        self.width: dict[str, float] = {}
        self.heights = [0.0] * (last + 1 - first)  # from a band's first row of centres to its last
        roots = [(first, n) for n in layout.bands[first].nodes]
        for b in range(first + 1, last + 1):  # a node without a parent in view starts its own column
            roots += [(b, n) for n in layout.bands[b].nodes if n not in layout.parent]
        self.roots = roots
        for band, node in roots:
            self._measure(band, node)

    def _measure(self, band: int, node: str) -> float:
        layout = self.layout
        own = layout.bands[band].dx
        kids = layout.children(node, band) if band < self.last else []
        if not kids:
            width = own
        elif layout.bands[band + 1].decl.columns:
            below = layout.bands[band + 1]
            columns, rows = _grid(len(kids), below.decl.columns or 1)
            self.heights[band + 1 - self.first] = max(self.heights[band + 1 - self.first], (rows - 1) * below.dy)
            width = max(own, columns * below.dx)
        else:
            width = max(own, sum(self._measure(band + 1, kid) for kid in kids))
        self.width[node] = width
        return width

    @property
    def total_width(self) -> float:
        return sum(self.width[node] for _band, node in self.roots)

    @property
    def height(self) -> float:
        return sum(self.heights) + sum(self.layout.gap_above(b) for b in range(self.first + 1, self.last + 1))

    def place(self, left: float, top: float, out: dict[str, Point]) -> None:
        tops = [top]
        for b, h in enumerate(self.heights[:-1]):
            tops.append(tops[-1] + h + self.layout.gap_above(self.first + b + 1))
        x = left
        for band, node in self.roots:
            self._place(band, node, x, tops, out)
            x += self.width[node]

    def _place(self, band: int, node: str, left: float, tops: list[float], out: dict[str, Point]) -> None:
        layout = self.layout
        width = self.width[node]
        out[node] = (left + width / 2, tops[band - self.first])
        kids = layout.children(node, band) if band < self.last else []
        if not kids:
            return
        below = layout.bands[band + 1]
        if below.decl.columns:
            columns, _rows = _grid(len(kids), below.decl.columns)
            x0 = left + (width - columns * below.dx) / 2 + below.dx / 2
            for i, kid in enumerate(kids):
                out[kid] = (x0 + (i % columns) * below.dx, tops[band + 1 - self.first] + (i // columns) * below.dy)
        else:
            x = left + (width - sum(self.width[k] for k in kids)) / 2
            for kid in kids:
                self._place(band + 1, kid, x, tops, out)
                x += self.width[kid]


def _flow(layout: _Layout, band: int, width: float, top: float, out: dict[str, Point] | None) -> tuple[float, float]:
    """A band's nodes in rows ``width`` wide, left to right, group after group in declared order with an empty
    place between two groups. Returns the width used and the height; places the nodes into ``out`` when given."""
    spec = layout.bands[band]
    blocks: dict[str, list[str]] = defaultdict(list)
    for node in spec.nodes:
        blocks[layout.view.nodes[node]["group"]].append(node)
    order = [g for g in spec.decl.groups if g in blocks] + sorted(set(blocks) - set(spec.decl.groups))
    columns = max(1, int((width + 1e-6) // spec.dx))
    cell = used = 0
    for group in order:
        if cell % columns:
            cell += 1  # an empty place between groups, unless a row starts here
        for node in blocks[group]:
            if out is not None:
                out[node] = ((cell % columns + 0.5) * spec.dx, top + (cell // columns) * spec.dy)
            used = max(used, cell % columns + 1)
            cell += 1
    rows = math.ceil(cell / columns) if cell else 0
    return used * spec.dx, max(0, rows - 1) * spec.dy


def positions(view: nx.MultiDiGraph[str], decl: LayeredDecl, sizes: dict[str, float], aspect: float) -> dict[str, Point]:
    """Where each node of ``view`` goes, in canvas pixels: bands top to bottom, each centred; the bands of shelves
    as wide as makes the whole about ``aspect`` times as wide as it is high."""
    layout = _Layout(view, decl, sizes)
    sections = [(a, b) for a, b in layout.sections() if any(layout.bands[i].nodes for i in range(a, b + 1))]
    trees = {first: _Tree(layout, first, last) for first, last in sections if last > first}
    flows = [layout.bands[first] for first, last in sections if first == last]
    narrowest = max([t.total_width for t in trees.values()] + [min(len(b.nodes), 3) * b.dx for b in flows] + [1.0])

    def height(width: float) -> float:
        parts = [trees[first].height if first in trees else _flow(layout, first, width, 0, None)[1]
                 for first, _last in sections]
        return sum(parts) + sum(layout.gap_above(first) for first, _last in sections[1:])

    candidates = [narrowest * (1 + k / 10) for k in range(31)]
    width = min(candidates, key=lambda w: (abs(math.log(w / max(height(w), 1.0) / aspect)), w))
    out: dict[str, Point] = {}
    top = 0.0
    for n, (first, _last) in enumerate(sections):
        top += layout.gap_above(first) if n else 0.0
        if first in trees:
            tree = trees[first]
            tree.place((width - tree.total_width) / 2, top, out)
            top += tree.height
        else:
            placed: dict[str, Point] = {}
            used, h = _flow(layout, first, width, top, placed)
            out.update({node: (x + (width - used) / 2, y) for node, (x, y) in placed.items()})
            top += h
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in sorted(out.items())}
