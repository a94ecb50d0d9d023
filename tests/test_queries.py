"""The contract queries: their columns, and statements/recommendations against the gold files."""

from __future__ import annotations

import json
import re

import pytest

from kg.query import run_query
from tests.conftest import CORPUS, GOLD, QUERIES

CONTRACT = {
    "statements": "meeting, meeting_label, rpm_item, congress_item, actor, actor_label, actor_type, iso3, capacity, "
    "document_file, paragraph",
    "recommendations": "recommendation, meeting, meeting_label, rpm_item, congress_item, letter, text, "
    "document_file, is_draft",
    "attendance": "meeting, meeting_label, actor, actor_label, actor_type, iso3, capacity, document_file",
    "officers": "meeting, role, person, person_name, iso3, document_file",
    "recommendation_instruments": "recommendation, letter, document_file, instrument, instrument_label",
    "instrument_mentions": "instrument, instrument_label, meeting_label, document_file, mentions",
    "attributions": "recommendation, letter, document_file, actor, actor_label, iso3",
    "cross_meeting_actors": "actor, actor_label, actor_type, meetings",
}


def rows(store, name: str) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")).values()


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns(store, name: str) -> None:
    result = run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    expected = [c.strip() for c in CONTRACT[name].split(",")]
    assert result.variables[: len(expected)] == expected
    assert result.rows, f"{name} returned nothing on the bundled corpus"


def gold_statements() -> set[tuple[str, str, str, str]]:
    out = set()
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for section in gold["sections"]:
            st = section["statements"]
            for iso3 in st["member_states"]:
                out.add((gold["document"], section["rpm_agenda_item"], iso3, "representative"))
            for iso3 in st["observer_states"]:
                out.add((gold["document"], section["rpm_agenda_item"], iso3, "observer"))
            for group in ("intergovernmental", "un_entities", "ngos"):
                for name in st[group]:
                    out.add((gold["document"], section["rpm_agenda_item"], name, "observer"))
    return out


def test_statements_equal_gold(store) -> None:
    gold_docs = {p.stem + ".txt" for p in GOLD.glob("*.json")}
    found = set()
    for r in rows(store, "statements"):
        if r["document_file"] in gold_docs:
            actor = r["iso3"] or r["actor_label"]
            found.add((r["document_file"], r["rpm_item"], actor, r["capacity"]))
    assert found == gold_statements()


def test_recommendations_are_every_lettered_item_clean_and_whole(store) -> None:
    found = rows(store, "recommendations")
    per_file: dict[str, int] = {}
    for r in found:
        per_file[r["document_file"]] = per_file.get(r["document_file"], 0) + 1
        text = r["text"]
        assert not re.search(r"\*\*|<[a-z/]|\]\(|\n|^\(?[a-z]\)", text), text[:60]
        assert text[0].isupper() and re.search(r"[.;](?: and)?$", text), text[-40:]
        # Every recommendation's text stands in its source file, line breaks and all.
        source = (CORPUS / r["document_file"]).read_text(encoding="utf-8")
        assert re.sub(r"\s+", " ", source).find(text[:80]) >= 0
    assert per_file == {
        "000_f29162a344c7f65f.txt": 8,
        "001_0c7b10fadacc8b35.txt": 66,
        "002_bba04487c98bd190.txt": 14,
        "003_681c875d0e20b629.txt": 15,
        "004_fb9608fcd46e22f9.txt": 12,
    }
    letters = {(r["document_file"], r["rpm_item"], r["letter"]) for r in found}
    assert len(letters) == len(found)
