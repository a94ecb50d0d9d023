"""Instruments by full and short names, revisions in time, and resolutions in their older numbering."""

from __future__ import annotations

import pytest

from kg.extract.instruments import InstrumentExtractor
from kg.reference.loading import load_lexicon
from kg.structure import parse_report


@pytest.fixture(scope="module")
def extractor() -> InstrumentExtractor:
    return InstrumentExtractor(load_lexicon())


def keys(extractor: InstrumentExtractor, text: str, held: str = "Vienna, 20-24 May 2019") -> list[str]:
    document = f"Twenty-eighth session of the Commission on Crime Prevention and Criminal Justice, {held}\n\n{text}\n"
    return sorted({f.key for f in extractor.extract(parse_report(document, "doc.txt"))})


@pytest.mark.parametrize(("text", "expected"), [
    ("The Beijing Rules, the Tokyo Rules and the Riyadh Guidelines were recalled.",
     ["BEIJING_RULES", "RIYADH_GUIDELINES", "TOKYO_RULES"]),
    ("Speakers referred to the Caracas Declaration, the Milan Plan of Action and the Model Treaty on Extradition.",
     ["CARACAS_DECLARATION", "MILAN_PLAN_OF_ACTION", "MODEL_TREATY_EXTRADITION"]),
    ("The Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first Century, the Bangkok "
     "Declaration, the Salvador Declaration, the Doha Declaration and the Kyoto Declaration were cited.",
     ["BANGKOK_DECLARATION", "DOHA_DECLARATION", "KYOTO_DECLARATION", "SALVADOR_DECLARATION",
      "VIENNA_DECLARATION_CRIME_JUSTICE"]),
    ("Work on the draft comprehensive convention on international terrorism went on.",
     ["DRAFT_COMPREHENSIVE_TERRORISM_CONVENTION"]),
    # Treaties of neighbouring fields (instruments_related.csv), titles with commas in them whole.
    ("States should apply the Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and "
     "Transfer of Ownership of Cultural Property and the Agreement on Port State Measures to Prevent, Deter and "
     "Eliminate Illegal, Unreported and Unregulated Fishing.",
     ["PORT_STATE_MEASURES_AGREEMENT", "UNESCO_1970_CONVENTION"]),
    ("Parties to CITES, the Basel Convention and the Bamako Convention were encouraged to act.",
     ["BAMAKO_CONVENTION", "BASEL_CONVENTION", "CITES"]),
    ("The report cites the Montreal Protocol.", ["MONTREAL_PROTOCOL"]),  # the verb is no acronym
    ("Flag States should apply UNCLOS, the SUA Convention, the International Convention for the Prevention of "
     "Pollution from Ships and the Work in Fishing Convention, 2007 (No. 188).",
     ["ILO_WORK_IN_FISHING_CONVENTION", "MARPOL", "SUA_CONVENTION", "UNCLOS"]),
])
def test_names_of_the_field(extractor: InstrumentExtractor, text: str, expected: list[str]) -> None:
    assert keys(extractor, text) == expected


def test_the_revised_rules_are_one_instrument_and_an_older_text_names_what_they_revised(
        extractor: InstrumentExtractor) -> None:
    sentence = "The United Nations Standard Minimum Rules for the Treatment of Prisoners (the Nelson Mandela Rules) apply."
    assert keys(extractor, sentence) == ["NELSON_MANDELA_RULES"]
    assert keys(extractor, sentence.replace(" (the Nelson Mandela Rules)", ""), held="Geneva, 1-12 September 1975") == [
        "STANDARD_MINIMUM_RULES_1955"]


def test_resolutions_old_and_new_and_whose_they_are(extractor: InstrumentExtractor) -> None:
    text = ("Recalling General Assembly resolution 3452 (XXX), Economic and Social Council resolution 663 C (XXIV), "
            "resolutions 1984/47 and 1984/50 of the Economic and Social Council and Commission resolution 27/3.")
    assert keys(extractor, text) == ["CCPCJ_RES_27_3", "ECOSOC_RES_1984_47", "ECOSOC_RES_1984_50",
                                     "ECOSOC_RES_663_C_XXIV", "GA_RES_3452_XXX"]
    # "its resolution": the body the sentence names, else the document's own (the Commission here).
    assert keys(extractor, "Recalling its resolution 26/2, the Commission met.") == ["CCPCJ_RES_26_2"]
    assert keys(extractor, "The Commission took note of its resolution 25/1.") == ["CCPCJ_RES_25_1"]
