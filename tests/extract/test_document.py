"""What each document is, and the meeting it reports on, from its own header."""

from __future__ import annotations

import pytest

from kg.extract.document import DOCUMENT_KINDS, document_kind
from kg.reference.loading import load_lexicon
from kg.structure import parse_report

LEXICON = load_lexicon()


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("a.txt", "For information only - not an official document\n\nUNIS/CP/1\n\nThe Commission met today.\n",
     "press_release"),
    ("b.txt", "Resolution adopted by the General Assembly\n\n1. Decides to convene the Congress.\n", "resolution"),
    ("c.txt", "Addendum\n\nThe Meeting adopted the following recommendations.\n", "addendum"),
    ("d.txt", "Report of the Commission on its twentieth session\n\nThe Commission met in Vienna.\n", "report"),
    ("e.md", "[Skip to main content](#c)\n\n# Expert Group Meeting\n\nThe meeting was held in Vienna.\n", "web_page"),
    ("f.html", "Welcome to our page about the meeting.\n", "web_page"),
    ("g.txt", "milk\neggs\nbread\n", "other"),
    ("h.txt", "VIENNA - The Commission opened its thirtieth session today.\n", "press_release"),
    ("i.txt", "NEW YORK, 5 May (UN Information Service) - The Assembly met.\n", "press_release"),
])
def test_document_kinds_from_their_cues(name: str, text: str, kind: str) -> None:
    assert kind in DOCUMENT_KINDS
    assert document_kind(parse_report(text, name), LEXICON) == kind


@pytest.mark.parametrize(("header", "title", "venue", "dates"), [
    ("SIXTH UNITED NATIONS CONGRESS ON THE PREVENTION OF CRIME AND THE TREATMENT OF OFFENDERS\n\n"
     "Caracas, 25 August-5 September 1980",
     "Sixth United Nations Congress on the Prevention of Crime and the Treatment of Offenders", "Caracas",
     ("1980-08-25", "1980-09-05")),
    ("Report of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime on "
     "its fourth session, held in Vienna from 8 to 17 October 2008",
     "Conference of the Parties to the United Nations Convention against Transnational Organized Crime, fourth session",
     "Vienna", ("2008-10-08", "2008-10-17")),
    ("Commission on Crime Prevention and Criminal Justice\n\nReport on the twenty-eighth session",
     "Commission on Crime Prevention and Criminal Justice, twenty-eighth session", None, (None, None)),
    ("E/2016/30\n\nCommission on Crime\nPrevention and Criminal\nJustice\nReport on the twenty-fifth session\n"
     "(11 December 2015 and 23-27 May 2016)",
     "Commission on Crime Prevention and Criminal Justice, twenty-fifth session", None, (None, None)),
    ("General Assembly                Distr.: General\n\nForty-fifth session",
     "General Assembly, forty-fifth session", None, (None, None)),
])
def test_meetings_other_than_the_regional_ones(header: str, title: str, venue: str | None, dates: tuple) -> None:
    meta = parse_report(header + "\n\nThe meeting considered its agenda.\n", "h.txt").metadata
    assert (meta.meeting_title, meta.venue, (meta.start_date, meta.end_date)) == (title, venue, dates)
