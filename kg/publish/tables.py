"""CSV tables of the entities and facts kg/data/views.yaml gives a table (actors, statements ...), sorted.

They are read from the build's Oxigraph store (kg.pages.html.dataset_store) with one SPARQL query per table,
not walked node by node in rdflib: each query returns everything its table says about every entity, one
value a row, and the rows are put together here. The store holds the very terms the dataset has (rdflib's
normalised lexical forms), so a value reads the same from either side. Where a column takes one value of
several (a label, or the label of a fact's actor), it takes the smallest, so the bytes never depend on the
order the store gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset

from kg.build.context import Content, csv_bytes, dataset_store, made_of_rows, meeting_rows
from kg.publish.entity_rows import Entity, Row, collect, count_query, entity_query
from kg.rdf import view as views
from kg.rdf.view import DeclarationError, EdgeKind, NodeKind, View

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)

# What several tables share: the fact's meeting, its agenda item and the paragraphs it was derived from
# (with their report's file name; the source is the report itself when no paragraph is known).
_MEETING = {"meeting": "ckg:meeting", "meeting_label": "ckg:meeting/rdfs:label"}
_ITEM = {"rpm_item": "ckg:agendaItem/ckg:rpmItem", "congress_item": "ckg:agendaItem/ckg:congressItem",
         "workshop": "ckg:agendaItem/ckg:workshop"}
_SOURCES = (
    """?entity prov:wasDerivedFrom ?node OPTIONAL { ?node ckg:inReport ?report }
       BIND(COALESCE(?report, ?node) AS ?document) OPTIONAL { ?document ckg:fileName ?value }
       BIND("source_file" AS ?column)""",
    '?entity prov:wasDerivedFrom ?node OPTIONAL { ?node ckg:paragraphNumber ?value } BIND("paragraph" AS ?column)',
)


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns and the function that yields its rows from the query store; ``per_meeting``: each
    meeting's rows come from its reports and the reference graph alone (kg.build.meeting_rows)."""

    file: str
    columns: tuple[str, ...]
    rows: Callable[[ox.Store], Iterable[Row]]
    per_meeting: bool = False

    def row_list(self, store: ox.Store) -> list[Row]:
        return list(self.rows(store))


# How a table lays out an entity: its rows from what the query found (the entity's IRI, the kind's attributes
# and the first column are added to each row).
RowMaker = Callable[[Entity], Iterable[Row]]


@dataclass(frozen=True)
class Layout:
    """What a table shows beyond its kind's attributes: its column order (the kind's attributes it does not
    place come last), more values (column -> path), linked patterns (as entity_query takes them), its rows, and
    the columns that count the nodes a pattern links an entity to (column -> pattern binding ?node and ?entity)."""

    columns: tuple[str, ...]
    values: dict[str, str]
    linked: tuple[str, ...]
    rows: RowMaker
    # Each entity of the table lives in one meeting's reports and reads only them and the reference graph (an
    # actor, counted over every meeting, does not); the tests check the merged rows against the whole store's.
    per_meeting: bool = False
    # Counted by the store in a query of their own: a linked pattern would bring every node to Python, and
    # Oxigraph looks up each entity's nodes one by one inside the OPTIONAL (actors.csv at 100x: 0.64 s -> 0.05 s).
    counted: dict[str, str] = field(default_factory=dict)


def _nodes_of_class(link: str, cls: str) -> str:
    """Each ?node of class ``cls`` that links to ?entity by ``link``. Each triple pattern is its own
    sub-select, so Oxigraph reads both properties' triples once and joins them, instead of looking up each
    node's type."""
    return (f"{{ SELECT ?node ?entity WHERE {{ ?node {link} ?entity }} }} "
            f"{{ SELECT ?node WHERE {{ ?node a {cls} }} }}")


def _ones(e: Entity, *columns: dict[str, str]) -> Row:
    """The one value of each column of these column -> path maps (_MEETING, _ITEM)."""
    return {column: e.one(column) for paths in columns for column in paths}


def _actor(e: Entity) -> Iterable[Row]:
    yield {"actor_label": e.one("actor_label"), "actor_type": e.actor_type(), "m49": e.one("m49"),
           "acronyms": e.all("acronyms"), "wikidata": e.all("wikidata"), "unresolved": e.flag("unresolved"),
           "statements": e.count("statements"), "attendances": e.count("attendances"),
           "attributions": e.count("attributions")}


def _instrument(e: Entity) -> Iterable[Row]:
    yield {"instrument_label": e.one("instrument_label"), "kind": e.one("kind"), "adopted": e.one("adopted"),
           "part_of": e.one("part_of"), "wikidata": e.all("wikidata"), "source": e.all("source"),
           "unresolved": e.flag("unresolved"), "mentions": e.count("mentions"),
           "recommendations": e.count("recommendations")}


