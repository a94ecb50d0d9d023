"""Laid-out pages into a plain report's text: furniture out, numbers kept with their paragraphs, paragraphs cut
by a page break joined, superscript note numbers and footnotes set apart, headings marked."""

from __future__ import annotations

from kg.read.furniture import Furniture
from kg.read.layout import lay_out
from kg.read.lines import Page, Segment

W, H, SIZE, PITCH = 595.0, 842.0, 10.0, 12.0


RIGHT = 500.0  # where justified lines end


def _line(text: str, x0: float, base: float, size: float = SIZE, bold: bool = False, full: bool = False) -> Segment:
    """A run of ``text``; ``full``: a justified line of a paragraph that goes on, ending at the right margin."""
    return Segment(text, x0, RIGHT if full else x0 + len(text) * size * 0.45, base, size, bold)


def _page(number: int, lines: list[Segment]) -> Page:
    return Page(number, W, H, lines)


def test_two_pages_of_a_report() -> None:
    first = _page(1, [
        _line("A/CONF.241/RPM.9/L.1", 380, 800, 14),
        _line("II.", 60, 700, bold=True), _line("Recommendations", 90, 700, bold=True),
        _line("7.", 90, 680),
        _line("Statements were made by the representatives of Argentina, Brazil, Chile and", 120, 680, full=True),
        _line("the observers for the European Union", 120, 680 - PITCH),
        Segment("1", 120 + 36 * 4.5 + 1, 120 + 36 * 4.5 + 4, 680 - PITCH + 4, 6.0),
        _line("and INTERPOL. Speakers also noted the impor-", 120 + 36 * 4.5 + 6, 680 - PITCH, full=True),
        _line("1 Also on behalf of its member States.", 60, 90, 8),
        _line("V.25-01234 (E)    060225    070225", 60, 50, 8),
        _line("*2501234*", 60, 38, 12),
    ])
    second = _page(2, [
        _line("A/CONF.241/RPM.9/L.1", 60, 800, 10),
        _line("tance of cooperation with civil society and academia in the region and", 120, 740, full=True),
        _line("beyond its borders, of equal importance.", 120, 740 - PITCH),
        _line("(a)", 160, 740 - 2 * PITCH - 8), _line("Strengthen cooperation;", 200, 740 - 2 * PITCH - 8),
        _line("2/5", 60, 50, 8), _line("V.25-01234", 480, 50, 8),
    ])
    laid = lay_out([first, second], Furniture.load())
    assert laid.text == (
        "A/CONF.241/RPM.9/L.1\n\n"
        "### II. Recommendations\n\n"
        "7. Statements were made by the representatives of Argentina, Brazil, Chile and the observers for the "
        "European Union[^1] and INTERPOL. Speakers also noted the importance of cooperation with civil society "
        "and academia in the region and beyond its borders, of equal importance.\n\n"
        "(a) Strengthen cooperation;\n\n"
        "[^1]: Also on behalf of its member States.\n")
    assert laid.dropped == 5  # the running header of page 2, the job numbers, the barcode, the page counter
    starts = dict(laid.pages)
    second_page = laid.text.index("tance of cooperation") - len("impor")
    assert laid.pages[0] == (0, 1) and laid.pages[-1][1] == 1  # the footnote, at the end, is page 1's
    assert any(page == 2 and second_page - 5 <= offset <= second_page + 5 for offset, page in laid.pages), starts


def test_a_new_paragraph_after_a_short_line_and_a_heading_that_repeats_nowhere() -> None:
    page = _page(1, [
        _line("The Meeting was opened on 4 February.", 90, 700),
        _line("The Chair made a statement on the work of the Meeting before it and on its agenda.", 90, 700 - PITCH,
              full=True),
        _line("Summary of deliberations", 60, 670, bold=True),
    ])
    assert lay_out([page]).text == (
        "The Meeting was opened on 4 February.\n\n"
        "The Chair made a statement on the work of the Meeting before it and on its agenda.\n\n"
        "### Summary of deliberations\n")


def test_furniture_forms() -> None:
    kind = Furniture.load().kind
    assert kind("A/CONF.241/RPM.1/L.1/Add.4") == "symbol"
    assert kind("E/CN.15/2025/1") == "symbol"
    assert kind("V.25-01234 (E)") == "job_number"
    assert kind("GE.24-12345 (E)    060224    070224") == "job_number"
    assert kind("*2501234*") == "barcode"
    assert kind("2/17") == "page_number"
    assert kind("- 3 -") == "page_number"
    assert kind("2/17    V.25-01234") == "furniture"
    assert kind("Statements were made by 12 States.") is None
