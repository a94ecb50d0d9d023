"""The synthesis page: its points are the query's clusters, every quote links to its paragraph, and Chromium opens it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

from kg.rdf.query import run_query
from kg.synthesis.page import synthesis_html
from kg.synthesis.points import Item, Point, Quote

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def query(store, name: str) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")).values()


def test_the_page_shows_each_cluster_of_the_query_with_its_members(built_exports: Path, store) -> None:
    html = (built_exports / "synthesis.html").read_text(encoding="utf-8")
    clusters: dict[str, int] = {}
    for row in query(store, "commitment_clusters"):
        clusters[row["cluster"]] = clusters.get(row["cluster"], 0) + 1
    shown = re.findall(r'<div class="point" data-cluster="([^"]+)">(.*?)</div>', html, flags=re.S)
    assert clusters and {c: block.count('<li class="quote">') for c, block in shown} == clusters
    alone = html.count('<div class="alone">')
    assert alone and html.count('<li class="quote">') == sum(clusters.values()) + len(query(store, "single_region_points"))


def test_every_quote_links_to_its_recommendation_on_a_source_page(built_exports: Path) -> None:
    html = (built_exports / "synthesis.html").read_text(encoding="utf-8")
    targets = re.findall(r'<a class="source" href="([^"]+)">', html)
    assert targets and len(targets) == html.count('<li class="quote">')
    for target in set(targets):
        page, anchor = urldefrag(target)
        source = (built_exports / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in source, target


def test_text_is_escaped_and_nothing_is_fetched() -> None:
    quote = Quote("Region <b>", "M", "a.txt", "3", "a", "<script>alert(1)</script>", "sources/a.html#r-5d-a")
    html = synthesis_html([Item("X", "6", {"5(d)"}, [Point("urn:x", "Label & co", "0.5", ["t<"], [quote, quote])])])
    page = html.decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "Label &amp; co" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_chromium_opens_the_page_without_error_and_follows_a_quote(chromium_browser, built_exports: Path) -> None:
    page = chromium_browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built_exports / "synthesis.html").as_uri())
    assert page.title() == "Cross-regional synthesis of the recommendations"
    assert page.locator("div.point").count() >= 3
    first = page.locator("div.point a.source").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    anchor = urldefrag(target).fragment
    assert page.url.endswith(target) and page.locator(f"#{anchor}").is_visible()
    assert errors == [] and all(url.startswith("file://") for url in requests)
