"""Shared fixtures: the repository's own folders, and a build of the bundled corpus made once per run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Import the kg package of this checkout, whatever else is installed.
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus"
QUERIES = ROOT / "queries"
TESTS = Path(__file__).resolve().parent
GOLD = TESTS / "gold"


@pytest.fixture(scope="session")
def built_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """exports/ of `kg build` on the bundled corpus, in a temporary folder."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("exports")
    assert main(["build", str(CORPUS), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def store(built_exports: Path):
    """The query store over the built exports."""
    from kg.rdf.query import open_store

    return open_store(built_exports)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """docx, docx-numbered, html, pdf (LibreOffice) and scan (one page) of the bundled corpus
    (tests/formats/render.py)."""
    from tests.formats.render import render_all

    return render_all(tmp_path_factory.mktemp("rendered"))


@pytest.fixture(scope="session")
def form_exports(rendered: dict[str, list[Path]], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The exports of a build of each form of the bundled corpus, made when a test first asks for that form."""
    from kg.cli import main

    built: dict[str, Path] = {}

    def exports(form: str) -> Path:
        if form not in built:
            out = tmp_path_factory.mktemp(f"exports-{form}")
            assert main(["build", str(rendered[form][0].parent), "--out", str(out), "--quiet", "--no-viz"]) == 0
            built[form] = out
        return built[form]

    return exports


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian's Chromium under Playwright, one per test module (Playwright's sync API runs one at a time, and
    other modules start their own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()
