"""CSV tables of the main entities and facts (actors, instruments, recommendations, statements ...), sorted."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS
from rdflib.term import Node

from kg.export import union_graph
from kg.namespaces import ACTOR_CLASSES, CKG, INSTRUMENT_CLASSES, SCHEMA

Row = dict[str, str]
_ACTOR_TYPES = {cls: name for name, cls in ACTOR_CLASSES.items()}
_INSTRUMENT_TYPES = set(INSTRUMENT_CLASSES.values()) | {CKG.Instrument}


def _text(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and isinstance(term.toPython(), bool):
        return "true" if term.toPython() else "false"
    return str(term)


class _View:
    """Read-only lookups on the union graph shared by every table."""

    def __init__(self, g: Graph) -> None:
        self.g = g

    def one(self, s: Node, p: URIRef) -> str:
        values = sorted(_text(o) for o in self.g.objects(s, p))
        return values[0] if values else ""

    def all(self, s: Node, p: URIRef) -> str:
        return ";".join(sorted({_text(o) for o in self.g.objects(s, p)}))

    def instances(self, *classes: URIRef) -> list[URIRef]:
        found = {s for c in classes for s in self.g.subjects(RDF.type, c) if isinstance(s, URIRef)}
        return sorted(found)

    def actor_type(self, actor: Node) -> str:
        types = sorted(_ACTOR_TYPES[t] for t in self.g.objects(actor, RDF.type) if t in _ACTOR_TYPES)
        return types[0] if types else ""

    def item(self, fact: Node) -> dict[str, str]:
        item = self.g.value(fact, CKG.agendaItem)
        if item is None:
            return {"rpm_item": "", "congress_item": "", "workshop": ""}
        return {"rpm_item": self.one(item, CKG.rpmItem), "congress_item": self.one(item, CKG.congressItem),
                "workshop": self.one(item, CKG.workshop)}

    def sources(self, fact: Node) -> list[tuple[str, str]]:
        """(document_file, paragraph) for every paragraph or report the fact was derived from."""
        found = set()
        for source in self.g.objects(fact, PROV.wasDerivedFrom):
            report = self.g.value(source, CKG.inReport) or source
            found.add((self.one(report, CKG.fileName), self.one(source, CKG.paragraphNumber)))
        return sorted(found) or [("", "")]

    def meeting(self, fact: Node) -> dict[str, str]:
        meeting = self.g.value(fact, CKG.meeting)
        return {"meeting": _text(meeting), "meeting_label": self.one(meeting, RDFS.label) if meeting else ""}

    def wikidata(self, s: Node) -> str:
        return self.all(s, OWL.sameAs)


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns and the function that yields its rows."""

    file: str
    columns: tuple[str, ...]
    rows: Callable[[_View], Iterable[Row]]


def _actors(v: _View) -> Iterable[Row]:
    g = v.g
    for a in v.instances(CKG.Actor, *ACTOR_CLASSES.values()):
        yield {"actor": str(a), "actor_label": v.one(a, RDFS.label), "actor_type": v.actor_type(a),
               "iso3": v.one(a, CKG.iso3), "m49": v.one(a, CKG.m49), "acronyms": v.all(a, CKG.acronym),
               "wikidata": v.wikidata(a), "unresolved": "true" if v.one(a, CKG.unresolved) == "true" else "false",
               "statements": str(len(set(g.subjects(CKG.actor, a)) & set(g.subjects(RDF.type, CKG.Statement)))),
               "attendances": str(len(set(g.subjects(CKG.actor, a)) & set(g.subjects(RDF.type, CKG.Attendance)))),
               "attributions": str(len(set(g.subjects(CKG.attributedTo, a))))}


def _instruments(v: _View) -> Iterable[Row]:
    g = v.g
    for i in v.instances(*_INSTRUMENT_TYPES):
        parent = g.value(i, DCTERMS.isPartOf)
        yield {"instrument": str(i), "key": v.one(i, CKG.instrumentKey), "instrument_label": v.one(i, RDFS.label),
               "kind": v.one(i, CKG.instrumentKind), "adopted": v.one(i, CKG.adopted),
               "part_of": v.one(parent, CKG.instrumentKey) if parent is not None else "",
               "wikidata": v.wikidata(i), "source": v.all(i, DCTERMS.source),
               "unresolved": "true" if v.one(i, CKG.unresolved) == "true" else "false",
               "mentions": str(len(set(g.subjects(CKG.instrument, i)))),
               "recommendations": str(len(set(g.subjects(CKG.namesInstrument, i))
                                          & set(g.subjects(RDF.type, CKG.Recommendation))))}


