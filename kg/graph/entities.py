"""What one document names, for the reference graph: its actors, instruments and people, each as first written."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.resolve.resolver import ActorRef, InstrumentRef


@dataclass
class Entities:
    """The entities one document names, in the order it first names them (a later build may take them from its
    memo instead of writing the document again)."""

    actors: dict[URIRef, ActorRef] = field(default_factory=dict)
    instruments: dict[str, InstrumentRef] = field(default_factory=dict)
    people: dict[URIRef, str] = field(default_factory=dict)

    def add_to(self, corpus: Entities) -> None:
        """Into the corpus's entities; an entity a document before this one named keeps what that one said."""
        for iri, actor in self.actors.items():
            corpus.actors.setdefault(iri, actor)
        for key, instrument in self.instruments.items():
            corpus.instruments.setdefault(key, instrument)
        for iri, name in self.people.items():
            corpus.people.setdefault(iri, name)
