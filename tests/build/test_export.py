"""The export stage's CSV writer: cells a spreadsheet would run as formulas are made text."""

from __future__ import annotations

import csv
import io

import pytest

from kg.build.export import csv_bytes, spreadsheet_safe


@pytest.mark.parametrize(("cell", "shown"), [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Brazil", "Brazil"), ("a=b", "a=b"), ("", ""), (3, 3),
])
def test_spreadsheet_safe(cell: object, shown: object) -> None:
    assert spreadsheet_safe(cell) == shown


def test_csv_bytes_round_trip() -> None:
    data = csv_bytes(["name", "count"], [["=HYPERLINK(\"x\")", 2], ["plain, with comma", 0]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows == [["name", "count"], ["'=HYPERLINK(\"x\")", "2"], ["plain, with comma", "0"]]
