"""The reader on each of the five formatting variants of the bundled corpus."""

from __future__ import annotations

import pytest

from kg.read import read_source
from kg.structure import parse_report
from tests.conftest import CORPUS

FILES = {
    "plain_bullets": "000_f29162a344c7f65f.txt",
    "markdown_final": "001_0c7b10fadacc8b35.txt",
    "markdown_footnote": "002_bba04487c98bd190.txt",
    "plain": "003_681c875d0e20b629.txt",
    "fused_headings": "004_fb9608fcd46e22f9.txt",
}


def load(variant: str):
    source = read_source(CORPUS / FILES[variant])
    return parse_report(source.text, source.path)


def recs_by_item(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rec in report.recommendations:
        out.setdefault(rec.section.rpm_item, []).append(rec.letter)
    return out


@pytest.mark.parametrize("variant", FILES)
def test_offsets_point_into_the_source(variant: str) -> None:
    report = load(variant)
    for unit in [p.clean for p in report.paragraphs] + [r.clean for r in report.recommendations]:
        for char, offset in zip(unit.text, unit.offsets):
            if char != " ":
                assert report.source[offset] == char
        start, end = unit.source_span()
        # The span starts and ends on the first and last character of the text.
        assert report.source[start] == unit.text[0] and report.source[end - 1] == unit.text[-1]


@pytest.mark.parametrize("variant", FILES)
def test_no_markup_survives(variant: str) -> None:
    report = load(variant)
    texts = [p.text for p in report.paragraphs] + [r.text for r in report.recommendations]
    for text in texts:
        for debris in ("**", "<sup>", "<a ", "</a>", "](#)", "<i>", "\n", "- ("):
            assert debris not in text, (debris, text[:80])


def test_plain_draft_with_bullets() -> None:
    report = load("plain_bullets")
    meta = report.metadata
    assert (meta.kind, meta.distribution_date, meta.venue) == ("draft_addendum", "2025-02-06", "San José")
    assert (meta.start_date, meta.end_date) == ("2025-02-04", "2025-02-06")
    assert (meta.rapporteur.name, meta.rapporteur.state) == ("Rodrigo Bertoglio Cardoso", "Brazil")
    assert [p.number for p in report.paragraphs] == list(range(1, 9))
    assert recs_by_item(report) == {"5(d)": list("abcdefgh")}
    section = report.recommendations[0].section
    assert (section.congress_item, section.workshop, section.heading_number) == (6, 4, "4")
    assert report.recommendations[0].text.startswith("Strengthen mechanisms for international legal cooperation,")


def test_markdown_final_report() -> None:
    report = load("markdown_final")
    meta = report.metadata
    assert meta.kind == "final_report" and not meta.is_draft and meta.distribution_date is None
    assert (meta.venue, meta.start_date, meta.end_date) == ("San José", "2025-02-04", "2025-02-06")
    assert [p.number for p in report.paragraphs] == list(range(1, 96))
    counts = {item: len(letters) for item, letters in recs_by_item(report).items()}
    assert counts == {"4": 12, "5(a)": 15, "5(b)": 19, "5(c)": 12, "5(d)": 8}
    paragraphs = {p.number: p for p in report.paragraphs}
    # A list split by a page break is one paragraph.
    assert "Dominican Republic, Ecuador, France, Guatemala" in paragraphs[50].text
    # The adopted agenda's numbered lines are items of paragraph 92, not paragraphs.
    assert [i.marker for i in paragraphs[92].items][:5] == ["1.", "2.", "3.", "4.", "5."]
    assert report.agenda["congress:3"] == "5(a)" and report.agenda["main"] == "4"
    rec_b = next(r for r in report.recommendations if r.section.rpm_item == "5(c)" and r.letter == "b")
    assert "consider making use of innovative technological tools" in rec_b.text
    assert "[56/119](#)" not in paragraphs[1].text and "resolution 56/119" in paragraphs[1].text


def test_markdown_draft_with_footnote() -> None:
    report = load("markdown_footnote")
    paragraphs = {p.number: p for p in report.paragraphs}
    assert paragraphs[3].text == (
        "A statement was made by the representative of the European Union, in her capacity as observer."
    )
    assert "Also on behalf" not in paragraphs[6].text
    assert "were identified, including for joint investigation" in paragraphs[6].text
    assert report.footnotes[0].text.startswith("Also on behalf of the States Members")
    assert recs_by_item(report) == {"5(d)": list("abcdefghijklmn")}


def test_plain_draft_page_breaks() -> None:
    report = load("plain")
    assert report.metadata.distribution_date == "2025-02-05"
    rec_n = next(r for r in report.recommendations if r.letter == "n")
    assert "and address corruption within criminal justice systems" in rec_n.text
    section = report.paragraphs[0].section
    assert (section.rpm_item, section.congress_item, section.workshop) == ("5(a)", 3, 1)


def test_fused_headings_and_late_section_heading() -> None:
    report = load("fused_headings")
    meta = report.metadata
    assert meta.region_phrase == "Asia and Pacific" and meta.is_draft and meta.kind == "draft_addendum"
    assert (meta.rapporteur.name, meta.rapporteur.state) == ("Sheraz Ali", "Pakistan")
    assert (meta.venue, meta.start_date) == ("Bangkok", "2025-01-21")
    # Paragraph 1 stands before the section heading but belongs to its section.
    first = report.paragraphs[0]
    assert first.number == 1 and first.section.rpm_item == "5(d)"
    assert (first.section.congress_item, first.section.workshop) == (6, 4)
    assert all(p.section is first.section for p in report.paragraphs)
    assert recs_by_item(report) == {"5(d)": list("abcdefghijkl")}
    rec_j = next(r for r in report.recommendations if r.letter == "j")
    assert "recent research in order to increase" in rec_j.text
