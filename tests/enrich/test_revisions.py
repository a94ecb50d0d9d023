"""Drafts 000 and 003 against the final report 001: every recommendation paired by its text, whatever the order."""

from __future__ import annotations

import random
import re
import shutil
import string
from pathlib import Path

import pytest

from kg.cli import main
from kg.rdf.query import open_store, run_query

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
QUERIES = ROOT / "queries"
DRAFT_D, FINAL, DRAFT_A = "000_f29162a344c7f65f.txt", "001_0c7b10fadacc8b35.txt", "003_681c875d0e20b629.txt"


def _revisions(store) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / "revisions.rq").read_text(encoding="utf-8")).values()


def _shuffle_recommendations(text: str, paragraph: int, seed: int) -> str:
    """The report with the lettered recommendations after paragraph ``paragraph`` shuffled and re-lettered."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{paragraph}. The following recommendations"))
    items: list[int] = []
    for i in range(start + 1, len(lines)):
        if re.match(r"^\([a-z]\) ", lines[i]):
            items.append(i)
        elif lines[i].strip():
            break
    bodies = [lines[i][4:] for i in items]
    random.Random(seed).shuffle(bodies)
    for letter, i, body in zip(string.ascii_lowercase, items, bodies, strict=False):
        lines[i] = f"({letter}) {body}"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def shuffled_store(tmp_path_factory: pytest.TempPathFactory):
    """A build of 000, 003 and a 001 whose items 5(a) and 5(d) list their recommendations in another order."""
    folder = tmp_path_factory.mktemp("shuffled")
    for name in (DRAFT_D, DRAFT_A):
        shutil.copy(CORPUS / name, folder / name)
    text = (CORPUS / FINAL).read_text(encoding="utf-8")
    text = _shuffle_recommendations(_shuffle_recommendations(text, 37, seed=7), 76, seed=11)
    assert text != (CORPUS / FINAL).read_text(encoding="utf-8")
    (folder / FINAL).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("shuffled-exports")
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    return open_store(out)


def _final_texts(store) -> dict[tuple[str, str], str]:
    """(rpm_item, letter) -> text of the final report's recommendations."""
    rows = run_query(store, (QUERIES / "recommendations.rq").read_text(encoding="utf-8")).values()
    return {(r["rpm_item"], r["letter"]): r["text"] for r in rows if r["document_file"] == FINAL}


def test_every_draft_recommendation_is_paired_with_its_final_version(store) -> None:
    rows = _revisions(store)
    by_draft = {}
    for r in rows:
        assert r["status"] in ("kept", "reworded"), r  # nothing added or dropped in these two items
        by_draft[(r["draft_file"], r["letter_draft"])] = r
    assert len([k for k in by_draft if k[0] == DRAFT_D]) == 8
    assert len([k for k in by_draft if k[0] == DRAFT_A]) == 15
    for (draft_file, letter), r in by_draft.items():
        assert r["final_file"] == FINAL
        assert r["rpm_item"] == ("5(d)" if draft_file == DRAFT_D else "5(a)")
        assert r["letter_final"] == letter  # in the corpus as published, the letters happen to agree
        assert r["final_recommendation"].endswith(f"/{r['rpm_item'].replace('(', '').replace(')', '')}/{letter}")
        assert 0.75 <= float(r["similarity"]) <= 1.0
        assert (r["changed"] == "true") == (r["status"] == "reworded")


def test_reworded_pairs_carry_their_word_diff(store) -> None:
    rows = {(r["draft_file"], r["letter_draft"]): r for r in _revisions(store)}
    b = rows[(DRAFT_D, "b")]
    assert b["changed"] == "true" and b["status"] == "reworded"
    assert "[-the creation of-] {+establishing+}" in b["word_diff"]
    assert "handling[-,-] and standardization" in b["word_diff"]
    kept = rows[(DRAFT_A, "h")]
    assert kept["status"] == "kept" and kept["changed"] == "false" and float(kept["similarity"]) == 1.0
    assert "[-" not in kept["word_diff"] and "{+" not in kept["word_diff"]


def test_shuffled_final_report_is_still_paired_by_text(store, shuffled_store) -> None:
    original = _final_texts(store)
    shuffled = _final_texts(shuffled_store)
    rows = _revisions(shuffled_store)
    assert len(rows) == 23
    moved = 0
    for r in rows:
        assert r["status"] in ("kept", "reworded"), r
        # The final text paired now is the one paired with the same draft letter in the unshuffled report.
        assert shuffled[(r["rpm_item"], r["letter_final"])] == original[(r["rpm_item"], r["letter_draft"])]
        moved += r["letter_final"] != r["letter_draft"]
    assert moved >= 15  # the shuffle really moved most of them
    d = next(r for r in rows if r["draft_file"] == DRAFT_D and r["letter_draft"] == "b")
    assert "[-the creation of-] {+establishing+}" in d["word_diff"]


def test_statements_of_a_draft_are_kept_or_renamed_in_the_final_report(store) -> None:
    rows = run_query(store, (QUERIES / "statement_revisions.rq").read_text(encoding="utf-8")).values()
    alliance = [r for r in rows if r["draft_file"] == DRAFT_D and "Alliance of NGOs" in r["statement_label"]]
    assert len(alliance) == 1
    assert alliance[0]["status"] == "reworded"  # "NGOs for" in the draft, "NGOs on" in the final report
    assert alliance[0]["word_diff"] == "the Alliance of NGOs [-for-] {+on+} Crime Prevention and Criminal Justice"
    brazil = [r for r in rows if r["draft_file"] == DRAFT_D and r["statement_label"].startswith("Brazil")]
    assert [r["status"] for r in brazil] == ["kept"]


def test_a_recommendation_only_in_the_draft_is_dropped_and_one_only_in_the_final_is_added(tmp_path: Path) -> None:
    shutil.copy(CORPUS / DRAFT_D, tmp_path / DRAFT_D)
    text = (CORPUS / FINAL).read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith("(c) Encourage and support national inter-agency"))
    new = "(c) Establish a regional observatory on wildlife and timber trafficking routes;"
    (tmp_path / FINAL).write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "exports"
    assert main(["build", str(tmp_path), "--out", str(out), "--quiet"]) == 0
    rows = _revisions(open_store(out))
    status = {(r["letter_draft"], r["letter_final"]): r["status"] for r in rows}
    assert status[("c", "")] == "dropped"
    assert status[("", "c")] == "added"
    assert sum(s in ("kept", "reworded") for s in status.values()) == 7
    added = next(r for r in rows if r["status"] == "added")
    assert added["draft_file"] == DRAFT_D and added["draft_recommendation"] == ""
    assert added["final_text"] == new[4:] and added["changed"] == "true"
