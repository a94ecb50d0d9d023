"""Officers in every form: label lines, a bureau in one sentence, election sentences, press prose."""

from __future__ import annotations

import pytest

from kg.extract.officers import OfficerExtractor
from kg.reference.loading import load_lexicon
from kg.structure import parse_report


@pytest.fixture(scope="module")
def extractor() -> OfficerExtractor:
    return OfficerExtractor(load_lexicon())


def officers(extractor: OfficerExtractor, text: str) -> list[tuple[str, str, str | None]]:
    report = parse_report(text + "\n", "doc.txt")
    return [(f.role, f.person, f.state) for f in extractor.extract(report)]


CASES = [
    ("At its 1st meeting, the Commission elected the following officers by acclamation: Chairperson: Maria Lopez "
     "(Mexico); Vice-Chairpersons: Jan Novak (Czechia), Amina Diallo (Senegal) and Lee Min-ho (Republic of Korea); "
     "Rapporteur: Pieter de Vries (Netherlands).",
     [("Chair", "Maria Lopez", "Mexico"), ("Vice-Chair", "Jan Novak", "Czechia"), ("Vice-Chair", "Amina Diallo", "Senegal"),
      ("Vice-Chair", "Lee Min-ho", "Republic of Korea"), ("Rapporteur", "Pieter de Vries", "Netherlands")]),
    ("Mr. Hans Gruber (Austria) was elected President of the Congress by acclamation.",
     [("President", "Hans Gruber", "Austria")]),
    ("At its first plenary meeting, Ahmed Salem of Egypt was elected President.", [("President", "Ahmed Salem", "Egypt")]),
    ("The Congress elected by acclamation as its President H.E. Mr. Carlos Mendes (Brazil).",
     [("President", "Carlos Mendes", "Brazil")]),
    ("The following were elected Vice-Presidents: Ms. A. Okafor (Nigeria), Mr. T. Suzuki (Japan) and Mr. P. Ivanov "
     "(Union of Soviet Socialist Republics).",
     [("Vice-President", "A. Okafor", "Nigeria"), ("Vice-President", "T. Suzuki", "Japan"),
      ("Vice-President", "P. Ivanov", "Union of Soviet Socialist Republics")]),
    ("Judge Ana Torres (Chile) and Dr. Omar Haddad (Jordan) were elected Vice-Chairs.",
     [("Vice-Chair", "Ana Torres", "Chile"), ("Vice-Chair", "Omar Haddad", "Jordan")]),
    ("The bureau was composed as follows: Mr. J. Doe (Canada), Chairman; Ms. K. Roe (Chile), Vice-Chairman; "
     "Mr. L. Poe (Kenya), Rapporteur.",
     [("Chair", "J. Doe", "Canada"), ("Vice-Chair", "K. Roe", "Chile"), ("Rapporteur", "L. Poe", "Kenya")]),
    ("Mr. Pedro Solis (Philippines) was elected First Vice-Chairman.", [("Vice-Chair", "Pedro Solis", "Philippines")]),
    ("Committee Chair Ibrahim Salah of Libya said that the session had been productive.",
     [("Chair", "Ibrahim Salah", "Libya")]),
    ("The Council elected three Vice-Chairmen for its session: Atif Bukhari (Saudi Arabia); Henri Senghor (Senegal) "
     "and Hermann Redl (Austria).",
     [("Vice-Chair", "Atif Bukhari", "Saudi Arabia"), ("Vice-Chair", "Henri Senghor", "Senegal"),
      ("Vice-Chair", "Hermann Redl", "Austria")]),
    ("The following members were elected as Vice-Chairpersons: Australia, Germany and Italy, and Mr Lambert Sow "
     "(Niger) as Rapporteur.", [("Rapporteur", "Lambert Sow", "Niger")]),
    # Another body's office is no officer of this meeting; a meeting's chairing is no election.
    ("The Council elected David Gregory (Australia) as Chairman of the Drafting Committee.", []),
    ("The following members of the Committee were elected Vice-Chairs: Australia and Italy.", []),
    ("Statements were made by the President of the Economic and Social Council, Munir Akram.", []),
    ("The 3rd and 4th meetings were chaired by Erin Clarke (Canada).", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_officer_forms(extractor: OfficerExtractor, text: str, expected: list) -> None:
    assert officers(extractor, text) == expected


def test_names_on_the_lines_under_a_label_take_its_role(extractor: OfficerExtractor) -> None:
    text = ("1. The Conference elected the following officers:\n\n"
            "Vice-Presidents: Ms. Nadia Benali (Morocco)\n"
            "                 Mr. Hiroshi Sato (Japan)\n"
            "Rapporteur:      Mr. Mark Ellison (Canada)")
    assert officers(extractor, text) == [("Vice-President", "Nadia Benali", "Morocco"),
                                         ("Vice-President", "Hiroshi Sato", "Japan"),
                                         ("Rapporteur", "Mark Ellison", "Canada")]


def test_honorifics_are_data(extractor: OfficerExtractor) -> None:
    assert extractor.clean_name("and H.E. Ambassador Maria Lopez") == "Maria Lopez"
    assert extractor.clean_name("Judge Ana Torres") == "Ana Torres"
    assert not extractor.is_person("Economic and Social Council")
    assert not extractor.is_person("the representatives of the following States")
