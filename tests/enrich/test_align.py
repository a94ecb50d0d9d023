"""Alignment by text: similarity, the globally best pairing whatever the order, and the word-level diff."""

from __future__ import annotations

import random

from kg.enrich.align import align, changed_words, plain_diff, same_wording, similarity, word_diff

# 000 (a) and 001 5(d) (a): the draft and final wording of one recommendation.
DRAFT_A = ("Strengthen mechanisms for international legal cooperation, including mutual legal assistance, extradition, "
           "the seizure, confiscation, and recovery of assets, as well as mechanisms for exchange of financial "
           "intelligence between States;")
FINAL_A = ("Strengthen mechanisms for international legal cooperation, including mutual legal assistance, extradition "
           "and the seizure, confiscation and recovery of assets, as well as mechanisms for the exchange of financial "
           "intelligence between States;")
# 003 (h) and 003 (n): kept word for word, and reworded.
KEPT = "Ensure that domestic legal frameworks prevent victims of trafficking in persons from being prosecuted;"
DRAFT_N = ("Strengthen the capacity of institutions responsible for combatting the illicit trafficking in firearms, "
           "including by enhancing border controls and consider using advanced technologies")
FINAL_N = ("Strengthen the capacity of institutions responsible for combating trafficking in firearms, including by "
           "enhancing border controls, and consider using advanced technologies")
OTHER = "Raise awareness and provide public education by promoting campaigns on the right to equal access to justice;"


def test_similarity_is_one_for_the_same_words_and_low_for_different_texts() -> None:
    assert similarity(KEPT, KEPT) == 1.0
    assert similarity(DRAFT_A, FINAL_A) > 0.9
    assert similarity(DRAFT_A, OTHER) < 0.3
    assert same_wording(KEPT, KEPT) and not same_wording(DRAFT_A, FINAL_A)


def test_word_diff_names_the_removed_and_added_words() -> None:
    chunks = word_diff(DRAFT_A, FINAL_A)
    removed, added = changed_words(chunks)
    assert removed == [",", ","]
    assert added == ["and", "the"]
    assert plain_diff(chunks) == (
        "Strengthen mechanisms for international legal cooperation, including mutual legal assistance, "
        "extradition[-,-] {+and+} the seizure, confiscation[-,-] and recovery of assets, as well as mechanisms for "
        "{+the+} exchange of financial intelligence between States;"
    )
    removed, added = changed_words(word_diff(DRAFT_N, FINAL_N))
    assert removed == ["combatting the illicit"]
    assert added == ["combating", ","]


def test_the_unchanged_runs_of_a_diff_rebuild_both_texts() -> None:
    chunks = word_diff(DRAFT_N, FINAL_N)
    draft = [c for c in chunks if c.op != "insert"]
    final = [c for c in chunks if c.op != "delete"]
    join = lambda cs: "".join((" " if n and c.space else "") + c.text for n, c in enumerate(cs))  # noqa: E731
    assert join(draft) == DRAFT_N
    assert join(final) == FINAL_N


def test_alignment_ignores_order_and_leaves_unmatched_texts_alone() -> None:
    drafts = [DRAFT_A, KEPT, DRAFT_N]
    finals = [FINAL_N, OTHER, KEPT, FINAL_A]
    pairs = {(p.draft, p.final) for p in align(drafts, finals)}
    assert pairs == {(0, 3), (1, 2), (2, 0), (None, 1)}
    for seed in range(5):
        shuffled = finals[:]
        random.Random(seed).shuffle(shuffled)
        found = {drafts[p.draft]: shuffled[p.final] for p in align(drafts, shuffled) if p.draft is not None}
        assert found == {DRAFT_A: FINAL_A, KEPT: KEPT, DRAFT_N: FINAL_N}


def test_alignment_is_globally_best_not_greedy() -> None:
    # Draft a is closest to final x (0.9) and fair to y (0.8); draft b is fair to x (0.7) and poor to y (0.4).
    # Taking a-x first (greedy) would leave b without a pair; the best pairing as a whole is a-y and b-x.
    a = "seven twenty fourteen fifteen seventeen twentynine eleven twentyeight twentyone twentytwo"
    b = "seven five fourteen fifteen three twentyeight eleven nine twentyone twentytwo"
    x = "seven twenty fourteen fifteen seventeen twentynine eleven nine twentyone twentytwo"
    y = "thirteen twenty fourteen fifteen seventeen twentynine eleven twentyeight twentynine twentytwo"
    assert [round(similarity(*p), 1) for p in ((a, x), (a, y), (b, x), (b, y))] == [0.9, 0.8, 0.7, 0.4]
    assert {(p.draft, p.final) for p in align([a, b], [x, y])} == {(0, 1), (1, 0)}


def test_an_identical_text_keeps_its_counterpart() -> None:
    # An extra, barely similar pair must not pull a text away from its identical counterpart.
    a = "one two three four five six seven eight nine ten"
    y = "one two three four five six alpha beta gamma delta"
    b = "seven eight nine ten epsilon zeta"
    assert similarity(a, y) >= 0.5 and similarity(b, a) >= 0.5
    assert {(p.draft, p.final) for p in align([a, b], [a, y])} == {(0, 0), (1, None), (None, 1)}


def test_a_draft_with_no_counterpart_is_dropped() -> None:
    pairs = align([OTHER], [KEPT])
    assert [(p.draft, p.final) for p in pairs] == [(0, None), (None, 0)]