def _recommendation(e: Entity) -> Iterable[Row]:
    # A state by its ISO code, any other actor by its label.
    iso3, labels = e.each("state_iso3"), e.each("state_label")
    states = sorted(iso3.get(state) or labels.get(state, "") for state in iso3 | labels)
    yield {**_ones(e, _MEETING, _ITEM), "document_file": e.one("document_file"), "is_draft": e.one("is_draft"),
           "paragraph": e.sources()[0][1], "instruments": ";".join(sorted(e.each("instruments").values())),
           "attributed_to": ";".join(states), "text": e.one("text")}


def _per_source(base: Row, e: Entity) -> Iterable[Row]:
    for document_file, paragraph in e.sources():
        yield {**base, "document_file": document_file, "paragraph": paragraph}


def _actor_fact(e: Entity) -> Iterable[Row]:
    return _per_source({**_ones(e, _MEETING, _ITEM), "actor": e.one("actor"), "actor_label": e.one("actor_label"),
                        "actor_type": e.actor_type(), "iso3": e.one("iso3")}, e)


def _officer(e: Entity) -> Iterable[Row]:
    return _per_source({**_ones(e, _MEETING), "person": e.one("person"), "person_name": e.one("person_name"),
                        "iso3": e.one("iso3")}, e)


def _meeting(e: Entity) -> Iterable[Row]:
    yield {"meeting_label": e.one("meeting_label"), "venue": e.one("venue"), "start_date": e.one("start_date"),
           "end_date": e.one("end_date"), "documents": ";".join(sorted(e.each("documents").values()))}


def _report(e: Entity) -> Iterable[Row]:
    yield {"document_file": e.one("document_file"), "symbol": e.one("symbol"), "kind": e.one("kind"),
           "is_draft": e.one("is_draft"), "distribution_date": e.one("distribution_date"), "meeting": e.one("meeting"),
           "title": e.one("title"), "paragraphs": e.count("paragraphs"), "recommendations": e.count("recommendations"),
           "document_kind": e.one("document_kind")}


_ACTOR_FACT = Layout(
    ("meeting", "meeting_label", "rpm_item", "congress_item", "workshop", "actor", "actor_label", "actor_type", "iso3",
     "capacity", "document_file", "paragraph"),
    {**_MEETING, **_ITEM, "actor": "ckg:actor", "actor_label": "ckg:actor/rdfs:label",
     "actor_type": "ckg:actor/rdf:type", "iso3": "ckg:actor/ckg:iso3"}, _SOURCES, _actor_fact, per_meeting=True)

# The tables' layouts, by file; a table views.yaml declares without one here lists its kind's attributes.
LAYOUTS: dict[str, Layout] = {
    "actors.csv": Layout(
        ("actor_label", "actor_type", "iso3", "m49", "acronyms", "wikidata", "unresolved", "statements",
         "attendances", "attributions"),
        {"actor_label": "rdfs:label", "actor_type": "rdf:type", "m49": "ckg:m49", "acronyms": "ckg:acronym",
         "wikidata": "owl:sameAs", "unresolved": "ckg:unresolved"},
        (), _actor,
        counted={"statements": _nodes_of_class("ckg:actor", "ckg:Statement"),
                 "attendances": _nodes_of_class("ckg:actor", "ckg:Attendance"),
                 "attributions": "?node ckg:attributedTo ?entity"}),
    "instruments.csv": Layout(
        ("key", "instrument_label", "kind", "adopted", "part_of", "wikidata", "source", "unresolved", "mentions",
         "recommendations"),
        {"instrument_label": "rdfs:label", "kind": "ckg:instrumentKind", "adopted": "ckg:adopted",
         "part_of": "dcterms:isPartOf/ckg:instrumentKey", "wikidata": "owl:sameAs", "source": "dcterms:source",
         "unresolved": "ckg:unresolved"},
        (), _instrument,
        counted={"mentions": "?node ckg:instrument ?entity",
                 "recommendations": _nodes_of_class("ckg:namesInstrument", "ckg:Recommendation")}),
    "recommendations.csv": Layout(
        ("meeting", "meeting_label", "rpm_item", "congress_item", "workshop", "letter", "document_file", "is_draft",
         "paragraph", "instruments", "attributed_to", "text"),
        {**_MEETING, **_ITEM, "text": "ckg:text", "document_file": "ckg:inReport/ckg:fileName",
         "is_draft": "ckg:inReport/ckg:isDraft"},
        ('?entity ckg:namesInstrument ?node OPTIONAL { ?node ckg:instrumentKey ?value } BIND("instruments" AS ?column)',
         '?entity ckg:attributedTo ?node OPTIONAL { ?node ckg:iso3 ?value } BIND("state_iso3" AS ?column)',
         '?entity ckg:attributedTo ?node OPTIONAL { ?node rdfs:label ?value } BIND("state_label" AS ?column)',
         *_SOURCES), _recommendation, per_meeting=True),
    "statements.csv": _ACTOR_FACT,
    "attendance.csv": _ACTOR_FACT,
    "officers.csv": Layout(
        ("meeting", "meeting_label", "role", "person", "person_name", "iso3", "document_file", "paragraph"),
        {**_MEETING, "person": "ckg:person", "person_name": "ckg:person/foaf:name",
         "iso3": "ckg:representing/ckg:iso3"}, _SOURCES, _officer, per_meeting=True),
    "meetings.csv": Layout(
        ("meeting_label", "region", "venue", "start_date", "end_date", "documents"),
        {"meeting_label": "rdfs:label", "venue": "ckg:venue", "start_date": "schema:startDate",
         "end_date": "schema:endDate"},
        ('?node ckg:reportsOn ?entity OPTIONAL { ?node ckg:fileName ?value } BIND("documents" AS ?column)',), _meeting),
    "documents.csv": Layout(
        ("document_file", "symbol", "kind", "is_draft", "distribution_date", "meeting", "title", "paragraphs",
         "recommendations", "document_kind"),
        {"document_file": "ckg:fileName", "symbol": "ckg:symbol", "kind": "ckg:reportKind", "is_draft": "ckg:isDraft",
         "distribution_date": "ckg:distributionDate", "meeting": "ckg:reportsOn", "title": "dcterms:title",
         "document_kind": "ckg:documentKind"},
        (), _report, per_meeting=True,
        counted={"paragraphs": _nodes_of_class("ckg:inReport", "ckg:Paragraph"),
                 "recommendations": _nodes_of_class("ckg:inReport", "ckg:Recommendation")}),
}


