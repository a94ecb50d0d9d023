"""The lexicon read from the data folders: kg/data, any in $KG_DATA_DIR, then --data folders, later adding to earlier."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from kg import DATA_DIR
from kg.reference.lexicon import (
    DATA_ENV,
    Country,
    InstrumentEntry,
    Lexicon,
    Organization,
    ResolutionBody,
    folded_key,
    name_key,
    split_cell,
    squashed_key,
)


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
                                      r.get("iso3166_3") or None, r.get("withdrawn") or None, split_cell(r.get("successors")))
        lex.state_labels[iso3] = r["name"]
        for name in (r["name"], *split_cell(r.get("aliases"))):
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
            acronyms=split_cell(r.get("acronyms")),
            aliases=split_cell(r.get("aliases")),
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
            short_names=split_cell(r.get("short_names")),
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
            r["key"], r["key_prefix"], r["name"], split_cell(r.get("aliases")), r.get("parent_instrument") or None
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
