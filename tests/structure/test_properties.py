"""Property-based tests of the reader: no crash on any text, and every offset points at its character."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.extract import extract_facts
from kg.reference.loading import load_lexicon
from kg.structure import NoReportStructure, parse_report

LEXICON = load_lexicon()

# Lines shaped like the parts of a report, with the markup conversions leave behind.
LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from([
        "II. Recommendations (*continued*)", "B. Substantive items and workshops – Agenda item 5 (a)",
        "**Summary of deliberations**", "### **Outcome of deliberations**", "---", "<sup>1</sup> A footnote.",
        "Distr.: Limited", "5 February 2025", "Rapporteur: Ana Silva (Brazil)", "Draft report", "Addendum",
        "The following recommendations were identified:", "*Chair:* Li Wei (China)",
    ]),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(0, 120), st.text(max_size=60)),
    st.builds(lambda c, t: f"({c}) {t}", st.sampled_from("abcdefghijz"), st.text(max_size=60)),
    st.builds(lambda n, t: f"- {n}. {t} (agenda item 3); and x (workshop 1)", st.integers(1, 5), st.text(max_size=30)),
    st.builds(lambda t: f"Statements were made by the representatives of {t} and Chile.", st.text(max_size=40)),
)
DOCUMENT = st.lists(st.tuples(LINE, st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n"])), max_size=40).map(
    lambda parts: "".join(line + sep for line, sep in parts)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
@example("Statement were made by representative of ,;a\n")  # a piece of punctuation alone between semicolons
def test_reader_never_crashes_and_offsets_hold(text: str) -> None:
    try:
        report = parse_report(text, "generated.txt")
    except NoReportStructure:
        return
    units = [p.clean for p in report.paragraphs] + [r.clean for r in report.recommendations]
    units += [b.clean for b in report.blocks]
    for unit in units:
        for char, offset in zip(unit.text, unit.offsets):
            assert 0 <= offset < len(text)
            if char != " " and text[offset] != "&":
                assert text[offset] == char
    for fact in extract_facts(report, LEXICON):
        evidence = fact.evidence
        assert text[evidence.start : evidence.end] == evidence.quote
