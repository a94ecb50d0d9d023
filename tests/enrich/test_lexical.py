"""Words for the clusters: lemma then stem, stop words out, phrases within a clause, surfaces as written."""

from __future__ import annotations

from kg.enrich.lexical import stem, terms


def test_forms_of_one_word_meet_and_stop_words_go() -> None:
    assert stem("confiscation") == stem("confiscated") == stem("Confiscate")
    assert stem("technologies") == stem("technology") and stem("trained") == stem("training")
    assert stem("electronic") == stem("digital") and stem("illicit") == stem("illegal")  # cluster_synonyms.csv
    assert stem("the") == stem("including") == stem("relevant") == ""
    assert stem("AI") == "ai" and stem("UNODC") == "unodc"  # acronyms as they are (simplemma makes "ai" "be")


def test_phrases_skip_stop_words_but_not_punctuation() -> None:
    found = list(terms("Recovery of assets, extradition; and AI."))
    phrases = [t for t in found if t.is_phrase]
    assert [t.surface for t in phrases] == ["recovery of assets"]
    assert [t.surface for t in found if not t.is_phrase] == ["recovery", "assets", "extradition", "AI"]
    text = "Recovery of assets, extradition; and AI."
    assert all(text[t.start:t.end].casefold() == t.surface.casefold() for t in found)