def _table(kind: NodeKind | EdgeKind, file: str) -> Table:
    """The table of one kind of the view: its layout's columns and rows, else its label (or ends) and attributes."""
    if isinstance(kind, NodeKind):
        classes, default = kind.classes, Layout(("label",), {"label": "rdfs:label"}, (),
                                                lambda e: [{"label": e.one("label")}])
    elif kind.fact is not None and kind.source is not None and kind.target is not None:
        classes = (kind.fact,)
        default = Layout(("source", "target"), {"source": kind.source.sparql, "target": kind.target.sparql}, (),
                         lambda e: [{"source": e.one("source"), "target": e.one("target")}])
    else:
        raise DeclarationError(f"{file}: a table lists a node kind or a fact, not the links of {kind.name}")
    layout = LAYOUTS.get(file, default)
    attributes = {a.name: a.sparql for a in kind.attributes}
    query = entity_query(classes, {**layout.values, **attributes}, layout.linked)
    counts = {column: count_query(pattern) for column, pattern in layout.counted.items()}
    columns = (kind.name, *layout.columns, *(a for a in attributes if a not in layout.columns))

    def rows(store: ox.Store) -> Iterable[Row]:
        for iri, e in collect(store, query, counts).items():
            for row in layout.rows(e):
                yield {kind.name: iri, **{a: e.one(a) for a in attributes}, **row}
    return Table(file, columns, rows, layout.per_meeting)


def tables(view: View | None = None) -> tuple[Table, ...]:
    """The table of every node kind and fact ``view`` (default kg/data/views.yaml) gives a table, in its order."""
    view = view or views.load()
    kinds: tuple[NodeKind | EdgeKind, ...] = (*view.nodes, *view.edges)
    return tuple(_table(kind, kind.table) for kind in kinds if kind.table)


TABLES = tables()
# The tables answered meeting by meeting in a build (kg.build.context.meeting_rows), by step name.
MEETING_QUERIES = {f"table:{table.file}": table.row_list for table in TABLES if table.per_meeting}


def render(table: Table, rows: Iterable[Row]) -> bytes:
    """One table as CSV: header, then rows sorted by their values (so the same graph gives the same bytes)."""
    return csv_bytes(table.columns, sorted({tuple(row.get(c, "") for c in table.columns) for row in rows}))


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): every table of TABLES, from the store the build shares; a table answered
    meeting by meeting is kept in the memo under its rows."""
    files: dict[str, Content] = {}
    for table in TABLES:
        if table.per_meeting:
            step = f"table:{table.file}"
            files.update(made_of_rows(ctx, f"{step}:file", [step], partial(_per_meeting, table, ds, ctx)))
        else:
            files[table.file] = render(table, table.rows(dataset_store(ds, ctx)))
    return files


def _per_meeting(table: Table, ds: Dataset | None, ctx: BuildContext | None) -> dict[str, bytes]:
    by_meeting = meeting_rows(ctx, f"table:{table.file}")
    rows = (row for meeting in by_meeting for row in meeting) if by_meeting is not None else None
    return {table.file: render(table, rows if rows is not None else table.rows(dataset_store(ds, ctx)))}
