"""CSV tables of the main entities and facts (actors, instruments, recommendations, statements ...), sorted.

They are read from the build's Oxigraph store (kg.pages.html.dataset_store) with one SPARQL query per table,
not walked node by node in rdflib: each query returns everything its table says about every entity, one
value a row, and the rows are put together here. The store holds the very terms the dataset has (rdflib's
normalised lexical forms), so a value reads the same from either side. Where a column takes one value of
several (a label, or the label of a fact's actor), it takes the smallest, so the bytes never depend on the
order the store gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.build.context import dataset_store
from kg.build.export import csv_bytes
from kg.namespaces import ACTOR_CLASSES, CKG, INSTRUMENT_CLASSES
from kg.rdf.query import select

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)

Row = dict[str, str]
_ACTOR_TYPES = {str(cls): name for name, cls in ACTOR_CLASSES.items()}
_INSTRUMENT_TYPES = (*INSTRUMENT_CLASSES.values(), CKG.Instrument)


class _Entity:
    """What a table's query found about one entity: column -> node -> values.

    The node is the entity a value was reached through (a source paragraph, a named instrument, a statement
    that counts), or "" for the entity's own values; a node with no value is still listed."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, set[str]]] = {}

    def add(self, column: str, node: str, value: str | None) -> None:
        values = self.columns.setdefault(column, {}).setdefault(node, set())
        if value is not None:
            values.add(value)

    def _values(self, column: str) -> set[str]:
        return set().union(*self.columns.get(column, {}).values())

    def one(self, column: str) -> str:
        """The smallest value, or ""."""
        return min(self._values(column), default="")

    def all(self, column: str) -> str:
        return ";".join(sorted(self._values(column)))

    def count(self, column: str) -> str:
        return str(len(self.columns.get(column, {})))

    def each(self, column: str) -> dict[str, str]:
        """Node -> its smallest value, or "" when it has none."""
        return {node: min(values, default="") for node, values in self.columns.get(column, {}).items()}

    def flag(self, column: str) -> str:
        return "true" if self.one(column) == "true" else "false"

    def actor_type(self) -> str:
        """The name (ACTOR_CLASSES) of the smallest actor class among the values of "actor_type"."""
        return min((_ACTOR_TYPES[t] for t in self._values("actor_type") if t in _ACTOR_TYPES), default="")

    def sources(self) -> list[tuple[str, str]]:
        """(document_file, paragraph) for every paragraph or report the entity was derived from."""
        files, paragraphs = self.each("source_file"), self.each("paragraph")
        return sorted({(files.get(node, ""), paragraphs.get(node, "")) for node in files | paragraphs}) or [("", "")]


def _query(classes: Iterable[URIRef], values: dict[str, str], linked: Iterable[str] = ()) -> str:
    """A SELECT of ``?entity ?column ?node ?value``: every IRI of one of ``classes``, with the values each
    property path of ``values`` (column -> path) reaches from it, and what the ``linked`` patterns bind (each
    a ?column, the ?node it went through and maybe a ?value). All of it OPTIONAL, so an entity none of them
    matches still has its row."""
    branches = [f'{{ ?entity {path} ?value BIND("{column}" AS ?column) }}' for column, path in values.items()]
    branches += [f"{{ {pattern} }}" for pattern in linked]
    classes_list = " ".join(f"<{cls}>" for cls in classes)
    return (f"SELECT ?entity ?column ?node ?value WHERE {{\n"
            f"  {{ SELECT DISTINCT ?entity WHERE {{ VALUES ?class {{ {classes_list} }} ?entity a ?class "
            f"FILTER(isIRI(?entity)) }} }}\n"
            "  OPTIONAL {\n    " + "\n    UNION ".join(branches) + "\n  }\n}\n")


def _collect(store: ox.Store, query: str) -> dict[str, _Entity]:
    """Entity IRI -> what ``query`` (made by _query) found about it, read from the union of all documents."""
    solutions = select(store, query)
    found: dict[str, _Entity] = {}
    # Unpacked by position, which is cheaper than looking each variable up by name.
    for entity, column, node, value in solutions:
        row = found.setdefault(entity.value, _Entity())
        if column is not None:
            row.add(column.value, "" if node is None else node.value, None if value is None else value.value)
    return found


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

_ACTORS = _query((CKG.Actor, *ACTOR_CLASSES.values()), {
    "actor_label": "rdfs:label", "actor_type": "rdf:type", "iso3": "ckg:iso3", "m49": "ckg:m49",
    "acronyms": "ckg:acronym", "wikidata": "owl:sameAs", "unresolved": "ckg:unresolved",
}, (
    '?node ckg:actor ?entity ; a ckg:Statement BIND("statements" AS ?column)',
    '?node ckg:actor ?entity ; a ckg:Attendance BIND("attendances" AS ?column)',
    '?node ckg:attributedTo ?entity BIND("attributions" AS ?column)',
))

