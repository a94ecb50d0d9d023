"""kg/publish/tables.py: one CSV per main entity or fact, with the declared columns and one row per entity."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.build.export import union_graph
from kg.check.validate import read_exports
from kg.namespaces import ACTOR_CLASSES, CKG
from kg.publish.tables import TABLES


@pytest.fixture(scope="module")
def union(built_exports: Path) -> Graph:
    return union_graph(read_exports(built_exports))


def _rows(exports: Path, name: str) -> list[dict[str, str]]:
    with (exports / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.file)
def test_header_is_the_declared_columns(built_exports: Path, table: object) -> None:
    with (built_exports / table.file).open(encoding="utf-8", newline="") as handle:  # type: ignore[attr-defined]
        assert tuple(next(csv.reader(handle))) == table.columns  # type: ignore[attr-defined]


def test_one_row_per_actor_with_its_type(built_exports: Path, union: Graph) -> None:
    rows = _rows(built_exports, "actors.csv")
    assert len(rows) == len(set(union.subjects(RDF.type, CKG.Actor)))
    assert {r["actor_type"] for r in rows} <= set(ACTOR_CLASSES)
    argentina = next(r for r in rows if r["iso3"] == "ARG")
    assert argentina["actor_type"] == "State" and int(argentina["statements"]) > 0


def test_one_row_per_recommendation_and_instrument(built_exports: Path, union: Graph) -> None:
    recs = _rows(built_exports, "recommendations.csv")
    assert len(recs) == len(set(union.subjects(RDF.type, CKG.Recommendation)))
    assert all(r["text"] and r["letter"] and r["document_file"].endswith(".txt") for r in recs)
    instruments = _rows(built_exports, "instruments.csv")
    assert len(instruments) == len(set(union.subjects(CKG.instrumentKey, None)))
    assert any(r["key"] == "UNTOC" and int(r["mentions"]) > 0 for r in instruments)


def test_statements_keep_their_source_paragraph(built_exports: Path, union: Graph) -> None:
    rows = _rows(built_exports, "statements.csv")
    assert {r["statement"] for r in rows} == {str(s) for s in union.subjects(RDF.type, CKG.Statement)}
    assert all(r["document_file"] and r["capacity"] in {"representative", "observer"} for r in rows)
    assert all(r["paragraph"].isdigit() for r in rows)


def test_rows_are_sorted(built_exports: Path) -> None:
    for table in TABLES:
        with (built_exports / table.file).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        assert rows == sorted(rows), table.file


# (table, entity column, count column, property from the counted node to the entity, class of the counted node)
COUNTED = [
    ("actors.csv", "actor", "statements", CKG.actor, CKG.Statement),
    ("actors.csv", "actor", "attendances", CKG.actor, CKG.Attendance),
    ("actors.csv", "actor", "attributions", CKG.attributedTo, None),
    ("instruments.csv", "instrument", "mentions", CKG.instrument, None),
    ("instruments.csv", "instrument", "recommendations", CKG.namesInstrument, CKG.Recommendation),
    ("documents.csv", "report", "paragraphs", CKG.inReport, CKG.Paragraph),
    ("documents.csv", "report", "recommendations", CKG.inReport, CKG.Recommendation),
]


@pytest.mark.parametrize(("file", "key", "column", "link", "cls"), COUNTED, ids=lambda v: str(v).rsplit("#")[-1])
def test_counts_are_the_nodes_the_graph_links_to_each_entity(built_exports: Path, union: Graph, file: str, key: str,
                                                           column: str, link: object, cls: object) -> None:
    rows = _rows(built_exports, file)
    counted = {row[key]: int(row[column]) for row in rows}
    expected = {entity: len({node for node in union.subjects(link, URIRef(entity))  # type: ignore[arg-type]
                             if cls is None or (node, RDF.type, cls) in union})
                for entity in counted}
    assert counted == expected and any(counted.values())
