"""The object of an ask (what its verb acts on), on sentences written for the test."""

from __future__ import annotations

import pytest

from kg.enrich.asks import asks, same_object
from kg.enrich.lexical import stem
from kg.enrich.objects import ask_object, load_words
from kg.enrich.subjects import load_vocabulary


def heads(text: str) -> set[str]:
    return set(ask_object(text).heads)


def stems(*words: str) -> set[str]:
    return {stem(w) for w in words}


def test_the_head_is_the_last_word_of_the_noun_phrase_and_of_adds_its_complement() -> None:
    assert heads("Criminalize the sexual exploitation of children online") == stems("exploitation", "online")
    assert heads("Strengthen regional cooperation among customs and police authorities") == stems("cooperation")
    assert ask_object("Strengthen regional cooperation among customs and police authorities").text == (
        "regional cooperation among customs and police authorities")


def test_the_object_ends_where_how_by_whom_or_why_begins() -> None:
    found = ask_object("Train judges on digital evidence through online courses, in order to speed up trials")
    assert found.text == "judges on digital evidence" and found.heads == frozenset(stems("judges"))
    assert ask_object("Set up shelters that are open at night").text == "shelters"


def test_a_shell_noun_gives_way_to_its_complement_or_its_modifier() -> None:
    assert heads("Promote the use of electronic monitoring") == stems("monitoring")
    assert heads("Strengthen mechanisms for judicial cooperation") == stems("cooperation")
    assert heads("Promote training programmes for border guards") == stems("training")


def test_coordinated_verbs_and_lists_stay_in_one_object() -> None:
    assert heads("Collect and publish data on prison populations") == stems("data")
    found = ask_object("Develop protocols on the seizure, storage and analysis of digital evidence, including drones")
    assert found.text == "protocols on the seizure, storage and analysis of digital evidence"


def test_who_is_asked_to_act_is_not_the_object() -> None:
    assert heads("Encourage States to adopt laws against cyberstalking") == stems("laws")
    assert heads("Oblige platforms to detect and remove child sexual abuse material") == stems("material")
    assert heads("Seek to promote the responsible use of drones") == stems("responsible", "drones")


def test_a_clause_after_that_gives_its_subject() -> None:
    assert heads("Ensure that victims are not punished for offences they were made to commit") == stems("victims")


def test_a_participle_after_the_noun_is_not_its_head() -> None:
    assert heads("Set up funds fed by confiscated assets") == stems("funds")


def test_two_asks_on_one_subject_act_on_the_same_thing_only_when_their_objects_name_it() -> None:
    vocabulary = load_vocabulary()
    [criminalize] = asks("Criminalize the online sexual exploitation of children", vocabulary)
    [oblige] = asks("Oblige platforms that host online child sexual exploitation material to remove it", vocabulary)
    [prosecute] = asks("Prosecute the online sexual exploitation of children", vocabulary)
    assert (criminalize.subjects & oblige.subjects) - vocabulary.side  # one subject, named by both asks
    assert not same_object(criminalize, oblige, vocabulary, "branch")  # but the object of one is the platforms
    assert same_object(criminalize, prosecute, vocabulary, "branch")
    assert same_object(criminalize, oblige, vocabulary, "")


def test_the_word_lists_are_strings(tmp_path) -> None:
    path = tmp_path / "ask_objects.yaml"
    path.write_text("boundaries: [that]\nprepositions: [for, on]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote"):
        load_words(path)
    assert "on" in load_words().prepositions and "off" in load_words().particles
