"""Score a built graph against hand-made gold files: precision, recall and F1 per fact kind."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.rdf.library import QUERY_LIBRARY
from kg.rdf.query import run_query
from kg.reference.lexicon import Lexicon, name_key
from kg.resolve.resolver import Resolver, slug

QUERIES = QUERY_LIBRARY
FACT_KINDS = (
    "documents",
    "document_kinds",
    "statements",
    "attendance",
    "officers",
    "recommendations",
    "recommendation_instruments",
    "attributions",
    "instruments_anywhere",
    "instruments_in_deliberations",
)
Fact = tuple[str, ...]


@dataclass
class Score:
    kind: str
    gold: int
    predicted: int
    correct: int
    missing: list[Fact]
    extra: list[Fact]

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def first_words(text: str, n: int = 6) -> str:
    """The gold's key for a recommendation: its first six whitespace tokens."""
    return " ".join(text.split()[:n])


class GoldReader:
    """Turns gold JSON into fact tuples, resolving names the same way the build does."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.resolver = Resolver(lexicon)

    def actor_id(self, name: str, type_hint: str | None = None) -> str:
        iso3 = self.resolver.lexicon.state(name)
        if iso3:
            return iso3
        ref = self.resolver.actor(name, type_hint, "gold")
        return slug(ref.key) if ref else slug(name)

    def facts(self, gold: dict[str, Any]) -> dict[str, set[Fact]]:
        doc = gold["document"]
        out: dict[str, set[Fact]] = {kind: set() for kind in FACT_KINDS}
        meeting = gold.get("meeting") or {}
        out["documents"].add((doc, gold.get("kind") or "", gold.get("distribution_date") or "",
                              meeting.get("region") or "", meeting.get("venue") or "",
                              meeting.get("start") or "", meeting.get("end") or ""))
        if gold.get("document_kind"):
            out["document_kinds"].add((doc, gold["document_kind"]))
        for officer in gold.get("officers") or []:
            out["officers"].add((doc, officer["role"], name_key(officer["name"]), officer.get("state") or ""))
        for section in gold.get("sections") or []:
            item = section.get("rpm_agenda_item") or ""
            statements = section.get("statements") or {}
            for iso3 in statements.get("member_states", []):
                out["statements"].add((doc, item, iso3, "representative"))
            for iso3 in statements.get("observer_states", []):
                out["statements"].add((doc, item, iso3, "observer"))
            for group, hint in (("intergovernmental", "IntergovernmentalOrganization"), ("un_entities", "UNEntity"),
                                ("institutes", "Institute"), ("ngos", "NGO"), ("others", "Other")):
                for name in statements.get(group, []):
                    out["statements"].add((doc, item, self.actor_id(name, hint), "observer"))
            for rec in section.get("recommendations") or []:
                letter = rec["letter"]
                out["recommendations"].add((doc, item, letter, rec["first_words"]))
                for key in rec.get("instruments") or []:
                    out["recommendation_instruments"].add((doc, item, letter, key))
                for iso3 in rec.get("attributed_to") or []:
                    out["attributions"].add((doc, item, letter, iso3))
            for key in section.get("instruments_in_deliberations") or []:
                out["instruments_in_deliberations"].add((doc, item, key))
        attendance = gold.get("attendance") or {}
        for iso3 in attendance.get("member_states", []):
            out["attendance"].add((doc, iso3, "member"))
        for iso3 in attendance.get("observer_states", []):
            out["attendance"].add((doc, iso3, "observer"))
        for group, hint in (("un_entities", "UNEntity"), ("pni_institutes", "Institute"), ("ngos", "NGO"),
                            ("intergovernmental", "IntergovernmentalOrganization"), ("others", "Other")):
            for name in attendance.get(group, []):
                out["attendance"].add((doc, self.actor_id(name, hint), "observer"))
        for key in gold.get("instruments_anywhere") or []:
            out["instruments_anywhere"].add((doc, key))
        return out


def _actor_id(row: dict[str, str]) -> str:
    return row.get("iso3") or row["actor"].rstrip("/").rsplit("/", 1)[-1]


def built_facts(store: ox.Store, queries: Path = QUERIES) -> dict[str, set[Fact]]:
    """The same fact tuples, read from the built graph through the project's query files."""

    def rows(name: str) -> list[dict[str, str]]:
        return run_query(store, (queries / f"{name}.rq").read_text(encoding="utf-8")).values()

    out: dict[str, set[Fact]] = {kind: set() for kind in FACT_KINDS}
    for r in rows("documents"):
        out["documents"].add((r["document_file"], r["report_kind"], r["distribution_date"], r["region"],
                              r["venue"], r["start_date"], r["end_date"]))
        out["document_kinds"].add((r["document_file"], r.get("document_kind") or ""))
    for r in rows("statements"):
        out["statements"].add((r["document_file"], r["rpm_item"], _actor_id(r), r["capacity"]))
    for r in rows("attendance"):
        out["attendance"].add((r["document_file"], _actor_id(r), r["capacity"]))
    for r in rows("officers"):
        out["officers"].add((r["document_file"], r["role"], name_key(r["person_name"]), r["iso3"]))
    for r in rows("recommendations"):
        out["recommendations"].add((r["document_file"], r["rpm_item"], r["letter"], first_words(r["text"])))
    for r in rows("recommendation_instruments"):
        out["recommendation_instruments"].add((r["document_file"], r["rpm_item"], r["letter"], r["instrument_key"]))
    for r in rows("attributions"):
        out["attributions"].add((r["document_file"], r["rpm_item"], r["letter"], r["iso3"]))
    for r in rows("instrument_mentions"):
        out["instruments_anywhere"].add((r["document_file"], r["instrument_key"]))
    for r in rows("instrument_deliberations"):
        out["instruments_in_deliberations"].add((r["document_file"], r["rpm_item"], r["instrument_key"]))
    return out


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold .json files in {gold_dir}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in files]


