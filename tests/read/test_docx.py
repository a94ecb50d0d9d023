"""Word documents: paragraphs and tables in order, Word's list numbers written out, footnotes apart,
headers and footers left out."""

from __future__ import annotations

import re
from pathlib import Path

from kg.read import read_source


def test_word_numbering_is_written_out_as_typed_numbers_are(rendered) -> None:  # type: ignore[no-untyped-def]
    typed = read_source(rendered["docx"][3]).text
    numbered = read_source(rendered["docx-numbered"][3]).text
    assert numbered == typed
    assert "\n\n11. The following recommendations, which were not negotiated by the participants, were identified:" \
           "\n\n(a) Support new research" in numbered


def test_headers_and_footers_are_left_out_and_the_masthead_kept(rendered) -> None:  # type: ignore[no-untyped-def]
    text = read_source(rendered["docx"][2]).text
    assert "V.25-" not in text and "*25" not in text  # the job number and barcode of the footers
    assert text.count("A/CONF.241/RPM.") == 1  # the masthead's symbol, not the running header's
    assert text.startswith("United Nations\n\nA/CONF.241/RPM.3/L.1/Add.3\n\n### General Assembly\n\nDistr.: Limited")


def test_footnotes_are_set_apart_at_the_end(rendered) -> None:  # type: ignore[no-untyped-def]
    text = read_source(rendered["docx"][2]).text
    assert "the European Union,[^1] in her capacity as observer." in text
    assert text.rstrip().endswith("[^1]: Also on behalf of the States Members of the United Nations that are members "
                                  "of the European Union.")


def test_headings_by_style_or_by_bold(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Annex", level=1)
    document.add_paragraph().add_run("Summary of deliberations").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Rapporteur: ").bold = True
    mixed.add_run("Sheraz Ali (Pakistan)")
    document.add_paragraph("1.\tA typed number and a tab.")
    document.add_paragraph("First item", style="List Number")
    document.add_paragraph("Second item", style="List Number")
    path = tmp_path / "styles.docx"
    document.save(path)
    blocks = read_source(path).text.rstrip("\n").split("\n\n")
    assert blocks[:4] == ["### Annex", "### Summary of deliberations", "Rapporteur: Sheraz Ali (Pakistan)",
                          "1. A typed number and a tab."]
    assert [re.sub(r"^\d+\. ", "N. ", b) for b in blocks[4:6]] == ["N. First item", "N. Second item"]
    assert blocks[4].startswith("1. ") and blocks[5].startswith("2. ")
