"""IRIs minted from stable identifiers (ISO3, document id, paragraph number, letter), and typed literals."""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.extract.facts import (
    Evidence,
)
from kg.namespaces import DEFAULT_BASE
from kg.resolve.resolver import ActorRef, slug

Triple = tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]


class IRIs:
    """Mints every IRI from identifiers in the data (ISO3, keys, file names, numbers, letters)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def graph(self, doc_id: str) -> URIRef:
        return self._iri("graph", doc_id)

    def reference_graph(self) -> URIRef:
        return self._iri("graph", "reference")

    def derived_graph(self) -> URIRef:
        """The named graph of triples the enrichers derive from the documents' graphs."""
        return self._iri("graph", "derived")

    def revision(self, draft_doc: str, final_doc: str, *key: str) -> URIRef:
        return self._iri("revision", draft_doc, final_doc, *(slug(k) for k in key))

    def commitment_cluster(self, congress: str, item: str, digest: str) -> URIRef:
        """A cross-regional cluster of one Congress agenda item, keyed by a hash of its members' IRIs."""
        return self._iri("cluster", slug(congress), slug(item), digest)

    def theme_assignment(self, recommendation: URIRef, theme_key: str) -> URIRef:
        return URIRef(f"{recommendation}/theme/{slug(theme_key)}")

    def meeting(self, key: str) -> URIRef:
        return self._iri("meeting", key)

    def agenda_item(self, meeting_key: str, item_key: str) -> URIRef:
        return self._iri("meeting", meeting_key, "item", item_key)

    def report(self, doc_id: str) -> URIRef:
        return self._iri("report", doc_id)

    def paragraph(self, doc_id: str, number: int) -> URIRef:
        return self._iri("report", doc_id, "paragraph", str(number))

    def recommendation(self, doc_id: str, section_key: str, letter: str) -> URIRef:
        return self._iri("report", doc_id, "recommendation", section_key, letter)

    def mention(self, doc_id: str, start: int, key: str) -> URIRef:
        return self._iri("report", doc_id, "mention", f"{start}-{slug(key)}")

    def attribution(self, recommendation: URIRef, actor_key: str) -> URIRef:
        return URIRef(f"{recommendation}/attribution/{slug(actor_key)}")

    def evidence(self, doc_id: str, evidence: Evidence, fact: URIRef) -> URIRef:
        tail = str(fact)[len(self.base):].replace("/", "-")
        return self._iri("report", doc_id, "evidence", f"{evidence.start}-{evidence.end}-{tail}")

    def statement(self, meeting_key: str, item_key: str, actor_key: str, capacity: str) -> URIRef:
        return self._iri("statement", meeting_key, item_key, slug(actor_key), capacity)

    def attendance(self, meeting_key: str, actor_key: str, capacity: str) -> URIRef:
        return self._iri("attendance", meeting_key, slug(actor_key), capacity)

    def officer(self, meeting_key: str, role: str, person_key: str) -> URIRef:
        return self._iri("officer", meeting_key, slug(role), person_key)

    def actor(self, ref: ActorRef) -> URIRef:
        if ref.actor_type == "State" and ref.iso3:
            return self._iri("state", ref.iso3)
        return self._iri("organization", slug(ref.key))

    def person(self, key: str) -> URIRef:
        return self._iri("person", key)

    def instrument(self, key: str) -> URIRef:
        return self._iri("instrument", key)

    def dataset(self, *parts: str) -> URIRef:
        """The dataset description (void.ttl) and its parts: partitions, distributions."""
        return self._iri("dataset", *parts)


def date_literal(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def item_key(rpm_item: str) -> str:
    return re.sub(r"[^0-9a-z]", "", rpm_item.lower())
