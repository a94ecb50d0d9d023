"""Fixtures of the visualisation tests: the built graph as networkx, a fixture report with HTML names, one browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pytest
from rdflib import Graph

from kg.namespaces import DEFAULT_BASE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
XSS_NAME = "<img src=x onerror=alert(1)>"
SHOTS = Path("/tmp/viz-shots")  # copies of the screenshots, for a person to look at
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def union(built_exports: Path) -> Graph:
    """graph.ttl of the bundled corpus as an rdflib graph."""
    return Graph().parse(built_exports / "graph.ttl", format="turtle")


@pytest.fixture(scope="session")
def network(union: Graph) -> nx.MultiDiGraph:
    """The corpus graph as viz.yaml declares it."""
    from kg.visualize.declarations import load
    from kg.visualize.graph_to_networkx import to_networkx

    return to_networkx(union, load(), DEFAULT_BASE)


@pytest.fixture(scope="session")
def xss_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build` of a real excerpt whose observer list names an NGO called <img src=x onerror=alert(1)>."""
    from kg.cli import main

    folder = tmp_path_factory.mktemp("xss")
    shutil.copy(FIXTURES / "xss" / "report.txt", folder / "report.txt")
    out = folder / "exports"
    assert main(["build", str(folder / "report.txt"), "--data", str(FIXTURES / "xss" / "data"),
                 "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole run, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


class PageWatch:
    """A browser page that records console errors, page errors, dialogs and every request it makes."""

    def __init__(self, browser: object, width: int = 1440, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def open(self, path: Path, settle: bool = True) -> None:
        """Load ``path``; for a network page, wait until its physics settled and stopped, or with
        ``settle=False`` only until the page's scripts ran (the quick check of many pages)."""
        self.errors.clear()
        self.requests.clear()
        self.page.goto(path.resolve().as_uri(), wait_until="load" if settle else "domcontentloaded")
        if settle and self.page.query_selector("#kg-network") is not None:
            self.page.wait_for_function("document.body.dataset.settled === 'yes'", timeout=30_000)

    def foreign_requests(self, path: Path) -> list[str]:
        """Requests other than data: URIs and files of the exports the page belongs to (the folder above it
        that holds graph.nq): nothing may leave the machine or the exports."""
        root = next((folder for folder in path.resolve().parents if (folder / "graph.nq").exists()), path.parent)
        return [url for url in self.requests if not url.startswith("data:") and not self._within(url, root)]

    @staticmethod
    def _within(url: str, root: Path) -> bool:
        if not url.startswith("file://"):
            return False
        local = Path(unquote(urlsplit(url).path))
        return local.is_file() and local.resolve().is_relative_to(root)

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def watch(browser: object) -> Iterator[PageWatch]:
    """A fresh watched page in the session's browser."""
    page = PageWatch(browser)
    yield page
    page.close()
