"""Resolve stage: names as written become entities (States by ISO3, organizations, instruments, people)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from kg.reference.lexicon import Lexicon, name_candidates, name_key

ACTOR_TYPES = ("State", "IntergovernmentalOrganization", "UNEntity", "Institute", "NGO", "Other")


def slug(text: str) -> str:
    """A lowercase ASCII identifier made from ``text``: the same text always gives the same slug."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class ActorRef:
    """A resolved actor: ``key`` is the ISO3 code of a State, else the organization key."""

    key: str
    label: str
    actor_type: str
    iso3: str | None
    resolved: bool


@dataclass(frozen=True)
class InstrumentRef:
    key: str
    label: str
    kind: str
    resolved: bool


@dataclass(frozen=True)
class PersonRef:
    key: str
    name: str


class Resolver:
    """Looks names up in the lexicon and remembers every name it could not resolve."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # (kind, name, guessed type) -> files it came from
        self.unresolved: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def state_label(self, iso3: str) -> str:
        return self.lexicon.state_label(iso3)

    def actor(self, name: str, type_hint: str | None, file_name: str) -> ActorRef | None:
        """The actor ``name`` means; an unresolved actor when the data lacks it; None for no name."""
        surface = re.sub(r"^the\s+", "", name.strip(), flags=re.I).strip(" .,;:")
        if not surface or not (surface[0].isupper() or surface[0].isdigit()):
            return None
        for candidate in name_candidates(surface):
            iso3 = self.lexicon.state(candidate)
            if iso3:
                return ActorRef(iso3, self.state_label(iso3), "State", iso3, True)
            org = self.lexicon.organization(candidate)
            if org:
                return ActorRef(org.key, org.name, org.actor_type, None, True)
        if type_hint == "State" and (iso3 := self.lexicon.state_misspelt(surface)):
            # A name in a list of States that a scan spelt one letter wrong ("Austalia").
            return ActorRef(iso3, self.state_label(iso3), "State", iso3, True)
        actor_type = type_hint if type_hint in ACTOR_TYPES and type_hint != "State" else self.lexicon.guess_type(surface)
        self.unresolved[("actor", surface, actor_type)].add(file_name)
        return ActorRef("unresolved-" + slug(surface), surface, actor_type, None, False)

    def instrument(self, key: str, resolution: tuple[str, str, str | None] | None, file_name: str) -> InstrumentRef:
        entry = self.lexicon.instruments.get(key)
        if entry is not None:
            return InstrumentRef(entry.key, entry.title, entry.kind, True)
        body, number, _parent = resolution or ("", key, None)
        if key.startswith("UNRESOLVED_"):
            # A title the data lacks: kept, flagged, listed for a reviewer.
            self.unresolved[("instrument", number, "instrument")].add(file_name)
            return InstrumentRef(key, number, "instrument", False)
        label = f"{body} resolution {number}".strip()
        if not body:
            self.unresolved[("resolution", label, "resolution")].add(file_name)
        return InstrumentRef(key, label, "resolution", bool(body))

    def person(self, name: str) -> PersonRef:
        return PersonRef(slug(name), name)

    def region(self, phrase: str | None) -> str | None:
        return self.lexicon.region_label(phrase)

    def unresolved_of(self, file_name: str) -> list[tuple[str, str, str]]:
        """The names of ``file_name`` that could not be resolved (kind, name, guessed type)."""
        return sorted(key for key, files in self.unresolved.items() if file_name in files)

    def remember(self, names: list[tuple[str, str, str]], file_name: str) -> None:
        """Names of ``file_name`` that an earlier build could not resolve (:meth:`unresolved_of`)."""
        for key in names:
            self.unresolved[key].add(file_name)

    def unresolved_rows(self) -> list[tuple[str, str, str, str]]:
        """(kind, name, guessed type, files) for each unknown name once, sorted."""
        merged: dict[tuple[str, str], tuple[str, set[str], str]] = {}
        for (kind, name, guess), files in self.unresolved.items():
            key = (kind, name_key(name))
            if key in merged:
                merged[key][1].update(files)
            else:
                merged[key] = (name, set(files), guess)
        rows = []
        for (kind, _), value in merged.items():
            name, files, guess = value
            rows.append((kind, name, guess, " ".join(sorted(files))))
        return sorted(rows)