_INSTRUMENTS = _query(_INSTRUMENT_TYPES, {
    "key": "ckg:instrumentKey", "instrument_label": "rdfs:label", "kind": "ckg:instrumentKind",
    "adopted": "ckg:adopted", "part_of": "dcterms:isPartOf/ckg:instrumentKey", "wikidata": "owl:sameAs",
    "source": "dcterms:source", "unresolved": "ckg:unresolved",
}, (
    '?node ckg:instrument ?entity BIND("mentions" AS ?column)',
    '?node ckg:namesInstrument ?entity ; a ckg:Recommendation BIND("recommendations" AS ?column)',
))

_RECOMMENDATIONS = _query((CKG.Recommendation,), {
    **_MEETING, **_ITEM, "letter": "ckg:letter", "text": "ckg:text",
    "document_file": "ckg:inReport/ckg:fileName", "is_draft": "ckg:inReport/ckg:isDraft",
}, (
    '?entity ckg:namesInstrument ?node OPTIONAL { ?node ckg:instrumentKey ?value } BIND("instruments" AS ?column)',
    '?entity ckg:attributedTo ?node OPTIONAL { ?node ckg:iso3 ?value } BIND("state_iso3" AS ?column)',
    '?entity ckg:attributedTo ?node OPTIONAL { ?node rdfs:label ?value } BIND("state_label" AS ?column)',
    *_SOURCES,
))


def _actor_facts_query(cls: URIRef) -> str:
    return _query((cls,), {
        **_MEETING, **_ITEM, "actor": "ckg:actor", "actor_label": "ckg:actor/rdfs:label",
        "actor_type": "ckg:actor/rdf:type", "iso3": "ckg:actor/ckg:iso3", "capacity": "ckg:capacity",
    }, _SOURCES)


_OFFICERS = _query((CKG.OfficerRole,), {
    **_MEETING, "role": "ckg:role", "person": "ckg:person", "person_name": "ckg:person/foaf:name",
    "iso3": "ckg:representing/ckg:iso3",
}, _SOURCES)

_MEETINGS = _query((CKG.Meeting,), {
    "meeting_label": "rdfs:label", "region": "ckg:region", "venue": "ckg:venue", "start_date": "schema:startDate",
    "end_date": "schema:endDate",
}, ('?node ckg:reportsOn ?entity OPTIONAL { ?node ckg:fileName ?value } BIND("documents" AS ?column)',))

