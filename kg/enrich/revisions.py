"""Draft to final: align each draft's recommendations and statements with the final report of the same meeting."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.enrich.align import align, plain_diff, same_wording, similarity, word_diff
from kg.graph.iris import IRIs
from kg.namespaces import CKG, OA
from kg.rdf.io import ordered

if TYPE_CHECKING:
    from kg.build.context import BuildContext

_Triple = tuple[URIRef, URIRef, URIRef | Literal]

# What find_revisions reads of a meeting's reports: the assembly gives meeting_triples only these (kg.build.assemble).
MEETING_PREDICATES = frozenset({
    RDF.type, CKG.reportsOn, CKG.fileName, CKG.isDraft, CKG.inReport, CKG.agendaItem, CKG.letter, CKG.text,
    CKG.rpmItem, CKG.congressItem, OA.hasSource, OA.hasTarget, OA.hasBody, OA.hasSelector, OA.exact,
})


@dataclass(frozen=True)
class Report:
    iri: URIRef
    doc_id: str
    file_name: str
    meeting: URIRef
    is_draft: bool


@dataclass(frozen=True)
class Version:
    """One recommendation (or statement) as one report has it."""

    iri: URIRef
    letter: str
    text: str


@dataclass(frozen=True)
class Revision:
    """How one draft item fared in the final report: the two versions (one may be None) and the verdict."""

    draft_report: Report
    final_report: Report
    item: URIRef
    rpm_item: str
    kind: str  # "recommendation" or "statement"
    draft: Version | None
    final: Version | None
    similarity: float

    @property
    def status(self) -> str:
        if self.draft is None:
            return "added"
        if self.final is None:
            return "dropped"
        return "kept" if same_wording(self.draft.text, self.final.text) else "reworded"

    @property
    def changed(self) -> bool:
        return self.status != "kept"

    @property
    def diff(self) -> str:
        return plain_diff(word_diff(self.draft.text if self.draft else "", self.final.text if self.final else ""))


def _reports(g: Graph) -> list[Report]:
    out = []
    for iri in ordered(g.subjects(RDF.type, CKG.Report)):
        meeting, name, draft = g.value(iri, CKG.reportsOn), g.value(iri, CKG.fileName), g.value(iri, CKG.isDraft)
        if isinstance(iri, URIRef) and isinstance(meeting, URIRef) and name is not None and isinstance(draft, Literal):
            out.append(Report(iri, str(iri).rstrip("/").rsplit("/", 1)[-1], str(name), meeting, bool(draft.toPython())))
    return out


def _recommendations(g: Graph, report: Report) -> dict[URIRef, list[Version]]:
    """The report's recommendations by agenda item."""
    by_item: dict[URIRef, list[Version]] = defaultdict(list)
    for rec in ordered(g.subjects(CKG.inReport, report.iri)):
        if (rec, RDF.type, CKG.Recommendation) not in g:
            continue
        item = g.value(rec, CKG.agendaItem)
        if isinstance(item, URIRef) and isinstance(rec, URIRef):
            by_item[item].append(Version(rec, str(g.value(rec, CKG.letter) or ""), str(g.value(rec, CKG.text) or "")))
    return by_item


def _covered_items(g: Graph, report: Report) -> set[URIRef]:
    """The agenda items the report has paragraphs or recommendations on."""
    return {item for part in g.subjects(CKG.inReport, report.iri)
            for item in g.objects(part, CKG.agendaItem) if isinstance(item, URIRef)}


def _statements(g: Graph, report: Report) -> dict[URIRef, dict[URIRef, str]]:
    """By agenda item: each statement the report supports, with the actor's name as the report writes it."""
    by_item: dict[URIRef, dict[URIRef, str]] = defaultdict(dict)
    # From the report to its annotations, not over every annotation of the graph: once per report,
    # that scan made the step quadratic in the corpus (0.7 s a report at 50 reports).
    annotations = sorted({(ann, target) for target in g.subjects(OA.hasSource, report.iri)
                          for ann in g.subjects(OA.hasTarget, target) if (ann, RDF.type, OA.Annotation) in g})
    for ann, target in annotations:
        statement = g.value(ann, OA.hasBody)
        if (statement, RDF.type, CKG.Statement) not in g:
            continue
        item = g.value(statement, CKG.agendaItem)
        quotes = sorted(str(g.value(sel, OA.exact)) for sel in g.objects(target, OA.hasSelector)
                        if g.value(sel, OA.exact) is not None)
        if isinstance(item, URIRef) and isinstance(statement, URIRef) and quotes:
            previous = by_item[item].get(statement)
            by_item[item][statement] = min(quotes + ([previous] if previous else []))
    return by_item


