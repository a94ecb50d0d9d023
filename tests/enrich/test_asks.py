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
    assert shared(a, b, weights.weight, vocabulary).subjects[0] == "asset-recovery"
    assert shared(a, c, weights.weight, vocabulary).score == 0.0  # cooperation alone is a measure, not a subject


def test_a_common_word_names_a_subject_only_with_its_context() -> None:
    vocabulary = load_vocabulary()

    def keys(text: str) -> set[str]:
        return {m.key for m in vocabulary.find(text)}

    assert keys("Provide vocational training and education to prisoners") == {"prisoner-education-work"}
    assert "training" in keys("Train prison staff to respect human rights")
    assert "prisoner-education-work" not in keys("Train prison staff to respect human rights")
    assert keys("Make community service available in the community") == {"non-custodial-measures"}
    assert "communities" in keys("Engage local community leaders")
    assert "drug-trafficking" in keys("Stop drugs smuggled into prisons")
    assert "drug-demand-reduction" in keys("Offer treatment to people who use drugs")
    assert not {"drugs", "drug-trafficking", "drug-demand-reduction"} & keys("Keep drugs out")
    assert "data-statistics" not in keys("Set rules for the data collected by electronic monitoring")
    assert "data-statistics" in keys("Collect and publish national data on prison populations")


def test_no_common_word_is_a_plain_label_and_every_context_label_has_a_context() -> None:
    vocabulary = load_vocabulary()
    for word in ("community", "drug", "training", "data", "education", "sentence", "care", "justice", "evidence"):
        assert (word,) not in vocabulary.labels, word
    for keys in vocabulary.contextual.values():
        assert all(vocabulary.contexts[key][0] or vocabulary.contexts[key][1] for key in keys)


def test_the_vocabulary_is_a_hierarchy_over_the_field() -> None:
    vocabulary = load_vocabulary()
    narrower = {key: {k for k, up in vocabulary.broader.items() if key in up} for key in vocabulary.names}
    for area in ("corruption", "drugs", "terrorism", "cybercrime", "prisons", "non-custodial-measures", "victims",
                 "children", "crime-prevention", "law-enforcement", "prosecution-courts", "international-cooperation",
                 "environmental-crime", "access-to-justice", "economic-crime"):
        assert narrower[area], area
    assert {"pretrial-detention", "prison-health", "prison-inspection", "prisoner-education-work",
            "women-prisoners"} <= narrower["prisons"]
    assert "drug-trafficking" in narrower["drugs"] and "drug-demand-reduction" in narrower["drugs"]