_DOCUMENTS = _query((CKG.Report,), {
    "document_file": "ckg:fileName", "symbol": "ckg:symbol", "kind": "ckg:reportKind", "is_draft": "ckg:isDraft",
    "distribution_date": "ckg:distributionDate", "meeting": "ckg:reportsOn", "title": "dcterms:title",
    "document_kind": "ckg:documentKind",
}, (
    '?node ckg:inReport ?entity ; a ckg:Paragraph BIND("paragraphs" AS ?column)',
    '?node ckg:inReport ?entity ; a ckg:Recommendation BIND("recommendations" AS ?column)',
))


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns and the function that yields its rows from the query store."""

    file: str
    columns: tuple[str, ...]
    rows: Callable[[ox.Store], Iterable[Row]]


def _ones(e: _Entity, *columns: dict[str, str]) -> Row:
    """The one value of each column of these column -> path maps (_MEETING, _ITEM)."""
    return {column: e.one(column) for paths in columns for column in paths}


def _actors(store: ox.Store) -> Iterable[Row]:
    for actor, e in _collect(store, _ACTORS).items():
        yield {"actor": actor, "actor_label": e.one("actor_label"), "actor_type": e.actor_type(),
               "iso3": e.one("iso3"), "m49": e.one("m49"), "acronyms": e.all("acronyms"),
               "wikidata": e.all("wikidata"), "unresolved": e.flag("unresolved"),
               "statements": e.count("statements"), "attendances": e.count("attendances"),
               "attributions": e.count("attributions")}


def _instruments(store: ox.Store) -> Iterable[Row]:
    for instrument, e in _collect(store, _INSTRUMENTS).items():
        yield {"instrument": instrument, "key": e.one("key"), "instrument_label": e.one("instrument_label"),
               "kind": e.one("kind"), "adopted": e.one("adopted"), "part_of": e.one("part_of"),
               "wikidata": e.all("wikidata"), "source": e.all("source"), "unresolved": e.flag("unresolved"),
               "mentions": e.count("mentions"), "recommendations": e.count("recommendations")}


def _recommendations(store: ox.Store) -> Iterable[Row]:
    for recommendation, e in _collect(store, _RECOMMENDATIONS).items():
        # A state by its ISO code, any other actor by its label.
        iso3, labels = e.each("state_iso3"), e.each("state_label")
        states = sorted(iso3.get(state) or labels.get(state, "") for state in iso3 | labels)
        yield {"recommendation": recommendation, **_ones(e, _MEETING, _ITEM), "letter": e.one("letter"),
               "document_file": e.one("document_file"), "is_draft": e.one("is_draft"),
               "paragraph": e.sources()[0][1], "instruments": ";".join(sorted(e.each("instruments").values())),
               "attributed_to": ";".join(states), "text": e.one("text")}


def _actor_facts(cls: URIRef, column: str) -> Callable[[ox.Store], Iterable[Row]]:
    query = _actor_facts_query(cls)

    def rows(store: ox.Store) -> Iterable[Row]:
        for fact, e in _collect(store, query).items():
            base = {column: fact, **_ones(e, _MEETING, _ITEM), "actor": e.one("actor"), "actor_label": e.one("actor_label"),
                    "actor_type": e.actor_type(), "iso3": e.one("iso3"), "capacity": e.one("capacity")}
            for document_file, paragraph in e.sources():
                yield {**base, "document_file": document_file, "paragraph": paragraph}
    return rows


def _officers(store: ox.Store) -> Iterable[Row]:
    for officer, e in _collect(store, _OFFICERS).items():
        base = {"officer": officer, **_ones(e, _MEETING), "role": e.one("role"), "person": e.one("person"),
                "person_name": e.one("person_name"), "iso3": e.one("iso3")}
        for document_file, paragraph in e.sources():
            yield {**base, "document_file": document_file, "paragraph": paragraph}


def _meetings(store: ox.Store) -> Iterable[Row]:
    for meeting, e in _collect(store, _MEETINGS).items():
        yield {"meeting": meeting, "meeting_label": e.one("meeting_label"), "region": e.one("region"),
               "venue": e.one("venue"), "start_date": e.one("start_date"), "end_date": e.one("end_date"),
               "documents": ";".join(sorted(e.each("documents").values()))}


def _documents(store: ox.Store) -> Iterable[Row]:
    for report, e in _collect(store, _DOCUMENTS).items():
        yield {"report": report, "document_file": e.one("document_file"), "symbol": e.one("symbol"),
               "kind": e.one("kind"), "is_draft": e.one("is_draft"), "distribution_date": e.one("distribution_date"),
               "meeting": e.one("meeting"), "title": e.one("title"), "paragraphs": e.count("paragraphs"),
               "recommendations": e.count("recommendations"), "document_kind": e.one("document_kind")}


_FACT_COLUMNS = ("meeting", "meeting_label", "rpm_item", "congress_item", "workshop", "actor", "actor_label",
                 "actor_type", "iso3", "capacity", "document_file", "paragraph")

TABLES: tuple[Table, ...] = (
    Table("actors.csv", ("actor", "actor_label", "actor_type", "iso3", "m49", "acronyms", "wikidata", "unresolved",
                         "statements", "attendances", "attributions"), _actors),
    Table("instruments.csv", ("instrument", "key", "instrument_label", "kind", "adopted", "part_of", "wikidata",
                              "source", "unresolved", "mentions", "recommendations"), _instruments),
    Table("recommendations.csv", ("recommendation", "meeting", "meeting_label", "rpm_item", "congress_item",
                                  "workshop", "letter", "document_file", "is_draft", "paragraph", "instruments",
                                  "attributed_to", "text"), _recommendations),
    Table("statements.csv", ("statement", *_FACT_COLUMNS), _actor_facts(CKG.Statement, "statement")),
    Table("attendance.csv", ("attendance", *_FACT_COLUMNS), _actor_facts(CKG.Attendance, "attendance")),
    Table("officers.csv", ("officer", "meeting", "meeting_label", "role", "person", "person_name", "iso3",
                           "document_file", "paragraph"), _officers),
    Table("meetings.csv", ("meeting", "meeting_label", "region", "venue", "start_date", "end_date", "documents"),
          _meetings),
    Table("documents.csv", ("report", "document_file", "symbol", "kind", "is_draft", "distribution_date", "meeting",
                            "title", "paragraphs", "recommendations", "document_kind"), _documents),
)


def render(table: Table, rows: Iterable[Row]) -> bytes:
    """One table as CSV: header, then rows sorted by their values (so the same graph gives the same bytes)."""
    return csv_bytes(table.columns, sorted({tuple(row.get(c, "") for c in table.columns) for row in rows}))


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): every table of TABLES, from the store the build shares."""
    store = dataset_store(ds, ctx)
    return {table.file: render(table, table.rows(store)) for table in TABLES}
