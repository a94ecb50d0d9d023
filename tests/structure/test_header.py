"""The meeting a report's header names: its title and the region before or after "Regional Preparatory Meeting"."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.structure import parse_report

HEADER = """A/CONF.299/RPM.{n}/L.1/Add.2

Distr.: Limited

12 March 2090

Original: English

{title}

Geneva, 10–12 March 2090

Draft report

Rapporteur: Ana Ruiz (Spain)

Addendum

1. The Meeting considered agenda item 4.
"""


@pytest.mark.parametrize(("title", "region"), [
    ("Regional Preparatory Meeting of the Western European and Other States for the Thirtieth United Nations "
     "Congress on Crime Prevention and Criminal Justice", "Western European and Other States"),
    ("Regional Preparatory Meeting for Western Asia for the Thirtieth United Nations Congress on Crime Prevention "
     "and Criminal Justice", "Western Asia"),
    ("Asia-Pacific Regional Preparatory Meeting for the Thirtieth United Nations Congress on Crime Prevention and "
     "Criminal Justice", "Asia-Pacific"),
    ("European Regional Preparatory Meeting for the Thirtieth United Nations Congress on Crime Prevention and "
     "Criminal Justice", "European"),
])
def test_the_region_is_read_before_or_after_the_meeting_s_name(title: str, region: str) -> None:
    report = parse_report(HEADER.format(n=1, title=title), Path("draft.txt"))
    assert report.metadata.region_phrase == region
    assert report.metadata.meeting_title == title


def test_a_meeting_for_the_congress_itself_names_no_region() -> None:
    title = "Regional Preparatory Meeting for the Thirtieth United Nations Congress on Crime Prevention and Criminal Justice"
    report = parse_report(HEADER.format(n=2, title=title), Path("draft.txt"))
    assert report.metadata.region_phrase is None
