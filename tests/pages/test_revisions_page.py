"""exports/revisions.html: one row per aligned pair with its word-level diff, escaped, readable in a browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.enrich.align import word_diff
from kg.pages.revisions import diff_html, revisions_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_diff_html_marks_removed_and_added_words_and_escapes() -> None:
    html = diff_html(word_diff("consider the creation of a <centre>", "and consider establishing a <centre>"))
    assert html == "<ins>and</ins> consider <del>the creation of</del> <ins>establishing</ins> a &lt;centre&gt;"


def test_page_escapes_everything_it_is_given() -> None:
    row = {"draft_file": "d.txt", "final_file": "f.txt", "rpm_item": "5(d)", "letter_draft": "a", "letter_final": "b",
           "status": "reworded", "similarity": "0.9", "draft_recommendation": "x", "final_recommendation": "y",
           "draft_text": "Use <b>tools</b>", "final_text": "Use <b>new tools</b> & more"}
    page = revisions_html([row], []).decode("utf-8")
    assert "<b>" not in page
    assert "<ins>new</ins>" in page and "&amp; more" in page


def test_revisions_page_in_chromium(built_exports: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto((built_exports / "revisions.html").as_uri())
        headings = page.locator("h2").all_inner_texts()
        assert "000_f29162a344c7f65f.txt → 001_0c7b10fadacc8b35.txt, agenda item 5(d)" in headings
        assert "003_681c875d0e20b629.txt → 001_0c7b10fadacc8b35.txt, agenda item 5(a)" in headings
        assert page.locator("tr.pair").count() == 23
        assert page.locator('tr.pair[data-status="kept"]').count() >= 2
        row = page.locator('tr.pair[data-draft$="000_f29162a344c7f65f/recommendation/5d/b"]')
        assert row.locator("del").all_inner_texts() == [",", "the creation of"]
        assert row.locator("ins").all_inner_texts() == ["and", "establishing"]
        browser.close()
