"""index.html links every page and picture the build wrote, shows the pictures and says what is missing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit


def links(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]+)"', html))


def test_index_links_every_page_and_picture_and_nothing_missing(built_exports: Path):
    html = (built_exports / "index.html").read_text(encoding="utf-8")
    written = {p.relative_to(built_exports).as_posix() for p in built_exports.rglob("*")
               if p.suffix in (".html", ".svg", ".docx") and p.name != "index.html" and "store" not in p.parts}
    assert links(html) == written
    assert all((built_exports / target).is_file() for target in links(html))


def test_index_shows_the_pictures_inline_with_the_theme_matrix(built_exports: Path):
    html = (built_exports / "index.html").read_text(encoding="utf-8")
    svgs = list((built_exports / "viz").glob("*.svg"))
    assert html.count("<svg ") == len(svgs) >= 3
    # The build themes every recommendation it can, so the theme-by-meeting picture is there.
    assert (built_exports / "viz" / "themes-themes.svg").exists()
    assert "No theme-by-meeting matrix" not in html
    assert not re.search(r"<img\b", html)  # pictures inline: the page requests no other file


def test_index_names_the_most_connected_actors(built_exports: Path):
    html = (built_exports / "index.html").read_text(encoding="utf-8")
    table = html[html.index("Who is most connected"):html.index("<h2>Pictures")]
    rows = re.findall(r"<tr><td>(.*?)</td>\s*<td>(.*?)</td><td>(\d+)</td>", table)
    assert len(rows) == 15
    degrees = [int(d) for _name, _kind, d in rows]
    assert degrees == sorted(degrees, reverse=True)
    assert any("Brazil" in name for name, _kind, _d in rows)


def test_every_page_is_reached_by_clicks_from_the_index_and_links_back(built_exports: Path, watch) -> None:
    """In Chromium, offline: each page opens from a click on the index with no error and no request outside
    the exports, and has a link back that leads to the index."""
    index = (built_exports / "index.html").resolve()
    pages = {p.resolve() for p in built_exports.rglob("*.html") if "store" not in p.parts}
    watch.open(index, settle=False)
    hrefs = watch.page.eval_on_selector_all("a[href$='.html']", "links => links.map(a => a.getAttribute('href'))")
    reached = {index}
    for href in dict.fromkeys(hrefs):
        watch.page.click(f"a[href='{href}'] >> nth=0")
        watch.page.wait_for_load_state("domcontentloaded")
        here = Path(unquote(urlsplit(watch.page.url).path))
        reached.add(here)
        assert watch.errors == [] and watch.foreign_requests(here) == [], here
        if watch.page.query_selector("#kg-network") is not None:
            assert watch.page.evaluate("typeof kgNetwork") == "object", here  # the page's script ran to the end
            watch.page.evaluate("kgNetwork.stopSimulation()")  # no layout work left running
        back = watch.page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href)")
        assert index.as_uri() in back, f"{here} has no link back to the index"
        watch.page.click("a[href$='index.html'] >> nth=0")
        watch.page.wait_for_load_state("domcontentloaded")
        assert Path(unquote(urlsplit(watch.page.url).path)) == index
    assert reached == pages, sorted(str(p) for p in pages - reached)
