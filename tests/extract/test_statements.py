"""Statement sentences in every form the reports use, parsed into (name, capacity)."""

from __future__ import annotations

import pytest

from kg.extract.statements import StatementExtractor
from kg.lexicon import load_lexicon
from kg.model import CleanText


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
    ("The Minister of Justice of Costa Rica made a statement.", []),
    ("Statements were made by the representatives of the following States: Japan, India and Thailand.",
     [("Japan", "representative"), ("India", "representative"), ("Thailand", "representative")]),
    ("An introductory presentation was delivered by a representative of the Secretariat.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_statement_sentence_forms(extractor: StatementExtractor, sentence: str, expected: list) -> None:
    found = [(name.text, capacity) for name, capacity in extractor.parse_statement_sentence(clean(sentence))]
    assert found == expected