def _recommendations(v: _View) -> Iterable[Row]:
    g = v.g
    for r in v.instances(CKG.Recommendation):
        report = g.value(r, CKG.inReport)
        instruments = sorted(v.one(i, CKG.instrumentKey) for i in g.objects(r, CKG.namesInstrument))
        states = sorted(v.one(s, CKG.iso3) or v.one(s, RDFS.label) for s in g.objects(r, CKG.attributedTo))
        yield {"recommendation": str(r), **v.meeting(r), **v.item(r), "letter": v.one(r, CKG.letter),
               "document_file": v.one(report, CKG.fileName) if report else "",
               "is_draft": v.one(report, CKG.isDraft) if report else "",
               "paragraph": v.sources(r)[0][1], "instruments": ";".join(instruments),
               "attributed_to": ";".join(states), "text": v.one(r, CKG.text)}


def _actor_facts(cls: URIRef, column: str) -> Callable[[_View], Iterable[Row]]:
    def rows(v: _View) -> Iterable[Row]:
        for f in v.instances(cls):
            actor = v.g.value(f, CKG.actor)
            base = {column: str(f), **v.meeting(f), **v.item(f), "actor": _text(actor),
                    "actor_label": v.one(actor, RDFS.label) if actor else "",
                    "actor_type": v.actor_type(actor) if actor else "",
                    "iso3": v.one(actor, CKG.iso3) if actor else "", "capacity": v.one(f, CKG.capacity)}
            for document_file, paragraph in v.sources(f):
                yield {**base, "document_file": document_file, "paragraph": paragraph}
    return rows


def _officers(v: _View) -> Iterable[Row]:
    for f in v.instances(CKG.OfficerRole):
        person = v.g.value(f, CKG.person)
        state = v.g.value(f, CKG.representing)
        base = {"officer": str(f), **v.meeting(f), "role": v.one(f, CKG.role), "person": _text(person),
                "person_name": v.one(person, FOAF.name) if person else "",
                "iso3": v.one(state, CKG.iso3) if state else ""}
        for document_file, paragraph in v.sources(f):
            yield {**base, "document_file": document_file, "paragraph": paragraph}


def _meetings(v: _View) -> Iterable[Row]:
    g = v.g
    for m in v.instances(CKG.Meeting):
        files = sorted(v.one(r, CKG.fileName) for r in g.subjects(CKG.reportsOn, m))
        yield {"meeting": str(m), "meeting_label": v.one(m, RDFS.label), "region": v.one(m, CKG.region),
               "venue": v.one(m, CKG.venue), "start_date": v.one(m, SCHEMA.startDate),
               "end_date": v.one(m, SCHEMA.endDate), "documents": ";".join(files)}


def _documents(v: _View) -> Iterable[Row]:
    g = v.g
    for r in v.instances(CKG.Report):
        yield {"report": str(r), "document_file": v.one(r, CKG.fileName), "symbol": v.one(r, CKG.symbol),
               "kind": v.one(r, CKG.reportKind), "is_draft": v.one(r, CKG.isDraft),
               "distribution_date": v.one(r, CKG.distributionDate), "meeting": _text(g.value(r, CKG.reportsOn)),
               "title": v.one(r, DCTERMS.title),
               "paragraphs": str(len(set(g.subjects(CKG.inReport, r)) & set(g.subjects(RDF.type, CKG.Paragraph)))),
               "recommendations": str(len(set(g.subjects(CKG.inReport, r))
                                          & set(g.subjects(RDF.type, CKG.Recommendation))))}


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
                            "title", "paragraphs", "recommendations"), _documents),
)


def render(table: Table, view: _View) -> bytes:
    """One table as CSV: header, then rows sorted by their values (so the same graph gives the same bytes)."""
    rows = sorted({tuple(row.get(c, "") for c in table.columns) for row in table.rows(view)})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def export(ds: Dataset, ctx: object = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): every table of TABLES."""
    view = _View(union_graph(ds))
    return {table.file: render(table, view) for table in TABLES}