def find_revisions(g: Graph) -> list[Revision]:
    """Every draft recommendation and statement set against the final report(s) of its meeting."""
    reports = _reports(g)
    finals_by_meeting: dict[URIRef, list[Report]] = defaultdict(list)
    for report in reports:
        if not report.is_draft:
            finals_by_meeting[report.meeting].append(report)
    revisions: list[Revision] = []
    for draft in (r for r in reports if r.is_draft):
        draft_recs, draft_statements = _recommendations(g, draft), _statements(g, draft)
        for final in finals_by_meeting.get(draft.meeting, []):
            covered = _covered_items(g, final)
            final_recs, final_statements = _recommendations(g, final), _statements(g, final)
            same = _same_items(g, set(draft_recs) | set(draft_statements), covered)
            for item in sorted(set(draft_recs) & set(same)):
                revisions += _pair_recommendations(draft, final, item, _rpm_item(g, item), draft_recs[item],
                                                   final_recs.get(same[item], []))
            for item in sorted(set(draft_statements) & set(same)):
                revisions += _pair_statements(draft, final, item, _rpm_item(g, item), draft_statements[item],
                                              final_statements.get(same[item], {}))
    return revisions


def _same_items(g: Graph, draft_items: set[URIRef], final_items: set[URIRef]) -> dict[URIRef, URIRef]:
    """Each draft item and the final report's item it is: the same one, else the only final item on the same
    Congress agenda item (a final may letter its items otherwise, or not at all, where its draft said 5 (c))."""
    by_congress: dict[str, list[URIRef]] = defaultdict(list)
    for item in final_items:
        if (number := g.value(item, CKG.congressItem)) is not None:
            by_congress[str(number)].append(item)
    same: dict[URIRef, URIRef] = {}
    for item in draft_items:
        number = g.value(item, CKG.congressItem)
        if item in final_items:
            same[item] = item
        elif number is not None and len(found := by_congress.get(str(number), [])) == 1:
            same[item] = found[0]
    return same


def _rpm_item(g: Graph, item: URIRef) -> str:
    return str(g.value(item, CKG.rpmItem) or str(item).rsplit("/", 1)[-1])


def _pair_recommendations(draft: Report, final: Report, item: URIRef, rpm_item: str, drafts: list[Version],
                          finals: list[Version]) -> list[Revision]:
    pairs = align([v.text for v in drafts], [v.text for v in finals])
    return [
        Revision(draft, final, item, rpm_item, "recommendation",
                 drafts[p.draft] if p.draft is not None else None,
                 finals[p.final] if p.final is not None else None, p.similarity)
        for p in pairs
    ]


def _pair_statements(draft: Report, final: Report, item: URIRef, rpm_item: str, drafts: dict[URIRef, str],
                     finals: dict[URIRef, str]) -> list[Revision]:
    """Statements are one node across documents: the same node in both reports is the same statement."""
    out = []
    for statement in sorted(set(drafts) | set(finals)):
        d = Version(statement, "", drafts[statement]) if statement in drafts else None
        f = Version(statement, "", finals[statement]) if statement in finals else None
        score = similarity(d.text, f.text) if d and f else 0.0
        out.append(Revision(draft, final, item, rpm_item, "statement", d, f, score))
    return out


def revision_triples(revision: Revision, iris: IRIs) -> Iterator[_Triple]:
    """The Revision node, and prov:wasRevisionOf from the final to the draft version."""
    d, f = revision.draft, revision.final
    if revision.kind == "recommendation":
        item_key = str(revision.item).rsplit("/", 1)[-1]
        key: tuple[str, ...] = (item_key, d.letter if d else "none", f.letter if f else "none")
    else:
        version = d or f
        assert version is not None  # a revision has a draft, a final version or both
        key = ("statement", str(version.iri).split("/statement/", 1)[-1])
    node = iris.revision(revision.draft_report.doc_id, revision.final_report.doc_id, *key)
    status = revision.status
    yield node, RDF.type, CKG.Revision
    label_draft = f"({d.letter})" if d and d.letter else ("" if d else "nothing")
    label_final = f"({f.letter})" if f and f.letter else ("" if f else "nothing")
    what = "recommendation" if revision.kind == "recommendation" else "statement"
    yield node, RDFS.label, Literal(
        f"{what} {revision.draft_report.file_name} {label_draft} -> {revision.final_report.file_name} "
        f"{label_final}: {status}".replace("  ", " ")
    )
    yield node, CKG.draftReport, revision.draft_report.iri
    yield node, CKG.finalReport, revision.final_report.iri
    yield node, CKG.meeting, revision.draft_report.meeting
    yield node, CKG.agendaItem, revision.item
    yield node, CKG.revisionStatus, Literal(status)
    yield node, CKG.changed, Literal(revision.changed)
    score = Decimal(1) if status == "kept" else Decimal(str(round(revision.similarity, 3)))
    yield node, CKG.similarity, Literal(score.quantize(Decimal("0.001")), datatype=XSD.decimal)
    if d is not None:
        yield node, CKG.draftVersion, d.iri
        yield node, PROV.wasDerivedFrom, d.iri
    if f is not None:
        yield node, CKG.finalVersion, f.iri
        yield node, PROV.wasDerivedFrom, f.iri
    if d is not None and f is not None:
        yield node, CKG.wordDiff, Literal(revision.diff)
        if d.iri != f.iri:
            yield f.iri, PROV.wasRevisionOf, d.iri


def meeting_triples(graph: Graph, ctx: BuildContext) -> Iterator[_Triple]:
    """Enricher hook (kg.build.assemble): the revisions of every draft of one meeting (the union of its reports)."""
    for revision in find_revisions(graph):
        yield from revision_triples(revision, ctx.builder.iris)
