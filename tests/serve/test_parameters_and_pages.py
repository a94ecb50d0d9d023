"""The endpoint's everyday page: parameters bound by name, results as an HTML table with entity links, the build's
pages served beside it, parse errors that say where."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import QUERIES
from tests.serve.conftest import serving
from tests.serve.test_page import ARGS, CHROMIUM

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PROFILE = (QUERIES / "actor_profile.rq").read_text(encoding="utf-8")
BRAZIL = "https://w3id.org/congress-kg/id/state/BRA"


@pytest.fixture(scope="module")
def site(built_exports: Path) -> Iterator[str]:
    """A server over a build that wrote its HTML pages too."""
    with serving(built_exports) as base:
        yield base


@pytest.mark.parametrize("value", ["Brazil", "brazil", "BRA", BRAZIL])
def test_a_parameter_is_bound_by_any_name(site: str, value: str) -> None:
    response = httpx.post(f"{site}/sparql", data={"query": PROFILE, "param.actor": value},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert rows and {row["actor"]["value"] for row in rows} == {BRAZIL}


def test_a_missing_or_unknown_parameter_is_a_clear_400(site: str) -> None:
    missing = httpx.post(f"{site}/sparql", data={"query": PROFILE})
    assert missing.status_code == 400 and "the query needs --param actor=" in missing.text
    unknown = httpx.post(f"{site}/sparql", data={"query": PROFILE, "param.actor": "Brasil"})
    assert unknown.status_code == 400 and "nearest: Brazil" in unknown.text


def test_a_parse_error_says_line_and_column(site: str) -> None:
    response = httpx.post(f"{site}/sparql", data={"query": "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER( }"})
    assert response.status_code == 400
    assert "bad SPARQL at line 3, column" in response.text and "  3 |   FILTER( }" in response.text


def test_a_browser_opening_a_query_url_gets_a_table_with_links_to_pages(site: str) -> None:
    query = f"SELECT ?s ?label WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(?s = <{BRAZIL}>) }}"
    page = httpx.get(f"{site}/sparql", params={"query": query}, headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<td>Brazil</td>" in page.text and "1 row" in page.text
    link = "/page?iri=https%3A%2F%2Fw3id.org%2Fcongress-kg%2Fid%2Fstate%2FBRA"
    assert f'<a href="{link}">{BRAZIL}</a>' in page.text
    followed = httpx.get(f"{site}{link}", follow_redirects=True)
    assert followed.status_code == 200 and str(followed.url).endswith("/pages/viz/state/BRA.html")
    assert "<h2>Brazil</h2>" in followed.text
    # a program asking for JSON still gets JSON
    data = httpx.get(f"{site}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert data.json()["results"]["bindings"][0]["label"]["value"] == "Brazil"


@pytest.mark.parametrize(("path", "status"), [
    ("index.html", 200), ("viz/assets/vis-network.min.js", 200), ("theme_matrix.html", 200),
    ("graph.nq", 404), ("store/kg-source.txt", 404), (".cache/build.json", 404), ("../README.md", 404),
])
def test_only_the_builds_pages_are_served(site: str, path: str, status: int) -> None:
    assert httpx.get(f"{site}/pages/{path}").status_code == status


def test_the_query_page_asks_for_the_parameter_and_links_results(site: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{site}/")
        page.locator("#examples button", has_text="Profile of one actor").click()
        page.fill("#params input[data-param='actor']", "bra")
        page.click("#run")
        page.wait_for_selector("#results table tbody tr")
        assert "Brazil" in page.inner_text("#results")
        page.locator(f"#results a[href*='{BRAZIL.replace('/', '%2F').replace(':', '%3A')}']").first.click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url.endswith("/pages/viz/state/BRA.html")
        assert errors == []
        browser.close()
