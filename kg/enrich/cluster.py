"""One commitment cluster: where it belongs, its members, what they share, its label and its triples."""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.enrich.clustering import Commitment, Settings, Vector, cosine
from kg.enrich.lexical import terms
from kg.namespaces import CKG

_Triple = tuple[URIRef, URIRef, URIRef | Literal]


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
        return math.fsum(others) / len(others) if others else 0.0
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
