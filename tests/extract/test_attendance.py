"""Attendance in the forms of meeting reports: headers, categories, lists across lines and columns."""

from __future__ import annotations

import pytest

from kg.extract.attendance import AttendanceExtractor
from kg.reference.loading import load_lexicon
from kg.structure import parse_report


@pytest.fixture(scope="module")
def extractor() -> AttendanceExtractor:
    return AttendanceExtractor(load_lexicon())


def attendance(extractor: AttendanceExtractor, text: str) -> list[tuple[str, str]]:
    report = parse_report(text, "doc.txt")
    return [(f.name, f.capacity) for f in extractor.extract(report)]


CASES = [
    ("1. The following States were represented at the session: Argentina, Chile and Zaire.\n",
     [("Argentina", "member"), ("Chile", "member"), ("Zaire", "member")]),
    ("1. The session was attended by representatives of the following States members of the Commission: Austria; "
     "Brazil; Iran (Islamic Republic of).\n",
     [("Austria", "member"), ("Brazil", "member"), ("Iran (Islamic Republic of)", "member")]),
    ("1. Observers for the following States Members of the United Nations attended: Armenia; Viet Nam.\n",
     [("Armenia", "observer"), ("Viet Nam", "observer")]),
    ("1. The following States not members of the Governing Council 1/ were represented: Congo and Holy See.\n",
     [("Congo", "observer"), ("Holy See", "observer")]),
    ("1. The United Nations Secretariat was represented by the Department of Public Information and the Office of "
     "Legal Affairs.\n",
     [("the Department of Public Information", "observer"), ("the Office of Legal Affairs", "observer")]),
    ("1. The Palestine Liberation Organization (PLO) was represented as an observer.\n",
     [("The Palestine Liberation Organization (PLO)", "observer")]),
    # An organization attends as an observer, whatever the header says of its capacity.
    ("1. The European Community, a regional economic integration organization party to the Convention, was "
     "represented at the session.\n",
     [("The European Community", "observer")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attendance_forms(extractor: AttendanceExtractor, text: str, expected: list) -> None:
    assert attendance(extractor, text) == expected


def test_a_list_wrapped_over_lines_keeps_names_whole(extractor: AttendanceExtractor) -> None:
    text = ("1. The following States were represented:\n\n"
            "Byelorussian\nSoviet Socialist Republic, Czecho-\nslovakia, Germany, Federal\nRepublic of, Union of "
            "Soviet Socialist\nRepublics and Yugoslavia.\n")
    assert [n for n, _ in attendance(extractor, text)] == [
        "Byelorussian Soviet Socialist Republic", "Czechoslovakia", "Germany, Federal Republic of",
        "Union of Soviet Socialist Republics", "Yugoslavia"]


def test_a_list_set_in_two_columns_is_read_down_each_column(extractor: AttendanceExtractor) -> None:
    text = ("1. The following States were represented:\n\n"
            "Algeria            Papua\n\n"
            "Austria            New Guinea\n\n"
            "Greece             Ukrainian Soviet Socialist\n\n"
            "Guinea             Republic\n")
    assert [n for n, _ in attendance(extractor, text)] == [
        "Algeria", "Austria", "Greece", "Guinea", "Papua New Guinea", "Ukrainian Soviet Socialist Republic"]


def test_columns_run_together_are_cut_by_the_data(extractor: AttendanceExtractor) -> None:
    text = ("1. The following States were represented:\n\n"
            "Algeria Papua\n\nAustria New Guinea\n\nGreece Ukrainian Soviet Socialist\n\nGuinea Republic\n\n"
            "Iran (Islamic Republic of) SyrianArab Republic\n")
    assert sorted(n for n, _ in attendance(extractor, text)) == sorted([
        "Algeria", "Papua New Guinea", "Austria", "Greece", "Ukrainian Soviet Socialist Republic", "Guinea",
        "Iran (Islamic Republic of)", "SyrianArab Republic"])


def test_category_lines_inside_a_list_are_not_names(extractor: AttendanceExtractor) -> None:
    text = ("1. The following non-governmental organizations were represented:\n\n"
            "General consultative status: Soroptimist International; Zonta International\n\n"
            "Special consultative status: Penal Reform International\n")
    assert [n for n, _ in attendance(extractor, text)] == [
        "Soroptimist International", "Zonta International", "Penal Reform International"]
