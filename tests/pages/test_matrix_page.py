"""The cross-regional matrix: CSV and HTML agree with theme_matrix.rq, in a real browser too."""

from __future__ import annotations

import base64
import csv
import hashlib
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
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
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
    shown = {(theme, label_of[meeting]): int(text.split()[0]) for theme, meeting, text in cells}
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


def _meeting_totals(store) -> dict[str, int]:
    """Each meeting's recommendations as theme_matrix.rq counts them, themed or not."""
    rows = run_query(store, """PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        SELECT ?meeting (COUNT(DISTINCT ?r) AS ?n) WHERE {
          ?r a ckg:Recommendation ; ckg:meeting ?meeting . FILTER NOT EXISTS { ?x ckg:draftVersion ?r } }
        GROUP BY ?meeting""").values()
    return {r["meeting"]: int(r["n"]) for r in rows}


def test_each_cell_gives_its_share_of_the_meetings_recommendations(browser, built_exports: Path, store) -> None:
    """One meeting with many recommendations does not hide the others: each count has its share beside it, and
    the heading says out of how many."""
    totals = _meeting_totals(store)
    assert max(totals.values()) > 3 * min(totals.values())  # the corpus has meetings of very different sizes
    page = browser.new_page()
    page.goto((built_exports / "theme_matrix.html").as_uri())
    heads = page.eval_on_selector_all("#matrix thead th[data-meeting]",
                                      "els => els.map(e => [e.dataset.meeting, e.querySelector('.total').innerText])")
    assert {meeting: text for meeting, text in heads} == {m: f"of {n}" for m, n in totals.items()}
    cells = page.eval_on_selector_all(
        "#matrix td[data-meeting]", "els => els.map(e => [e.dataset.meeting, e.innerText.trim().split(/\\s+/)])")
    shares = 0
    for meeting, words in cells:
        count = int(words[0])
        if count:
            assert words[1] == f"{count / totals[meeting]:.0%}", (meeting, words)
            shares += 1
        else:
            assert words == ["0"]
    assert shares > 30
    page.close()


def test_sorting_by_a_column_orders_the_themes(browser, built_exports: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((built_exports / "theme_matrix.html").as_uri())
    themes = "els => els.map(e => e.querySelector('th').innerText)"
    first = page.eval_on_selector_all("#matrix tbody tr", themes)
    europe = '#matrix thead th[data-meeting$="europe-2025"]'
    page.click(f"{europe} button")
    assert page.get_attribute(europe, "aria-sort") == "descending"
    counts = page.eval_on_selector_all(
        '#matrix tbody td[data-meeting$="europe-2025"]', "els => els.map(e => Number(e.dataset.count))")
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    page.click(f"{europe} button")
    counts = page.eval_on_selector_all(
        '#matrix tbody td[data-meeting$="europe-2025"]', "els => els.map(e => Number(e.dataset.count))")
    assert counts == sorted(counts) and page.get_attribute(europe, "aria-sort") == "ascending"
    page.click("#matrix thead th:first-child button")  # by theme: back to the alphabetical order
    assert page.eval_on_selector_all("#matrix tbody tr", themes) == first
    assert errors == []  # the script runs under the page's own Content-Security-Policy
    page.close()


def test_the_page_allows_no_script_but_its_own() -> None:
    html = matrix_html(Matrix([], [], {})).decode("utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert html.count("<script") == 1 and not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline handlers
