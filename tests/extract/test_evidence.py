"""Evidence keeps the verbatim quote at its source offsets, and the sentence around it as prefix and suffix."""

from __future__ import annotations

from pathlib import Path

from kg.extract.facts import Evidence, StatementFact
from kg.extract.statements import StatementExtractor
from kg.reference.loading import load_lexicon
from kg.structure import parse_report

# A real excerpt of 004 (paragraph 1), with markup the clean text drops.
TITLE = "Asia and Pacific Regional Preparatory Meeting for the Fifteenth United Nations Congress on Crime Prevention"
EXCERPT = f"""General Assembly

{TITLE} and Criminal Justice

Bangkok, 21–23 January 2025

Draft report

II. Recommendations

1. Statements were made by the representatives of **Thailand**, Indonesia, Australia and Viet Nam.
"""


def _report(tmp_path: Path):
    path = tmp_path / "excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    return parse_report(EXCERPT, path)


def test_statement_evidence_quotes_the_name_and_keeps_its_sentence(tmp_path: Path) -> None:
    report = _report(tmp_path)
    facts = [f for f in StatementExtractor(load_lexicon()).extract(report) if isinstance(f, StatementFact)]
    by_name = {f.name: f.evidence for f in facts}
    assert set(by_name) == {"Thailand", "Indonesia", "Australia", "Viet Nam"}
    for name, ev in by_name.items():
        assert EXCERPT[ev.start : ev.end] == ev.quote == name
        assert ev.paragraph_number == 1
        passage = ev.prefix + ev.quote + ev.suffix
        # The passage is the source sentence itself, markup included, at the place the offsets give.
        assert EXCERPT[ev.start - len(ev.prefix) : ev.end + len(ev.suffix)] == passage
        assert passage == ("Statements were made by the representatives of **Thailand**, Indonesia, Australia "
                           "and Viet Nam.")


def test_evidence_without_context_has_no_prefix_or_suffix(tmp_path: Path) -> None:
    report = _report(tmp_path)
    paragraph = report.paragraphs[0]
    ev = Evidence.of(report, paragraph.clean, paragraph.number)
    assert ev.prefix == ev.suffix == ""
    assert EXCERPT[ev.start : ev.end] == ev.quote
    assert ev.quote.startswith("Statements were made") and ev.quote.endswith("Viet Nam.")
