"""The block reader: texts without numbered paragraphs cut into paragraphs, headings and list lines."""

from __future__ import annotations

import pytest

from kg.structure import NoReportStructure, parse_report


def blocks(text: str) -> list[tuple[str, str]]:
    report = parse_report(text, "doc.txt")
    assert report.layout == "blocks"
    return [(b.kind, b.clean.text) for b in report.blocks]


def test_blank_lines_part_paragraphs_and_wrapped_lines_join() -> None:
    text = ("The Commission met in Vienna to review the work of the year and\n"
            "to prepare the next Congress on crime prevention and criminal\n"
            "justice.\n\n"
            "It adopted its report on the last day of the session.\n")
    assert blocks(text) == [
        ("paragraph", "The Commission met in Vienna to review the work of the year and to prepare the next Congress on "
                      "crime prevention and criminal justice."),
        ("paragraph", "It adopted its report on the last day of the session."),
    ]


def test_a_sentence_that_ends_a_short_line_ends_its_paragraph() -> None:
    text = ("The Commission held a thematic discussion on the use and application of the\n"
            "standards and norms in crime prevention and criminal justice during its\n"
            "third and fourth meetings.\n"
            "The discussion was opened by a panel of six experts from all regions of the\n"
            "world, who presented national practices.\n")
    assert [kind for kind, _ in blocks(text)] == ["paragraph", "paragraph"]


def test_each_line_of_an_unwrapped_text_is_a_paragraph() -> None:
    text = ("VIENNA, 20 May (UN Information Service) - The Commission on Crime Prevention and Criminal Justice "
            "opened its twenty-eighth session today with a call to put victims at the centre of justice systems.\n"
            "The Minister of Justice of Italy said that cooperation remained essential.\n"
            "The representative of Egypt stressed the need for technical assistance.\n")
    assert [kind for kind, _ in blocks(text)] == ["paragraph", "paragraph", "paragraph"]


def test_an_indented_line_after_a_full_stop_opens_a_paragraph() -> None:
    text = ("The Conference considered the question of technical assistance at length and\n"
            "adopted two decisions on the subject at its final meeting that day.\n"
            "    The secretariat introduced the documents on the review mechanism in detail.\n")
    assert [kind for kind, _ in blocks(text)] == ["paragraph", "paragraph"]


def test_headings_are_found_by_their_form() -> None:
    text = ("Attendance\n\n"
            "The session was attended by many delegations from all regions of the world.\n\n"
            "II. GENERAL DEBATE\n\n"
            "The general debate was held over three days in the plenary hall of the centre.\n")
    kinds = blocks(text)
    assert kinds[0] == ("heading", "Attendance") and kinds[2] == ("heading", "II. GENERAL DEBATE")
    report = parse_report(text, "doc.txt")
    assert [s.title for s in report.sections] == ["Attendance", "II. GENERAL DEBATE"]
    assert report.paragraphs[1].section is report.sections[1]


def test_a_date_line_is_not_a_heading() -> None:
    assert blocks("14 May 2018\n\nThe Commission opened its session today in Vienna.\n")[0] == ("paragraph", "14 May 2018")


def test_lines_under_a_colon_are_the_list_of_that_paragraph() -> None:
    text = ("The following States were represented:\n\n"
            "- Algeria\n- Canada\n- Thailand\n\n"
            "The meeting then adopted its agenda without a vote.\n")
    report = parse_report(text, "doc.txt")
    assert [p.text for p in report.paragraphs] == ["The following States were represented:",
                                                   "The meeting then adopted its agenda without a vote."]
    assert [i.text for i in report.paragraphs[0].items] == ["Algeria", "Canada", "Thailand"]


def test_a_word_broken_at_a_line_end_is_made_whole_and_offsets_stay_exact() -> None:
    text = ("The delegations of Czecho-\nslovakia and Guinea-\nBissau took the floor in the debate on the item of the\n"
            "agenda concerning crime prevention.\n")
    report = parse_report(text, "doc.txt")
    paragraph = report.paragraphs[0]
    assert "Czechoslovakia and Guinea-Bissau" in paragraph.text
    for char, offset in zip(paragraph.text, paragraph.clean.offsets):
        if char != " ":
            assert text[offset] == char


def test_a_text_of_any_layout_is_read_and_only_a_text_without_words_refused() -> None:
    assert parse_report("milk\neggs\nbread\n", "list.md").paragraphs
    with pytest.raises(NoReportStructure):
        parse_report("***\n\n---\n", "rule.md")
