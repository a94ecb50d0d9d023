"""Reference data: States, organizations, instruments and phrases, loaded from kg/data."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

DATA_ENV = "KG_DATA_DIR"


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form names are compared in: no leading 'the', case, accents or punctuation variants."""
    text = unicodedata.normalize("NFKC", name)
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"\s+", " ", text).strip().strip(".,;:").strip()
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return text.casefold()


@lru_cache(maxsize=65536)
def folded_key(name: str) -> str:
    """``name_key`` without accents, for a second, looser look-up."""
    decomposed = unicodedata.normalize("NFKD", name_key(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def squashed_key(name: str) -> str:
    """``folded_key`` with every space, hyphen and punctuation mark gone: OCR's 'SyrianArab Republic' and
    'Czecho- slovakia' meet 'Syrian Arab Republic' and 'Czechoslovakia'. The last resort of a look-up."""
    return "squash:" + re.sub(r"[\W_]+", "", folded_key(name))


def name_candidates(surface: str) -> list[str]:
    """The name, then without a trailing parenthesis ('... (UNODC)', '(on behalf of ...)'), then the acronym in it."""
    out = [surface]
    if re.match(r"^UN\s", surface):
        # Press texts shorten "United Nations" to "UN": "UN Office on Drugs and Crime".
        out.append("United Nations" + surface[2:])
    m = re.match(r"^(?P<name>.+?)\s*\((?P<inner>[^()]+)\)$", surface)
    if m:
        out.append(m.group("name").strip())
        inner = m.group("inner").strip()
        # Only an acronym inside is another name for the same body; "(Brazil)" says where it is. A list
        # ("A (X); B (Y)") ending in an acronym is not that body.
        if re.fullmatch(r"[A-Z][A-Za-z&-]*[A-Z]", inner) and not re.search(r"[;()]", m.group("name")):
            out.append(inner)
    return out


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substitution, insertion, deletion or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def split_cell(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


@dataclass(frozen=True)
class Country:
    """A State or territory; a State of the past has its ISO 3166-3 code, the date its code was withdrawn
    and the States that followed it."""

    iso3: str
    name: str
    wikidata: str | None
    m49: str | None
    un_status: str | None
    iso3166_3: str | None = None
    withdrawn: str | None = None
    successors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization:
    key: str
    name: str
    actor_type: str
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True)
class InstrumentEntry:
    key: str
    title: str
    short_names: tuple[str, ...]
    kind: str
    parent: str | None
    adopted: str | None
    wikidata: str | None
    source_url: str | None = None


@dataclass(frozen=True)
class ResolutionBody:
    key: str
    key_prefix: str
    name: str
    aliases: tuple[str, ...]
    parent_instrument: str | None


@dataclass
class Lexicon:
    """Every name the project knows, from the data folders (later folders add to earlier)."""

    countries: dict[str, Country] = field(default_factory=dict)
    state_names: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    org_names: dict[str, str] = field(default_factory=dict)
    instruments: dict[str, InstrumentEntry] = field(default_factory=dict)
    resolution_bodies: dict[str, ResolutionBody] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    list_headers: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    non_actors: set[str] = field(default_factory=set)
    state_labels: dict[str, str] = field(default_factory=dict)
    state_aliases: dict[str, list[str]] = field(default_factory=dict)  # ISO3 -> every name the data gives it
    instrument_keywords: dict[str, str] = field(default_factory=dict)
    non_instruments: set[str] = field(default_factory=set)
    type_keywords: list[tuple[str, str]] = field(default_factory=list)
    # key -> the key of the instrument it revised (the Nelson Mandela Rules revised the 1955 rules).
    revisions: dict[str, str] = field(default_factory=dict)
    # Formal prefixes of State names ("republic of ", "kingdom of "), longest first, in name_key form.
    formal_prefixes: tuple[str, ...] = ()
    # Office words as texts write them ("Chairperson", "Vice-Presidents") and the role each names ("Chair").
    officer_roles: dict[str, str] = field(default_factory=dict)
    # Committees and groups of a meeting whose officers are not the meeting's ("Chairman of the Drafting Committee").
    subsidiary_bodies: tuple[str, ...] = ()
    # Titles and honorifics that come before a name and are not part of it ("Mr.", "H.E.", "Judge").
    honorifics: tuple[str, ...] = ()
    # Verbs that report speech ("said", "stressed"); titles of speakers ("Minister", "observer") and the
    # capacity each implies; titles of sections whose addresses are not statements on an agenda item.
    speech_verbs: frozenset[str] = frozenset()
    speaker_titles: dict[str, str | None] = field(default_factory=dict)
    ceremonial_sections: frozenset[str] = frozenset()
    # (rank, kind, scope, phrase): what marks a document as a press release, a resolution...; lowest rank wins.
    document_kinds: list[tuple[int, str, str, str]] = field(default_factory=list)

    # -- look-ups ----------------------------------------------------------
    def state(self, name: str) -> str | None:
        """ISO3 of the State called ``name``, or None; 'Republic of Slovenia', 'Kingdom of Spain' by the name
        after their formal prefix when the whole is no known name."""
        found = (self.state_names.get(name_key(name)) or self.state_names.get(folded_key(name))
                 or self.state_names.get(squashed_key(name)))
        if found is None:
            key = name_key(name)
            for prefix in self.formal_prefixes:
                if key.startswith(prefix) and len(key) > len(prefix):
                    return self.state_names.get(key[len(prefix):].strip())
        return found

    def organization(self, name: str) -> Organization | None:
        key = (self.org_names.get(name_key(name)) or self.org_names.get(folded_key(name))
               or self.org_names.get(squashed_key(name)))
        if key is None:
            # Acronyms are matched as written: "ILO" yes, "ilo" no.
            key = self.org_names.get("acronym:" + name.strip())
        return self.organizations.get(key) if key else None

    def other_state_names(self, iso3: str) -> list[str]:
        """The names the data gives the State besides its label, sorted."""
        return sorted(set(self.state_aliases.get(iso3, [])) - {self.state_label(iso3)})

    def state_label(self, iso3: str) -> str:
        """The UN short name of a State where the data has one, else its reference name."""
        if iso3 in self.state_labels:
            return self.state_labels[iso3]
        country = self.countries.get(iso3)
        return country.name if country else iso3

    def guess_type(self, name: str) -> str:
        """The actor type a word in an unknown name suggests ('Foundation' -> NGO), else Other."""
        words = set(re.findall(r"[\w-]+", name))
        for keyword, actor_type in self.type_keywords:
            if (" " in keyword and keyword.lower() in name.lower()) or keyword in words:
                return actor_type
        return "Other"

    def is_non_actor(self, name: str) -> bool:
        """Names that are roles or the Secretariat, never actors of a statement or attendance."""
        return name_key(name) in self.non_actors

    def state_misspelt(self, name: str) -> str | None:
        """The one State whose name is ``name`` with one letter wrong, missing, extra or two swapped
        ('Austalia', 'Isreal'): what scanning does to names in old lists. Names under six letters never match."""
        key = folded_key(name)
        if len(key) < 6:
            return None
        found = {iso3 for other, iso3 in self._state_keys_by_length.get(len(key), []) if _one_edit(key, other)}
        for length in (len(key) - 1, len(key) + 1):
            found |= {iso3 for other, iso3 in self._state_keys_by_length.get(length, []) if _one_edit(key, other)}
        return found.pop() if len(found) == 1 else None

    @cached_property
    def _state_keys_by_length(self) -> dict[int, list[tuple[str, str]]]:
        out: dict[int, list[tuple[str, str]]] = {}
        for key, iso3 in self.state_names.items():
            if not key.startswith("squash:"):
                out.setdefault(len(key), []).append((key, iso3))
        return out

    def is_resolution_body(self, name: str) -> bool:
        """Whether ``name`` is a body that acts by resolutions (the General Assembly, the Commission)."""
        key = name_key(name)
        return any(key in (name_key(b.name), *(name_key(a) for a in b.aliases)) for b in self.resolution_bodies.values())

    def is_state_name(self, name: str) -> bool:
        """Whether ``name`` (or its form without a parenthesis: 'Saudi Arabia (on behalf of ...)') is a State."""
        return any(self.state(c) is not None for c in name_candidates(name))

    def is_known_name(self, name: str) -> bool:
        return any(self.state(c) is not None or self.organization(c) is not None for c in name_candidates(name))

    def region_label(self, phrase: str | None) -> str | None:
        if not phrase:
            return None
        return self.regions.get(name_key(phrase), phrase)

    def list_type(self, header: str) -> tuple[str | None, str | None]:
        """Actor type and capacity an attendance-list header fixes, from the longest phrase in it."""
        text = name_key(header)
        best: tuple[int, str | None, str | None] = (0, None, None)
        for phrase, actor_type, capacity in self.list_headers:
            key = name_key(phrase)
            if key and key in text and len(key) > best[0]:
                best = (len(key), actor_type, capacity)
        return best[1], best[2]

    @cached_property
    def instrument_names(self) -> list[tuple[str, str]]:
        """(name, key) for every title and short name, longest first."""
        pairs = {(n, e.key) for e in self.instruments.values() for n in (e.title, *e.short_names) if n}
        return sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1]))
