"""Reference data: States, organizations, instruments and phrases, loaded from kg/data."""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
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


def _split(cell: str | None) -> tuple[str, ...]:
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
    list_headers: list[tuple[str, str, str | None]] = field(default_factory=list)
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


def data_dirs(extra: list[Path] | None = None) -> list[Path]:
    """The packaged data folder, then any named in $KG_DATA_DIR, then ``extra``."""
    dirs = [DATA_DIR]
    env = os.environ.get(DATA_ENV)
    if env:
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p)
    dirs.extend(extra or [])
    return dirs


def _rows(dirs: list[Path], name: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for folder in dirs:
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                rows.extend({k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle))
    return rows


def _family_rows(dirs: list[Path], stem: str) -> list[dict[str, str]]:
    """The rows of ``<stem>.csv`` and of every ``<stem>_<part>.csv`` beside it, folder by folder: the data
    grows by adding a file (``organizations_ngos.csv``) as well as by adding rows."""
    rows: list[dict[str, str]] = []
    for folder in dirs:
        names = sorted(p.name for p in folder.glob(f"{stem}_*.csv")) if folder.is_dir() else []
        rows.extend(_rows([folder], f"{stem}.csv"))
        for name in names:
            rows.extend(_rows([folder], name))
    return rows


def load_lexicon(extra: list[Path] | None = None) -> Lexicon:
    """Read every data file of every data folder into one Lexicon."""
    dirs = data_dirs(extra)
    lex = Lexicon()
    status = {r["iso3"]: r.get("un_status") or None for r in _rows(dirs, "un_states.csv")}
    for r in _rows(dirs, "countries.csv"):
        iso3 = r["iso3"]
        lex.countries[iso3] = Country(iso3, r["name"], r.get("wikidata_qid") or None, r.get("m49") or None, status.get(iso3))
        _add_name(lex.state_names, r["name"], iso3)
        lex.state_aliases.setdefault(iso3, []).append(r["name"])
    for r in _rows(dirs, "former_states.csv"):
        iso3 = r["iso3"]
        lex.countries[iso3] = Country(iso3, r["name"], r.get("wikidata_qid") or None, None, None,
                                      r.get("iso3166_3") or None, r.get("withdrawn") or None, _split(r.get("successors")))
        lex.state_labels[iso3] = r["name"]
        for name in (r["name"], *_split(r.get("aliases"))):
            _add_name(lex.state_names, name, iso3)
            lex.state_aliases.setdefault(iso3, []).append(name)
    for r in _rows(dirs, "state_names.csv"):
        if r.get("iso3") in lex.countries:
            _add_name(lex.state_names, r["name"], r["iso3"])
            lex.state_aliases.setdefault(r["iso3"], []).append(r["name"])
            if r.get("un_short_name") == "yes":
                lex.state_labels.setdefault(r["iso3"], r["name"])
    for r in _family_rows(dirs, "organizations"):
        org = Organization(
            key=r["key"],
            name=r["name"],
            actor_type=r.get("actor_type") or "Other",
            acronyms=_split(r.get("acronyms")),
            aliases=_split(r.get("aliases")),
            wikidata=r.get("wikidata_qid") or None,
        )
        previous = lex.organizations.get(org.key)
        if previous is not None:
            # A later data folder adds aliases to a known organization.
            org = Organization(
                org.key,
                previous.name,
                previous.actor_type,
                previous.acronyms + org.acronyms,
                previous.aliases + org.aliases + ((org.name,) if org.name != previous.name else ()),
                previous.wikidata or org.wikidata,
            )
        lex.organizations[org.key] = org
        for name in (org.name, *org.aliases):
            _add_name(lex.org_names, name, org.key)
        for acronym in org.acronyms:
            lex.org_names.setdefault("acronym:" + acronym, org.key)
    for r in _family_rows(dirs, "instruments"):
        lex.instruments[r["key"]] = InstrumentEntry(
            key=r["key"],
            title=r["title"],
            short_names=_split(r.get("short_names")),
            kind=r.get("kind") or "instrument",
            parent=r.get("parent") or None,
            adopted=r.get("adopted") or None,
            wikidata=r.get("wikidata_qid") or None,
            source_url=r.get("source_url") or None,
        )
    for r in _rows(dirs, "instrument_revisions.csv"):
        lex.revisions[r["key"]] = r["revises"]
    for r in _rows(dirs, "resolution_bodies.csv"):
        lex.resolution_bodies[r["key"]] = ResolutionBody(
            r["key"], r["key_prefix"], r["name"], _split(r.get("aliases")), r.get("parent_instrument") or None
        )
    for r in _rows(dirs, "regions.csv"):
        lex.regions[name_key(r["phrase"])] = r["label"]
    for r in _rows(dirs, "list_headers.csv"):
        lex.list_headers.append((r["phrase"], r.get("actor_type") or None, r.get("capacity") or None))
    # Multi-word keywords first: "United Nations" says more than "Organization".
    keywords = [(r["keyword"], r["actor_type"]) for r in _rows(dirs, "type_keywords.csv")]
    lex.type_keywords = sorted(keywords, key=lambda k: -len(k[0].split()))
    lex.instrument_keywords = {r["keyword"]: r.get("kind") or "instrument" for r in _rows(dirs, "instrument_keywords.csv")}
    lex.non_instruments = {name_key(r["name"]) for r in _rows(dirs, "non_instruments.csv")}
    lex.non_actors = {name_key(r["name"]) for r in _rows(dirs, "non_actors.csv")}
    lex.formal_prefixes = tuple(sorted({name_key(r["prefix"]) + " " for r in _rows(dirs, "state_formal_prefixes.csv")},
                                       key=lambda p: (-len(p), p)))
    lex.officer_roles = {r["phrase"]: r["role"] for r in _rows(dirs, "officer_roles.csv")}
    lex.subsidiary_bodies = tuple(r["phrase"] for r in _rows(dirs, "subsidiary_bodies.csv"))
    lex.honorifics = tuple(sorted({r["honorific"] for r in _rows(dirs, "honorifics.csv")}, key=lambda h: (-len(h), h)))
    lex.speech_verbs = frozenset(r["verb"] for r in _rows(dirs, "speech_verbs.csv"))
    lex.speaker_titles = {r["title"]: r.get("capacity") or None for r in _rows(dirs, "speaker_titles.csv")}
    lex.ceremonial_sections = frozenset(name_key(r["title"]) for r in _rows(dirs, "ceremonial_sections.csv"))
    lex.document_kinds = sorted(
        (int(r.get("rank") or 9), r["kind"], r.get("scope") or "head", r["phrase"]) for r in _rows(dirs, "document_kinds.csv")
    )
    return lex


def _add_name(index: dict[str, str], name: str, key: str) -> None:
    squashed = squashed_key(name)
    for k in (name_key(name), folded_key(name), squashed if len(squashed) > len("squash:") + 3 else ""):
        if k:
            index.setdefault(k, key)
