"""The subject vocabulary and the asks of a recommendation, on sentences written for the test."""

from __future__ import annotations

from kg.enrich.asks import SubjectFrequencies, asks, shared, split
from kg.enrich.subjects import load_vocabulary


def test_labels_match_their_lemmas_in_any_order_and_broader_subjects_follow() -> None:
    vocabulary = load_vocabulary()
    found = {m.key for m in vocabulary.find("Recover the assets of smugglers and confiscate their boats.")}
    assert "asset-recovery" in found
    ai = {m.key for m in vocabulary.find("Regulate machine learning in the courts.")}
    assert "artificial-intelligence" in ai and "digital-technology" in vocabulary.expand(ai)
    assert "asset-recovery" in {m.key for m in vocabulary.find("the recovery of assets")}


def test_a_longer_label_takes_its_words_first() -> None:
    found = {m.key for m in load_vocabulary().find("uphold the rule of law")}
    assert found == {"rule-of-law"}  # "law" is not also legislation


def test_asks_open_with_an_action_verb_after_a_clause_boundary() -> None:
    parts = split("Promote the use of drones to watch forests; and develop guidance, as well as provide support to "
                  "train rangers to use maps")
    assert [verb for _text, verb in parts] == ["Promote", "develop", "provide"]
    assert parts[1][0] == "develop guidance"


def test_two_asks_share_only_when_a_subject_matter_is_common() -> None:
    vocabulary = load_vocabulary()
    weights = SubjectFrequencies(vocabulary)
    for text in ("Confiscate the proceeds of crime.", "Share information.", "Train judges.", "Protect victims."):
        weights.add_text(text)
    a = asks("Enhance international cooperation to seize and confiscate criminal assets", vocabulary)
    b = asks("Strengthen international cooperation for the recovery of assets", vocabulary)
    c = asks("Strengthen international cooperation and information sharing against wildlife trafficking", vocabulary)
    assert shared(a, b, weights.weight, vocabulary.side).subjects[0] == "asset-recovery"
    assert shared(a, c, weights.weight, vocabulary.side).score == 0.0  # cooperation alone is a measure, not a subject
