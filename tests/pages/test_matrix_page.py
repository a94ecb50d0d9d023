"""The cross-regional matrix: CSV and HTML agree with theme_matrix.rq, in a real browser too."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kg.pages.matrix import Cell, Matrix, matrix_html
from kg.rdf.query import run_query

QUERIES = Path(__file__).resolve().parents[2] / "queries"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _query_counts(store) -> dict[tuple[str, str], int]:
    rows = run_query(store, (QUERIES / "theme_matrix.rq").read_text(encoding="utf-8")).values()
    assert rows and all(set(r) >= {"theme", "theme_label", "meeting_label", "recommendations"} for r in rows)
    return {(r["theme"], r["meeting_label"]): int(r["recommendations"]) for r in rows}


def test_csv_counts_equal_the_query(built_exports: Path, store) -> None:
    counts = _query_counts(store)
    text = (built_exports / "theme_matrix.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    meetings = header[3::2]
    assert len(meetings) == 3 and all(h.endswith(": recommendations") for h in header[4::2])
    seen = {}
    for row in reader:
        for k, meeting in enumerate(meetings):
            count, listed = int(row[3 + 2 * k]), row[4 + 2 * k]
            seen[(row[0], meeting)] = count
            assert count == (len(listed.split("; ")) if listed else 0)
        assert int(row[2]) == sum(int(row[3 + 2 * k]) for k in range(len(meetings)))
    assert {k: v for k, v in seen.items() if v} == counts


def test_a_draft_recommendation_with_a_final_version_is_not_counted_twice(built_exports: Path) -> None:
    text = (built_exports / "theme_matrix.csv").read_text(encoding="utf-8")
    assert "000_f29162a344c7f65f.txt" not in text and "003_681c875d0e20b629.txt" not in text
    assert "002_bba04487c98bd190.txt" in text and "004_fb9608fcd46e22f9.txt" in text


def test_page_is_self_contained_and_escaped() -> None:
    theme, meeting = "https://example.org/theme/x", "https://example.org/meeting/m"
    cell = Cell(1, [{"document_file": "a<b>.txt", "rpm_item": "5(a)", "letter": "a",
                     "text": "<script>alert(1)</script> & more", "matched_terms": "x"}])
    html = matrix_html(Matrix([(theme, "Theme <X>")], [(meeting, "Meeting & Co", "")], {(theme, meeting): cell}))
    page = html.decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Theme &lt;X&gt;" in page and "Meeting &amp; Co" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_matrix_page_in_chromium_shows_the_query_counts(browser, built_exports: Path, store) -> None:
    counts = _query_counts(store)
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built_exports / "theme_matrix.html").as_uri())
    assert page.title() == "Cross-regional matrix: themes by meeting"
    meetings = page.eval_on_selector_all(
        "#matrix thead th[data-meeting]", "els => els.map(e => [e.dataset.meeting, e.title])")
    label_of = dict(meetings)
    cells = page.eval_on_selector_all(
        "#matrix td[data-count]", "els => els.map(e => [e.dataset.theme, e.dataset.meeting, e.innerText.trim()])")
    shown = {(theme, label_of[meeting]): int(text) for theme, meeting, text in cells}
    assert {k: v for k, v in shown.items() if v} == counts
    assert all(v == 0 for k, v in shown.items() if k not in counts)
    themes = page.eval_on_selector_all("#matrix tbody tr", "els => els.length")
    assert themes >= 20
    # Opening a cell lists as many recommendations as its count.
    key = max(counts, key=counts.get)
    meeting_iri = next(iri for iri, label in label_of.items() if label == key[1])
    selector = f'td[data-theme="{key[0]}"][data-meeting="{meeting_iri}"]'
    page.click(f"{selector} summary")
    items = page.locator(f"{selector} ul.recs li")
    assert items.count() == counts[key]
    assert items.first.is_visible()
    assert all(u.startswith("file://") for u in requests)
    page.close()
