"""index.html links every page and picture the build wrote, shows the pictures and says what is missing."""

from __future__ import annotations

import re
from pathlib import Path


def links(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]+)"', html))


def test_index_links_every_page_and_picture_and_nothing_missing(built_exports: Path):
    html = (built_exports / "index.html").read_text(encoding="utf-8")
    written = {p.relative_to(built_exports).as_posix() for p in (built_exports / "viz").rglob("*")
               if p.suffix in (".html", ".svg")}
    written |= {"synthesis.html", "synthesis.docx", "search.html"}  # the build's cross-regional pages
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
