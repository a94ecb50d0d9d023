"""The counts void.ttl gives: one pass over the build's sorted quads, or chunk by chunk with the build's memo."""

from __future__ import annotations

import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from kg.build.context import CUT, ChunkRef, Memo, chunk_entries, indexed_entries
from kg.namespaces import CKG
from kg.rdf.io import OxTerm

Term = OxTerm  # an Oxigraph term: what a quad's subject or object can be
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

# The terms the counting pass looks for, as Oxigraph terms like the quads it reads.
_TYPE = ox.NamedNode(str(RDF.type))
_REPORT = ox.NamedNode(str(CKG.Report))
_MEETING = ox.NamedNode(str(CKG.Meeting))
_FILE_NAME = ox.NamedNode(str(CKG.fileName))
_DISTRIBUTION_DATE = ox.NamedNode(str(CKG.distributionDate))


@dataclass
class Counts:
    """What void.ttl says of a set of quads. Over their union, where a triple in several graphs counts once:
    the triples, subjects, objects, properties and classes, and the reports and meetings. Per graph: its quads
    and the reports it types."""

    triples: int = 0
    subjects: int = 0
    objects: int = 0
    entities: int = 0  # IRIs that have a type
    per_property: Counter[ox.NamedNode] = field(default_factory=Counter)  # triples per property
    instances: Counter[ox.NamedNode] = field(default_factory=Counter)  # instances per class
    instance_triples: Counter[ox.NamedNode] = field(default_factory=Counter)  # triples about them, per class
    reports: list[Term] = field(default_factory=list)
    meetings: list[Term] = field(default_factory=list)
    file_names: defaultdict[Term, list[ox.Literal]] = field(default_factory=lambda: defaultdict(list))
    distribution_dates: list[ox.Literal] = field(default_factory=list)
    per_graph: Counter[GraphName] = field(default_factory=Counter)  # quads per graph
    graph_reports: defaultdict[GraphName, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def merge(self, other: Counts) -> None:
        """Add the counts of quads of other subjects (their distinct objects aside: the caller unites those)."""
        self.triples += other.triples
        self.subjects += other.subjects
        self.entities += other.entities
        for mine, theirs in ((self.per_property, other.per_property), (self.instances, other.instances),
                             (self.instance_triples, other.instance_triples)):
            mine.update(theirs)
        self.per_graph.update(other.per_graph)
        self.reports += other.reports
        self.meetings += other.meetings
        self.distribution_dates += other.distribution_dates
        for subject, names in other.file_names.items():
            self.file_names[subject] += names
        for graph, reports in other.graph_reports.items():
            self.graph_reports[graph] += reports


def count(quads: Iterable[ox.Quad]) -> Counts:
    """Everything void.ttl counts, in one pass over ``quads`` sorted as ``kg.build.export.sorted_quads`` sorts them.

    They are sorted by their N-Quads line, which starts with the subject, then the predicate and object, so the
    quads of one subject come together, and within them the copies of one triple in several graphs come one after
    the other. Counting subject by subject, and comparing each triple with the one before, needs no set of every
    subject or triple: only the distinct objects are held (as N-Triples, which tell terms apart as the terms do)."""
    counts = Counts()
    objects: set[str] = set()
    _count(counts, quads, objects)
    counts.objects = len(objects)
    return counts


STEP = "void-counts"  # the memo's step of each chunk's counts


def count_chunked(nquads: Path, memo: Memo, cut: int = CUT, chunks: list[ChunkRef] | None = None) -> Counts:
    """:func:`count` of an N-Quads file sorted as the build writes graph.nq, a chunk of whole subjects at a time
    (kg.build.partition.chunk_entries, or the file's ``chunks`` as the build wrote it, which spares reading it
    again): each chunk's counts and distinct objects are kept in ``memo``, so an edit counts again only the chunks
    it touches. No subject spans two chunks, so the counts add up; the distinct objects are the union of the
    chunks'."""
    counts = Counts()
    objects: set[str] = set()
    for entry in _entries(nquads, memo, cut, chunks):
        part, part_objects = pickle.loads(entry)
        counts.merge(part)
        objects.update(part_objects)
    counts.objects = len(objects)
    return counts


def _entries(nquads: Path, memo: Memo, cut: int, chunks: list[ChunkRef] | None) -> Iterator[bytes]:
    if chunks is not None:
        yield from indexed_entries(nquads, chunks, memo, STEP, _chunk_entry)
        return
    with nquads.open(encoding="utf-8", newline="\n") as handle:
        for _data, _digest, entry in chunk_entries(handle, memo, STEP, _chunk_entry, cut):
            yield entry


def _chunk_entry(data: bytes) -> bytes:
    counts = Counts()
    objects: set[str] = set()
    _count(counts, ox.parse(data, format=ox.RdfFormat.N_QUADS), objects)
    return pickle.dumps((counts, sorted(objects)), protocol=pickle.HIGHEST_PROTOCOL)


# What the build makes for each chunk of graph.nq as it writes it (kg.build.steps.chunk_steps), for count_chunked
# to find in the memo: with --jobs N, made in the build's processes.
CHUNK_ENTRIES = {STEP: _chunk_entry}


def _count(counts: Counts, quads: Iterable[ox.Quad], objects: set[str]) -> None:
    for subject, quads_of_subject in groupby(quads, key=attrgetter("subject")):
        triples = 0
        typed = False
        classes: list[ox.NamedNode] = []
        previous: tuple[ox.NamedNode, Term] | None = None
        for quad in quads_of_subject:
            p, o, g = quad.predicate, quad.object, quad.graph_name
            counts.per_graph[g] += 1
            if p == _TYPE and o == _REPORT:
                counts.graph_reports[g].append(subject)
            if (p, o) == previous:
                continue  # the same triple in another graph: the union holds it once
            previous = (p, o)
            triples += 1
            objects.add(str(o))
            counts.per_property[p] += 1
            if p == _TYPE:
                typed = True
                if isinstance(o, ox.NamedNode):
                    classes.append(o)
            elif p == _FILE_NAME and isinstance(o, ox.Literal):
                counts.file_names[subject].append(o)
            elif p == _DISTRIBUTION_DATE and isinstance(o, ox.Literal):
                counts.distribution_dates.append(o)
        counts.subjects += 1
        counts.triples += triples
        counts.entities += typed and isinstance(subject, ox.NamedNode)
        for cls in classes:
            counts.instances[cls] += 1
            counts.instance_triples[cls] += triples
            if cls == _REPORT:
                counts.reports.append(subject)
            elif cls == _MEETING:
                counts.meetings.append(subject)
