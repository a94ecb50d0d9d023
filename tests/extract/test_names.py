"""Runs of names without commas cut by the data, and the remnants that never become actors."""

from __future__ import annotations

import pytest

from kg.extract.names import cells, plausible_name, segment_known, strip_furniture
from kg.reference.loading import load_lexicon
from kg.structure.model import CleanText

LEXICON = load_lexicon()


def clean(text: str) -> CleanText:
    return CleanText(text, tuple(range(len(text))), len(text))


def test_a_run_of_names_is_cut_longest_first_and_broken_names_mended() -> None:
    run = clean("Greece Ukrainian Soviet Socialist Guinea Republic Burundi Papua New Guinea Iran (Islamic Republic of)")
    assert [n.text for n in segment_known(run, LEXICON)] == [
        "Greece", "Ukrainian Soviet Socialist Republic", "Guinea", "Burundi", "Papua New Guinea",
        "Iran (Islamic Republic of)"]


def test_table_cells_are_where_the_source_has_several_spaces() -> None:
    text = "Algeria            Papua New Guinea"
    squeezed = "Algeria Papua New Guinea"
    offsets = tuple(list(range(7)) + [7] + list(range(19, len(text))))
    assert [c.text for c in cells(CleanText(squeezed, offsets, len(text)))] == ["Algeria", "Papua New Guinea"]


@pytest.mark.parametrize(("name", "plausible"), [
    ("Friends of Justice Foundation", True),
    ("Penal Reform International", True),
    ("Argentina Brazil Chile", False),          # a list line run together
    ("The following States", False),            # a list's header
    ("were represented by observers", False),   # a piece of a sentence
    ("Federal Republic of", False),             # half a name
])
def test_remnants_are_not_names(name: str, plausible: bool) -> None:
    assert plausible_name(name, LEXICON) is plausible


def test_footnote_marks_come_off() -> None:
    assert strip_furniture(clean("Ghana*")).text == "Ghana"
    assert strip_furniture(clean("Governing Council 1/")).text == "Governing Council"
