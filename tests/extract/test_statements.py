"""Statement sentences in every form the reports use, parsed into (name, capacity)."""

from __future__ import annotations

import pytest

from kg.extract.statements import StatementExtractor
from kg.reference.loading import load_lexicon
from kg.structure.model import CleanText


def clean(text: str) -> CleanText:
    return CleanText(text, tuple(range(len(text))), len(text))


@pytest.fixture(scope="module")
def extractor() -> StatementExtractor:
    return StatementExtractor(load_lexicon())


CASES = [
    (
        "Statements were made by the representatives of Argentina, Saint Kitts and Nevis, Trinidad and Tobago "
        "and Uruguay.",
        [("Argentina", "representative"), ("Saint Kitts and Nevis", "representative"),
         ("Trinidad and Tobago", "representative"), ("Uruguay", "representative")],
    ),
    (
        "A statement was made by the representative of the European Union, in her capacity as observer.",
        [("the European Union", "observer")],
    ),
    ("The observers for INTERPOL and OSCE also made statements.", [("INTERPOL", "observer"), ("OSCE", "observer")]),
    (
        "Statements were furthermore made by the observers for the Women Federation for World Peace, "
        "Penal Reform International and Caritas International.",
        [("the Women Federation for World Peace", "observer"), ("Penal Reform International", "observer"),
         ("Caritas International", "observer")],
    ),
    (
        "Statements were also made by the observers for the United Arab Emirates and the Alliance of NGOs for "
        "Crime Prevention and Criminal Justice.",
        [("the United Arab Emirates", "observer"),
         ("the Alliance of NGOs for Crime Prevention and Criminal Justice", "observer")],
    ),
    ("Statements were made by the Russian Federation, France and the United States.",
     [("the Russian Federation", None), ("France", None), ("the United States", None)]),
    ("A statement was also made by the Alliance of NGOs on Crime Prevention and Criminal Justice.",
     [("the Alliance of NGOs on Crime Prevention and Criminal Justice", None)]),
    ("Statements were also made by the observers for IPANDETEC, and the Alliance of NGOs for Crime Prevention "
     "and Criminal Justice.",
     [("IPANDETEC", "observer"), ("the Alliance of NGOs for Crime Prevention and Criminal Justice", "observer")]),
    ("Statements were made by the representatives of Brazil and Chile, and by the observer for Viet Nam.",
     [("Brazil", "representative"), ("Chile", "representative"), ("Viet Nam", "observer")]),
    ("Many speakers emphasized the importance of cooperation.", []),
    ("Statements were delivered by the representatives of Japan and China.",
     [("Japan", "representative"), ("China", "representative")]),
    ("The representatives of Egypt and Morocco made statements.",
     [("Egypt", "representative"), ("Morocco", "representative")]),
    # An office names the State it serves (issue 22): a minister speaks for the State.
    ("The Minister of Justice of Costa Rica made a statement.", [("Costa Rica", "representative")]),
    ("The Director of the Penal Department made a statement.", []),
    ("Statements were made by the representatives of the following States: Japan, India and Thailand.",
     [("Japan", "representative"), ("India", "representative"), ("Thailand", "representative")]),
    ("An introductory presentation was delivered by a representative of the Secretariat.", []),
    ("Also speaking were the representatives of Kenya and Peru.", [("Kenya", "representative"), ("Peru", "representative")]),
    ("Other speakers included the observer for the Holy See.", [("the Holy See", "observer")]),
    ("In the general discussion, statements were made by the representatives of: Chile and India.",
     [("Chile", "representative"), ("India", "representative")]),
    # Plural subjects that spoke, and a preposition repeated after "and".
    ("The representatives of Italy and Portugal also spoke.",
     [("Italy", "representative"), ("Portugal", "representative")]),
    ("Observers for the European Union and for the International Council of Museums also spoke.",
     [("the European Union", "observer"), ("the International Council of Museums", "observer")]),
    ("The observers for INTERPOL and for UNESCO also took the floor.", [("INTERPOL", "observer"), ("UNESCO", "observer")]),
    ("The Chair spoke of the work ahead.", []),
    ("The observer for the African Commission on Human and Peoples’ Rights also made a statement.",
     [("the African Commission on Human and Peoples’ Rights", "observer")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_statement_sentence_forms(extractor: StatementExtractor, sentence: str, expected: list) -> None:
    found = [(name.text, capacity) for name, capacity in extractor.parse_statement_sentence(clean(sentence))]
    assert found == expected


NARRATIVE = [
    ("The representative of Mexico said that prevention came first.", [("Mexico", "representative")]),
    ("The observer for the European Union stressed the value of cooperation.", [("the European Union", "observer")]),
    ("Speaking on behalf of the Group of 77 and China, the representative of Egypt stressed the need for assistance.",
     [("Egypt", "representative")]),
    ("The representative of Hungary, speaking on behalf of the European Union, said that the Union agreed.",
     [("Hungary", "representative")]),
    ("The Minister of Justice of Italy said that the Convention remained the cornerstone.", [("Italy", "representative")]),
    ("Austria's Minister of Justice highlighted the role of prisons.", [("Austria", "representative")]),
    ("Mr. HENKIN (United States of America) said that the article mattered.", [("United States of America", "representative")]),
    ("The Executive Director of the United Nations Office on Drugs and Crime underlined the stakes.",
     [("the United Nations Office on Drugs and Crime", None)]),
    ("An official of UNODC said that the study was ready.", [("UNODC", None)]),
    ("The delegate of Czechoslovakia recalled the Milan Plan of Action.", [("Czechoslovakia", "representative")]),
    ("The observer for Friends of Justice Foundation urged States to act.", [("Friends of Justice Foundation", "observer")]),
    # Not speakers: a crowd, the Secretariat, a body that is no actor, a sentence without a speaker.
    ("Many speakers stressed the importance of investing in prevention.", []),
    ("The representative of the Secretariat said that the documents were available.", []),
    ("Commission Chair Helena Varga of Hungary said that the session would be short.", []),
    ("The Chief of the Secretariat to the Governing Bodies of UNODC, acting as the Secretary of the Meeting, recalled "
     "the resolution.", []),
    # A UN organ speaks through its President; acting by its resolutions it makes no statement.
    ("The President of the Economic and Social Council, Munir Akram, said that the session mattered.",
     [("the Economic and Social Council", None)]),
    ("In its resolution 78/223, the General Assembly requested the Secretary-General to act.", []),
    ("UNODC Executive Director, Yury Fedotov, underscored the links between the rule of law and justice.", [("UNODC", None)]),
    ("It was noted that the Convention had many parties.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), NARRATIVE)
def test_narrative_statement_forms(extractor: StatementExtractor, sentence: str, expected: list) -> None:
    found = [(name.text, capacity) for name, capacity, _ in extractor.parse_narrative(clean(sentence))]
    assert found == expected


def test_an_office_in_a_list_names_its_actor_and_the_holder_is_no_actor(extractor: StatementExtractor) -> None:
    sentence = ("The session opened with statements from the Executive Director of UNODC, Ghada Waly; the Minister of "
                "Justice of Austria, Alma Zadic; and the Chair of the Alliance of NGOs on Crime Prevention and Criminal "
                "Justice, Anna Alvazzi del Frate.")
    found = [(name.text, capacity) for name, capacity in extractor.parse_statement_sentence(clean(sentence))]
    assert found == [("UNODC", None), ("Austria", "representative"),
                     ("the Alliance of NGOs on Crime Prevention and Criminal Justice", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Statement of the Republic of Austria on behalf of the European Union\n\nMadam Chair,\n\n"
     "I have the honour to speak on behalf of the European Union and its member States.\n",
     ("Republic of Austria", "representative")),
    ("STATEMENT OF THE GROUP OF AFRICAN STATES AT THE TWENTIETH SESSION, DELIVERED BY H.E. MS. A. BANDA, "
     "PERMANENT REPRESENTATIVE OF ZAMBIA\n\nMr. Chair,\n\nThe Group welcomes the report before the Commission.\n",
     ("ZAMBIA", "representative")),
    ("EU Statement at the thematic debate of the Commission\n\nChair,\n\nThe European Union supports the "
     "Kyoto Declaration.\n", ("EU", "observer")),
    ("Opening Statement Canada Twentieth Commission on Crime Prevention and Criminal Justice\n\n"
     "Delivered by Jane Roe, Head of Delegation\n\nThank you, Chair.\n", ("Canada", "representative")),
])
def test_a_text_that_is_a_statement_names_its_speaker(extractor: StatementExtractor, text: str, expected: tuple) -> None:
    from kg.structure import parse_report

    facts = list(extractor.statement_document(parse_report(text, "statement.txt")))
    assert [(f.name, f.capacity) for f in facts] == [expected]
    assert facts[0].evidence.quote == expected[0]


def test_a_report_that_mentions_a_statement_is_no_statement_document(extractor: StatementExtractor) -> None:
    from kg.structure import parse_report

    text = "The Commission heard a statement.\n\nIt adopted its agenda.\n"
    assert list(extractor.statement_document(parse_report(text, "r.txt"))) == []
