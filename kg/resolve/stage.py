"""Resolve stage: the names one document's facts give, as written, turned into entities once, before the graph.

The graph stage only writes: it looks each name up in the :class:`Resolution` this stage made, and never asks the
resolver itself. The resolver remembers every name it could not resolve, with its file (unresolved.csv).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extract.facts import (
    AttendanceFact,
    AttributionFact,
    Fact,
    InstrumentMentionFact,
    MeetingFact,
    OfficerFact,
    StatementFact,
)
from kg.resolve.resolver import ActorRef, InstrumentRef, PersonRef, Resolver

# Who a fact names and as what: a statement or an attendance by whom its text says, an attribution and an
# officer's country as a State.
STATE_HINT = "State"


@dataclass
class Resolution:
    """The entities the names of one document mean: actors (None for no name), instruments, people, regions."""

    actors: dict[tuple[str, str | None], ActorRef | None] = field(default_factory=dict)
    instruments: dict[tuple[str, object], InstrumentRef] = field(default_factory=dict)
    people: dict[str, PersonRef] = field(default_factory=dict)
    regions: dict[str, str | None] = field(default_factory=dict)

    def actor(self, name: str, type_hint: str | None) -> ActorRef | None:
        return self.actors[(name, type_hint)]

    def instrument(self, fact: InstrumentMentionFact) -> InstrumentRef:
        return self.instruments[(fact.key, fact.resolution)]

    def person(self, name: str) -> PersonRef:
        return self.people[name]

    def region(self, phrase: str | None) -> str | None:
        return self.regions.get(phrase) if phrase else None


def resolve_document(facts: Iterable[Fact], resolver: Resolver, file_name: str) -> Resolution:
    """Every name of ``facts`` looked up once, in the order the facts give them."""
    found = Resolution()

    def actor(name: str, hint: str | None) -> None:
        if (name, hint) not in found.actors:
            found.actors[(name, hint)] = resolver.actor(name, hint, file_name)

    for fact in facts:
        if isinstance(fact, (StatementFact, AttendanceFact)):
            actor(fact.name, fact.type_hint)
        elif isinstance(fact, AttributionFact):
            actor(fact.name, STATE_HINT)
        elif isinstance(fact, OfficerFact):
            found.people.setdefault(fact.person, resolver.person(fact.person))
            if fact.state:
                actor(fact.state, STATE_HINT)
        elif isinstance(fact, InstrumentMentionFact):
            key = (fact.key, fact.resolution)
            if key not in found.instruments:
                found.instruments[key] = resolver.instrument(fact.key, fact.resolution, file_name)
        elif isinstance(fact, MeetingFact) and fact.region_phrase:
            found.regions.setdefault(fact.region_phrase, resolver.region(fact.region_phrase))
    return found
