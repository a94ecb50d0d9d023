"""Check 6: the query page in headless Chromium, and what it shows of the queries/ files, escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.serve.app import create_app
from tests.conftest import QUERIES

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_page_lists_examples_and_runs_one(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/")
    buttons = page.locator("#examples button")
    assert buttons.count() == len(list(QUERIES.glob("*.rq")))
    titles = page.locator("#examples .ex-title").all_inner_texts()
    assert "Documents" in titles and "Attendance" in titles
    # provenance.rq and actor_profile.rq need ?actor: the page marks every query whose header declares a parameter
    needing = [p for p in QUERIES.glob("*.rq") if "# parameters: none" not in p.read_text(encoding="utf-8")]
    assert len(needing) >= 2
    assert page.locator("#examples .ex-param").count() == len(needing)

    page.locator("#examples button", has_text="Documents").click()
    assert page.input_value("#query") == (QUERIES / "documents.rq").read_text(encoding="utf-8")
    assert "Which reports were read" in page.inner_text("#about")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    assert page.locator("#results tbody tr").count() == 5
    assert page.locator("#results th").first.inner_text() == "report"
    assert "5 rows" in page.inner_text("#status")
    href = page.locator("#links a", has_text="csv").get_attribute("href")
    assert href.startswith("/sparql?query=%23+title%3A+Documents") and href.endswith("&format=csv")

    page.fill("#query", "CONSTRUCT WHERE { ?s a <https://w3id.org/congress-kg/ontology#Report> }")
    page.keyboard.press("Control+Enter")  # focus is still in the textarea after fill
    page.wait_for_selector("#results pre.graph")
    assert "Report" in page.inner_text("#results pre.graph")

    page.fill("#query", "SELECT * WHERE { ?s")
    page.click("#run")
    page.wait_for_selector("#error:not(:empty)")
    assert "bad SPARQL" in page.inner_text("#error") and "400" in page.inner_text("#status")
    errors = [e for e in errors if "400 (Bad Request)" not in e]  # the failed fetch above is logged; expected
    assert errors == []
    assert requests and all(url.startswith(server + "/") for url in requests), requests
    page.close()


def test_page_escapes_file_text(tmp_path: Path, serve_exports: Path) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "evil.rq").write_text(f"# title: {XSS}\n# question: </script><script>alert(2)</script>\n"
                                    f"# parameters: {XSS}\nSELECT * WHERE {{ ?s ?p \"</script>{XSS}\" }}\n",
                                    encoding="utf-8")
    with TestClient(create_app(serve_exports, folder, 5.0, workers=1), base_url="http://localhost") as client:
        html = client.get("/", headers={"Accept": "text/html"}).text
    assert XSS not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("</script>") == 3  # the example and site data blocks and the page script, nothing injected


def test_default_bind_host_is_loopback() -> None:
    from kg.cli import make_parser

    args = make_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    assert args.port == 7878 and args.timeout == 30 and args.exports == "exports"


def test_serve_without_a_build_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["serve", "--exports", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err
