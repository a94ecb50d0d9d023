"""Pictures as SVG: participation per meeting, instruments by meeting, and themes by meeting when there are themes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.visualize.declarations import Declarations, parse_path, term
from kg.visualize.graph_to_networkx import SPOKE_ON
from kg.visualize.svg import heatmap


@dataclass(frozen=True)
class Picture:
    """One SVG picture: its file name (in the pages folder), title and content."""

    file: str
    title: str
    svg: str
    rows: int
    columns: int


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _file_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key.rsplit("/", 1)[-1]).strip("-") or "x"


def _matrix(counts: Counter[tuple[str, str]], row_names: dict[str, str], col_names: dict[str, str],
            col_order: list[str]) -> tuple[list[str], list[str], dict[tuple[int, int], int]]:
    totals = Counter[str]()
    for (row, _col), n in counts.items():
        totals[row] += n
    rows = sorted(totals, key=lambda r: (-totals[r], row_names[r].casefold(), r))
    cols = [c for c in col_order if any(col == c for _r, col in counts)]
    values = {(rows.index(r), cols.index(c)): n for (r, c), n in counts.items()}
    return [row_names[r] for r in rows], [col_names[c] for c in cols], values


def participation(graph: nx.MultiDiGraph[str], decl: Declarations) -> list[Picture]:
    """Per meeting: actors by agenda item, each cell the number of statements."""
    spec, colours = decl.pictures["participation"], decl.pictures["colours"]
    nodes = graph.nodes
    pictures = []
    meetings = sorted(n for n, d in graph.nodes(data=True) if decl.group(d["group"]).is_meeting)
    for meeting in meetings:
        counts: Counter[tuple[str, str]] = Counter()
        for actor, item, kind, data in graph.edges(keys=True, data=True):
            if kind == SPOKE_ON and meeting in nodes[item]["meetings"]:
                counts[(actor, item)] += data["weight"]
        items = sorted({item for _a, item in counts}, key=lambda i: _natural(nodes[i]["values"].get("item", i)))
        col_names = {i: _caption(spec["column"], nodes[i]["values"], nodes[i]["caption"]) for i in items}
        rows, cols, values = _matrix(counts, {a: nodes[a]["caption"] for a, _i in counts}, col_names, items)
        title = spec["title"].format(meeting=nodes[meeting]["caption"])
        svg = heatmap(title, spec["row_heading"], rows, cols, values, colours, _count(spec))
        pictures.append(Picture(spec["file"].format(key=_file_key(meeting)), title, svg, len(rows), len(cols)))
    return pictures


def _count(spec: dict[str, Any]) -> tuple[str, str]:
    """What a picture counts, one and many: ``count: [statement, statements]``."""
    one, many = spec["count"]
    return str(one), str(many)


def _caption(fmt: str, values: dict[str, str], fallback: str) -> str:
    try:
        return fmt.format(**values)
    except (KeyError, ValueError):
        return fallback


def instruments(g: Graph, graph: nx.MultiDiGraph[str], decl: Declarations, base_ids: dict[str, str]) -> list[Picture]:
    """Instruments by meeting, each cell the number of mentions in the documents about that meeting."""
    spec, colours = decl.pictures["instruments"], decl.pictures["colours"]
    to_meeting, to_instrument = parse_path(spec["meeting"]), parse_path(spec["instrument"])
    counts: Counter[tuple[str, str]] = Counter()
    for mention in g.subjects(RDF.type, term(spec["mention"])):
        for instrument in g.objects(mention, to_instrument):
            for meeting in g.objects(mention, to_meeting):
                i, m = base_ids.get(str(instrument)), base_ids.get(str(meeting))
                if i is not None and m is not None and i in graph and m in graph:
                    counts[(i, m)] += 1
    if not counts:
        return []
    meetings = sorted({m for _i, m in counts})
    names = {n: graph.nodes[n]["caption"] for pair in counts for n in pair}
    rows, cols, values = _matrix(counts, names, names, meetings)
    svg = heatmap(spec["title"], spec["row_heading"], rows, cols, values, colours, _count(spec))
    return [Picture(spec["file"], spec["title"], svg, len(rows), len(cols))]


def themes(g: Graph, graph: nx.MultiDiGraph[str], decl: Declarations, base_ids: dict[str, str]) -> list[Picture]:
    """Per concept scheme: concepts linked from recommendations, by meeting; none when the graph has no themes."""
    spec, colours = decl.pictures["themes"], decl.pictures["colours"]
    concepts = set(g.subjects(RDF.type, term(spec["concept"])))
    if not concepts:
        return []
    label_path, scheme_path, meeting_path = (parse_path(spec[k]) for k in ("label", "scheme", "meeting"))
    by_scheme: dict[str, Counter[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    revised_by = term(spec["revised_by"]) if spec.get("revised_by") else None
    for rec in g.subjects(RDF.type, term(spec["from"])):
        if revised_by is not None and next(g.subjects(revised_by, rec), None) is not None:
            continue
        meetings = [base_ids[str(m)] for m in g.objects(rec, meeting_path) if base_ids.get(str(m)) in graph]
        for _p, concept in g.predicate_objects(rec):
            if concept not in concepts:
                continue
            schemes = sorted(str(s) for s in g.objects(concept, scheme_path)) or [""]
            names[str(concept)] = min((str(v) for v in g.objects(concept, label_path)), default=str(concept))
            for scheme in schemes:
                for meeting in meetings:
                    by_scheme.setdefault(scheme, Counter())[(str(concept), meeting)] += 1
    pictures = []
    for scheme, counts in sorted(by_scheme.items()):
        scheme_name = (min((str(v) for v in g.objects(URIRef(scheme), label_path)), default=scheme)
                       if scheme else spec["no_scheme"])
        meeting_names = {m: graph.nodes[m]["caption"] for _c, m in counts}
        rows, cols, values = _matrix(counts, names, meeting_names, sorted(meeting_names))
        named = (spec.get("schemes") or {}).get(scheme, {})  # a scheme's own title and row heading
        title = named.get("title") or spec["title"].format(scheme=scheme_name)
        key = _file_key(scheme.rstrip("/#")) if scheme else "themes"
        svg = heatmap(title, named.get("row_heading", spec["row_heading"]), rows, cols, values, colours, _count(spec))
        pictures.append(Picture(spec["file"].format(key=key), title, svg, len(rows), len(cols)))
    return pictures


def all_pictures(g: Graph, graph: nx.MultiDiGraph[str], decl: Declarations) -> tuple[list[Picture], list[str]]:
    """Every picture, and notes on those left out (no themes yet)."""
    ids = {d["iri"]: n for n, d in graph.nodes(data=True)}
    notes = []
    found = participation(graph, decl) + instruments(g, graph, decl, ids)
    theme_pictures = themes(g, graph, decl, ids)
    if not theme_pictures:
        notes.append("No theme-by-meeting matrix: the graph holds no SKOS concepts linked from recommendations.")
    return found + theme_pictures, notes
