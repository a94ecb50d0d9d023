"""The small store of reports the seeking and narrowing tests share."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

CKG = "https://w3id.org/congress-kg/ontology#"
ID = "https://example.org/id/"


def _data() -> str:
    """Reports of several meetings; each recommendation in a report, some with an agenda item, some attributed."""
    lines = []
    for n in range(40):
        report, meeting = f"<{ID}report/{n}>", f"<{ID}meeting/{n % 7}>"
        lines.append(f'{report} a <{CKG}Report> ; <{CKG}fileName> "r{(n * 17) % 40:02d}.txt" ; '
                     f"<{CKG}reportsOn> {meeting} .")
        lines.append(f'{meeting} a <{CKG}Meeting> ; <http://www.w3.org/2000/01/rdf-schema#label> "Meeting {n % 7}" .')
        for letter in "abc"[: 1 + n % 3]:
            rec = f"<{ID}report/{n}/{letter}>"
            lines.append(f'{rec} a <{CKG}Recommendation> ; <{CKG}letter> "{letter}" ; <{CKG}inReport> {report} ; '
                         f"<{CKG}meeting> {meeting} .")
            if letter != "b":
                lines.append(f'{rec} <{CKG}agendaItem> <{ID}item/{n % 4}> . <{ID}item/{n % 4}> <{CKG}rpmItem> "{n % 4}" .')
            if n % 5 == 0:
                lines.append(f"{rec} <{CKG}attributedTo> <{ID}state/{letter}> .")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def reports() -> ox.Store:
    store = ox.Store()
    store.load(_data().encode("utf-8"), ox.RdfFormat.TURTLE)
    return store
