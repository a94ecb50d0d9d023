"""Commitment clusters: per Congress agenda item, recommendations of different meetings that make the same ask."""

from __future__ import annotations

import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from kg.enrich.asks import Shared, SubjectFrequencies, asks, shared
from kg.enrich.cluster import Cluster, Topic, cluster_triples, describe
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


def congress_of(label: str, symbols: Iterable[str]) -> str:
    """The Congress a meeting prepares: 'A/CONF.N' from a document symbol, else the ordinal of its title + ' Congress'."""
    for symbol in sorted(symbols):
        if (m := _SYMBOL.search(symbol)) is not None:
            return f"A/CONF.{m.group(1)}"
    if (m := _ORDINAL.search(label)) is not None:
        return f"{m.group(1)} Congress"
    return "Congress"


@dataclass
class Reading:
    """What a collector read of one meeting: the texts and feature counts behind the weights, the commitments."""

    texts: int
    counts: Counter[str]
    subject_texts: int
    subject_counts: Counter[str]
    by_topic: dict[Topic, list[Commitment]]


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

    def reading(self) -> Reading:
        """What was read so far, without the vocabulary (for the build's memo)."""
        return Reading(self.frequencies.texts, self.frequencies.counts, self.subjects.texts, self.subjects.counts,
                       dict(self.by_topic))

    def merge(self, reading: Reading) -> None:
        """Add what another collector read (another meeting)."""
        self.frequencies.texts += reading.texts
        self.frequencies.counts.update(reading.counts)
        self.subjects.texts += reading.subject_texts
        self.subjects.counts.update(reading.subject_counts)
        for topic, commitments in reading.by_topic.items():
            self.by_topic[topic].extend(commitments)

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
            pairs = self._pairs(commitments, settings)
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

    def _pairs(self, commitments: list[Commitment], settings: Settings) -> dict[tuple[int, int], Shared]:
        """The best shared ask of every two commitments of different meetings, by their indexes (lower first)."""
        mode = settings.same_object if "linkage" in settings.object_in else ""
        return {(i, j): shared(a.asks, b.asks, self.subjects.weight, self.vocabulary, mode)
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
    """How alike two commitments are, scaled so that 1 links (kg/data/clusters.yaml, ``combine``): "sum", their
    cosine plus ``ask_weight`` x the score of the best ask they share, over ``link_threshold``; "max", the stronger
    of the cosine over ``link_threshold`` and the shared ask over ``ask_threshold``."""
    def similarity(i: int, j: int) -> float:
        ask = pairs[(min(i, j), max(i, j))].score
        if settings.combine == "sum":
            return (cosine(vectors[i], vectors[j]) + settings.ask_weight * ask) / settings.link_threshold
        return max(cosine(vectors[i], vectors[j]) / settings.link_threshold, ask / settings.ask_threshold)
    return similarity


def read_meeting(graph: Graph, ctx: BuildContext) -> bytes:
    """Enricher hook (kg.build.assemble): what the clustering needs of one meeting's graph, as bytes the build
    keeps (the texts' feature and subject counts, the commitments by topic)."""
    collector = Collector()
    collector.add(graph)
    return pickle.dumps(collector.reading(), protocol=pickle.HIGHEST_PROTOCOL)


def corpus_triples(readings: Iterable[bytes], ctx: BuildContext) -> Iterator[_Triple]:
    """Enricher hook (kg.build.assemble): every meeting's reading in turn, then the clusters of the whole corpus."""
    collector = Collector()
    for reading in readings:
        collector.merge(pickle.loads(reading))
    for cluster in collector.clusters(load_settings()):
        iris = ctx.builder.iris
        iri = iris.commitment_cluster(cluster.topic.congress, cluster.topic.key, cluster.digest(iris.base))
        yield from cluster_triples(cluster, iri)
