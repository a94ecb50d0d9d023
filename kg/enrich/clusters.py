"""Commitment clusters: per Congress agenda item, recommendations of different meetings that make the same ask."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.enrich.asks import Shared, SubjectFrequencies, asks, shared
from kg.enrich.clustering import (
    Commitment,
    Frequencies,
    Settings,
    Vector,
    average_linkage,
    cosine,
    load_settings,
    mean_similarity,
    vector,
)
from kg.enrich.lexical import terms
from kg.enrich.subject_clusters import by_subject
from kg.enrich.subjects import load_vocabulary
from kg.namespaces import CKG
from kg.rdf.io import ordered

if TYPE_CHECKING:
    from kg.build.context import BuildContext

_Triple = tuple[URIRef, URIRef, URIRef | Literal]

# What the hook reads of each meeting's graph (kg.build.assemble gives corpus_triples only these). No rdf:type,
# almost half the triples: the ontology's domains tell the texts apart (ckg:letter is a Recommendation's, a text
# without one is a Paragraph's).
CORPUS_PREDICATES = frozenset({
    RDFS.label, CKG.text, CKG.letter, CKG.meeting, CKG.agendaItem, CKG.congressItem, CKG.rpmItem,
    CKG.inReport, CKG.symbol, CKG.reportsOn, DCTERMS.subject, CKG.actionType, CKG.leadingVerb,
    CKG.namesInstrument, CKG.draftVersion,
})
# The Congress a meeting prepares: the conference of its documents' symbols (A/CONF.241/RPM.1/...), else the
# ordinal its title names ("... Preparatory Meeting for the Fifteenth United Nations Congress ...").
_SYMBOL = re.compile(r"\bA/CONF\.(\d+)/")
_ORDINAL = re.compile(r"\bfor the ([A-Z][a-z]+(?:-[a-z]+)?) United Nations Congress\b")


@dataclass(frozen=True)
class Topic:
    """Where a cluster belongs: a Congress and one of its agenda items (or, without one, the meetings' item)."""

    congress: str
    congress_item: int | None
    rpm_item: str

    @property
    def key(self) -> str:
        return str(self.congress_item) if self.congress_item is not None else f"rpm-{self.rpm_item}"


@dataclass
class Cluster:
    """A group of commitments from at least two meetings, with what they share."""

    topic: Topic
    members: list[Commitment]
    score: float
    terms: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def meetings(self) -> list[str]:
        return sorted({m.meeting for m in self.members})

    def digest(self, base: str) -> str:
        """From the members' IRIs less the ``base``: the same members make the same cluster IRI in every build,
        and only the base changes with --base."""
        keys = sorted(m.iri.removeprefix(base) for m in self.members)
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def congress_of(label: str, symbols: Iterable[str]) -> str:
    """The Congress a meeting prepares: 'A/CONF.N' from a document symbol, else the ordinal of its title + ' Congress'."""
    for symbol in sorted(symbols):
        if (m := _SYMBOL.search(symbol)) is not None:
            return f"A/CONF.{m.group(1)}"
    if (m := _ORDINAL.search(label)) is not None:
        return f"{m.group(1)} Congress"
    return "Congress"


class Collector:
    """What the clustering needs, read meeting by meeting; the graphs themselves are let go."""

    def __init__(self) -> None:
        self.frequencies = Frequencies()
        self.vocabulary = load_vocabulary()
        self.subjects = SubjectFrequencies(self.vocabulary)
        self.by_topic: dict[Topic, list[Commitment]] = defaultdict(list)

    def add(self, g: Graph) -> None:
        recommendations = set(g.subjects(CKG.letter, None))
        for paragraph, text in sorted(g.subject_objects(CKG.text)):
            if paragraph not in recommendations:
                self.frequencies.add_text(str(text))
                self.subjects.add_text(str(text))
        revised = set(g.objects(None, CKG.draftVersion))
        for rec in ordered(recommendations):
            if rec in revised or not isinstance(rec, URIRef):
                continue  # a draft the final report of its meeting revised: the final version counts
            commitment, topic = self._commitment(g, rec)
            if commitment is None or topic is None:
                continue
            self.frequencies.add_features(commitment.features())
            self.subjects.add_text(commitment.text)
            self.by_topic[topic].append(commitment)

    def _commitment(self, g: Graph, rec: URIRef) -> tuple[Commitment | None, Topic | None]:
        meeting, item, text = g.value(rec, CKG.meeting), g.value(rec, CKG.agendaItem), g.value(rec, CKG.text)
        if meeting is None or item is None or text is None:
            return None, None
        symbols = [str(s) for report in g.subjects(CKG.reportsOn, meeting) for s in g.objects(report, CKG.symbol)]
        congress = congress_of(str(g.value(meeting, RDFS.label) or ""), symbols)
        number = g.value(item, CKG.congressItem)
        # Meetings number their items each their own way (one's 5(a) is another's 5(c)): a Congress item joins them.
        topic = (Topic(congress, int(str(number)), "") if number is not None
                 else Topic(congress, None, str(g.value(item, CKG.rpmItem) or "")))
        action = g.value(rec, CKG.actionType)
        return Commitment(
            iri=str(rec), meeting=str(meeting), text=str(text),
            themes=frozenset(str(t) for t in g.objects(rec, DCTERMS.subject)),
            instruments=frozenset(str(i) for i in g.objects(rec, CKG.namesInstrument)),
            action=str(action) if action is not None else "",
            verb=str(g.value(rec, CKG.leadingVerb) or ""),
            asks=tuple(asks(str(text), self.vocabulary)),
        ), topic

    def clusters(self, settings: Settings) -> list[Cluster]:
        """Every cluster of every topic, in topic order then by first member."""
        out: list[Cluster] = []
        for topic in sorted(self.by_topic, key=lambda t: (t.congress, t.key)):
            commitments = sorted(self.by_topic[topic], key=lambda c: c.iri)
            if len({c.meeting for c in commitments}) < 2:
                continue
            vectors = [vector(c.features(), self.frequencies, settings) for c in commitments]
            meetings = [c.meeting for c in commitments]
            pairs = self._pairs(commitments)
            groups = (average_linkage(meetings, vectors, 1.0, _similarity(vectors, pairs, settings))
                      if settings.linkage else [])
            found = [(group, self._shared_subjects(group, pairs), "") for group in groups
                     if len({meetings[i] for i in group}) >= 2]
            if settings.by_subject:
                found += by_subject(commitments, self.subjects.weight, self.vocabulary, settings,
                                    [group for group, _s, _l in found])
            for group, subjects, label in found:
                members = [commitments[i] for i in group]
                cluster = Cluster(topic, members, mean_similarity(group, meetings, vectors))
                describe(cluster, [vectors[i] for i in group], settings)
                cluster.subjects = subjects
                cluster.label = label or cluster.label
                out.append(cluster)
        return out

    def _pairs(self, commitments: list[Commitment]) -> dict[tuple[int, int], Shared]:
        """The best shared ask of every two commitments of different meetings, by their indexes (lower first)."""
        return {(i, j): shared(a.asks, b.asks, self.subjects.weight, self.vocabulary.side)
                for i, a in enumerate(commitments) for j, b in enumerate(commitments)
                if i < j and a.meeting != b.meeting}

    def _shared_subjects(self, group: list[int], pairs: dict[tuple[int, int], Shared]) -> list[str]:
        """The names of the subjects the members' linked asks share, the weightiest first (at most three)."""
        weight: defaultdict[str, float] = defaultdict(float)
        for k, i in enumerate(group):
            for j in group[k + 1:]:
                found = pairs.get((i, j))
                if found is not None and found.score > 0:
                    for key in found.subjects[:3]:
                        weight[key] += self.subjects.weight(key)
        return [self.vocabulary.names[key] for key, _w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]


def _similarity(vectors: list[Vector], pairs: dict[tuple[int, int], Shared],
                settings: Settings) -> Callable[[int, int], float]:
    """Two commitments are as alike as the stronger of the two signals, each over its threshold (1 links): the
    cosine of their word vectors, and the score of the best ask they share."""
    def similarity(i: int, j: int) -> float:
        ask = pairs[(min(i, j), max(i, j))].score / settings.ask_threshold
        return max(cosine(vectors[i], vectors[j]) / settings.link_threshold, ask)
    return similarity


def _shared(values: dict[str, set[str]]) -> list[str]:
    """The values found in the members of at least two meetings (value -> meetings), sorted."""
    return sorted(v for v, meetings in values.items() if len(meetings) >= 2)


def describe(cluster: Cluster, vectors: list[Vector], settings: Settings) -> None:
    """The cluster's evidence (shared terms, instruments, themes, action types) and its label."""
    weight: defaultdict[str, float] = defaultdict(float)
    meetings: dict[str, set[str]] = defaultdict(set)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for member, vec in zip(cluster.members, vectors):
        for term in terms(member.text):
            meetings[term.key].add(member.meeting)
            surfaces[term.key][term.surface] += 1
        for key, w in vec.items():
            weight[key] += w
    shared = sorted((k for k in _shared(meetings) if weight[k] > 0), key=lambda k: (-weight[k], k))
    phrases = [k for k in shared if " " in k]
    words = [k for k in shared if " " not in k and not any(k in p.split(" ") for p in phrases)]
    chosen = sorted(phrases + words, key=lambda k: (-weight[k], k))
    cluster.terms = [surfaces[k].most_common(1)[0][0] for k in chosen[: settings.evidence_terms]]
    by: dict[str, defaultdict[str, set[str]]] = {"instruments": defaultdict(set), "themes": defaultdict(set),
                                                 "actions": defaultdict(set)}
    for member in cluster.members:
        for value in member.instruments:
            by["instruments"][value].add(member.meeting)
        for value in member.themes:
            by["themes"][value].add(member.meeting)
        if member.action:
            by["actions"][member.action].add(member.meeting)
    cluster.instruments, cluster.themes, cluster.actions = (_shared(by[k]) for k in ("instruments", "themes", "actions"))
    cluster.label = opening(central(cluster.members, vectors).text, settings.label_length)


def central(members: list[Commitment], vectors: list[Vector]) -> Commitment:
    """The member most like the members of the other meetings (the first in IRI order at a tie)."""
    def closeness(i: int) -> float:
        others = [cosine(vectors[i], vectors[j]) for j in range(len(members))
                  if members[j].meeting != members[i].meeting]
        return sum(others) / len(others) if others else 0.0
    best = max(range(len(members)), key=lambda i: (closeness(i), [-ord(c) for c in members[i].iri]))
    return members[best]


def opening(text: str, limit: int) -> str:
    """The first clause of a recommendation (to its first semicolon), cut at a comma or word within ``limit``."""
    clause = text.split(";", 1)[0].strip().rstrip(".,:;")
    if len(clause) <= limit:
        return clause
    head = clause[:limit]
    cut = head.rfind(",")
    if cut < limit // 2:
        cut = head.rfind(" ")
    return head[:cut].rstrip(" ,") + " …"


def cluster_triples(cluster: Cluster, iri: URIRef) -> Iterator[_Triple]:
    yield iri, RDF.type, CKG.CommitmentCluster
    yield iri, RDFS.label, Literal(cluster.label)
    yield iri, CKG.congress, Literal(cluster.topic.congress)
    if cluster.topic.congress_item is not None:
        yield iri, CKG.congressItem, Literal(cluster.topic.congress_item)
    else:
        yield iri, CKG.rpmItem, Literal(cluster.topic.rpm_item)
    score = Decimal(str(round(cluster.score, 3))).quantize(Decimal("0.001"))
    yield iri, CKG.clusterScore, Literal(score, datatype=XSD.decimal)
    for member in cluster.members:
        yield iri, CKG.clusterMember, URIRef(member.iri)
        yield iri, PROV.wasDerivedFrom, URIRef(member.iri)
    for meeting in cluster.meetings:
        yield iri, CKG.meeting, URIRef(meeting)
    for term in [*cluster.subjects, *(t for t in cluster.terms if t not in cluster.subjects)]:
        yield iri, CKG.sharedTerm, Literal(term)
    for instrument in cluster.instruments:
        yield iri, CKG.sharedInstrument, URIRef(instrument)
    for theme in cluster.themes:
        yield iri, CKG.sharedTheme, URIRef(theme)
    for action in cluster.actions:
        yield iri, CKG.sharedActionType, URIRef(action)


def corpus_triples(graphs: Iterable[Graph], ctx: BuildContext) -> Iterator[_Triple]:
    """Enricher hook (kg.build.assemble): every meeting's graph in turn, then the clusters of the whole corpus."""
    collector = Collector()
    for graph in graphs:
        collector.add(graph)
    for cluster in collector.clusters(load_settings()):
        iris = ctx.builder.iris
        iri = iris.commitment_cluster(cluster.topic.congress, cluster.topic.key, cluster.digest(iris.base))
        yield from cluster_triples(cluster, iri)
