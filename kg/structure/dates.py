"""Read the English date forms of UN reports into ISO 8601 strings."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1,
    )
}
_M = r"([A-Z][a-z]+)"
_DASH = r"\s*(?:–|—|-|to|and)\s*"
_RANGE_SAME_MONTH = re.compile(rf"\b(\d{{1,2}}){_DASH}(\d{{1,2}})\s+{_M}\s+(\d{{4}})")
_RANGE_TWO_MONTHS = re.compile(rf"\b(\d{{1,2}})\s+{_M}{_DASH}(\d{{1,2}})\s+{_M}\s+(\d{{4}})")
_SINGLE = re.compile(rf"\b(\d{{1,2}})\s+{_M}\s+(\d{{4}})")


def _iso(day: str, month: str, year: str) -> str | None:
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first single date in ``text`` (``5 February 2025``) as ISO, or None."""
    for m in _SINGLE.finditer(text):
        iso = _iso(*m.groups())
        if iso:
            return iso
    return None


def parse_date_range(text: str) -> tuple[str, str] | None:
    """The first date range in ``text`` (``4–6 February 2025``, ``from 30 March to 2 April 2025``)."""
    m = _RANGE_TWO_MONTHS.search(text)
    if m:
        d1, m1, d2, m2, year = m.groups()
        start, end = _iso(d1, m1, year), _iso(d2, m2, year)
        if start and end:
            return start, end
    m = _RANGE_SAME_MONTH.search(text)
    if m:
        d1, d2, month, year = m.groups()
        start, end = _iso(d1, month, year), _iso(d2, month, year)
        if start and end:
            return start, end
    single = parse_date(text)
    return (single, single) if single else None
