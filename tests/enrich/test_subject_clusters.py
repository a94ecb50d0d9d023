"""Groups per shared subject: action compatibility, density, and a recommendation in two clusters."""

from __future__ import annotations

from collections import Counter

from kg.enrich.clustering import Commitment, load_settings
from kg.enrich.subject_clusters import _dense, compatible
from tests.enrich.test_clusters import rows


def test_actions_are_compatible_when_the_same_unknown_or_grouped() -> None:
    settings = load_settings()
    assert compatible("develop", "develop", settings) and compatible("", "promote", settings)
    assert compatible("develop", "implement", settings)
    assert not compatible("develop", "consider", settings)


def test_a_chain_through_one_subject_is_cut_to_its_dense_core() -> None:
    # a-b, a-c, b-c linked across three meetings; d (a fourth meeting) linked to a only.
    people = [Commitment(iri=f"r{i}", meeting=m, text="") for i, m in enumerate("ABCD")]
    linked = {(0, 1), (0, 2), (1, 2), (0, 3)}
    assert _dense({0, 1, 2, 3}, linked, people, 0.67) == {0, 1, 2}
    assert _dense({0, 1, 2, 3}, linked, people, 0.0) == {0, 1, 2, 3}


def test_a_recommendation_may_stand_in_two_clusters_and_shows_in_both(store) -> None:
    members = rows(store, "commitment_clusters")
    per_rec = Counter(r["recommendation"] for r in members)
    twice = [rec for rec, n in per_rec.items() if n > 1]
    assert twice
    clusters = {r["cluster"] for r in members if r["recommendation"] == twice[0]}
    assert len(clusters) == per_rec[twice[0]]
