"""Line-end hyphens: taken out of a word the line break cut, kept in a hyphenated word."""

from __future__ import annotations

from kg.read.hyphens import Dehyphenator

LINES = [
    "Speakers stressed capacity-building and the need for international cooperation and",
    "programmes on money-laundering; building capacity was a priority for the pro-",
    "grammes of the region",
]


def test_a_word_the_document_writes_whole_is_joined() -> None:
    join = Dehyphenator(LINES).join
    assert join("cooperation between inter-", "national bodies") == "cooperation between international bodies"
    assert join("new pro-", "grammes were") == "new programmes were"


def test_a_word_the_document_writes_hyphenated_keeps_its_hyphen() -> None:
    join = Dehyphenator(LINES).join
    assert join("to counter money-", "laundering and") == "to counter money-laundering and"
    assert join("strengthen capacity-", "building for") == "strengthen capacity-building for"


def test_a_compound_of_two_words_of_the_document_keeps_its_hyphen() -> None:
    assert Dehyphenator(LINES).join("and capacity-", "priority") == "and capacity-priority"


def test_a_prefix_that_keeps_its_hyphen_and_an_unknown_split() -> None:
    join = Dehyphenator(LINES).join
    assert join("of non-", "governmental organizations") == "of non-governmental organizations"
    assert join("the trans-", "boundary effects") == "the transboundary effects"


def test_soft_hyphens_dashes_and_plain_breaks() -> None:
    join = Dehyphenator([]).join
    assert join("the organi\u00ad", "zation") == "the organization"
    assert join("crime \u2013", "including terrorism") == "crime \u2013 including terrorism"
    assert join("the years 2020-", "2025") == "the years 2020-2025"
    assert join("the Secretariat", "introducing") == "the Secretariat introducing"
    assert join("Member-", "States") == "Member- States"  # a capital after the hyphen is not a cut word


def test_words_cut_at_line_ends_are_not_taken_for_words_of_the_document() -> None:
    """'pro' and 'gramme' only occur as the halves of a cut word, so they do not make 'pro-gramme' a compound."""
    hyphen = Dehyphenator(["a new pro-", "gramme for the region", "the inter-", "national bodies and international law"])
    assert hyphen.join("the pro-", "gramme") == "the programme"


def test_a_document_whose_line_ends_cut_no_word_keeps_its_hyphens() -> None:
    """No line-end hyphen of the document is seen to cut a word it writes whole: 'ever-' is 'ever-changing'."""
    hyphen = Dehyphenator(["to address the ever-", "changing nature of digital technologies"])
    assert hyphen.join("to address the ever-", "changing nature") == "to address the ever-changing nature"