def _same_document(gold_doc: str, built_doc: str) -> bool:
    return gold_doc == built_doc or Path(gold_doc).stem == Path(built_doc).stem


def evaluate(store: ox.Store, gold_dir: Path, lexicon: Lexicon) -> list[Score]:
    """Scores per fact kind over the documents that have a gold file."""
    reader = GoldReader(lexicon)
    golds = load_gold(gold_dir)
    expected: dict[str, set[Fact]] = {kind: set() for kind in FACT_KINDS}
    for gold in golds:
        for kind, facts in reader.facts(gold).items():
            expected[kind] |= facts
    gold_docs = {g["document"] for g in golds}
    # A kind a gold file does not record (the document kind, in files older than it) is not scored there.
    kind_docs = {g["document"] for g in golds if g.get("document_kind")}
    predicted = built_facts(store)
    scores = []
    for kind in FACT_KINDS:
        mine = set()
        for fact in predicted[kind]:
            match = next((d for d in (kind_docs if kind == "document_kinds" else gold_docs)
                          if _same_document(d, fact[0])), None)
            if match is not None:
                mine.add((match, *fact[1:]))
        wanted = expected[kind]
        scores.append(Score(kind, len(wanted), len(mine), len(wanted & mine), sorted(wanted - mine),
                            sorted(mine - wanted)))
    return scores


def format_scores(scores: Iterable[Score], verbose: bool = False) -> str:
    lines = [f"{'fact kind':30} {'gold':>5} {'found':>5} {'right':>5} {'prec':>6} {'recall':>6} {'F1':>6}"]
    details = []
    for s in scores:
        lines.append(f"{s.kind:30} {s.gold:5} {s.predicted:5} {s.correct:5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
        if verbose:
            details += [f"  missing {s.kind}: {f}" for f in s.missing] + [f"  extra   {s.kind}: {f}" for f in s.extra]
    return "\n".join(lines + details) + "\n"
