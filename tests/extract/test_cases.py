"""Extraction cases as data: each folder of tests/cases/extract builds into the graph its expected.ttl holds.

A case that fails prints the triples only the build made and those only expected.ttl has; when the change is
meant, ``python -m tests.cases.extract.regenerate`` writes the expected graphs again (see that folder's README).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests.cases.extract.regenerate import CASES, EXPECTED, case_folders, document_graph, report_of, turtle

FOLDERS = case_folders()


def _lines(graph: Graph) -> str:
    """One sorted N-Triples line per triple, so the two sides of a difference read side by side."""
    return "".join(sorted(f"  {line}\n" for line in graph.serialize(format="nt").splitlines() if line.strip()))


def difference(built: Graph, expected: Graph) -> str:
    """What a reader needs to see when the graphs differ: the triples each side has and the other has not."""
    _both, only_built, only_expected = graph_diff(to_isomorphic(built), to_isomorphic(expected))
    return (f"only in the build ({len(only_built)}):\n{_lines(only_built)}"
            f"only in {EXPECTED} ({len(only_expected)}):\n{_lines(only_expected)}")


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_case_builds_the_graph_it_expects(folder: Path) -> None:
    built = document_graph(folder)
    expected = Graph().parse(folder / EXPECTED, format="turtle")
    if not isomorphic(built, expected):
        pytest.fail(f"{folder.name}: the build differs from {EXPECTED}\n{difference(built, expected)}", pytrace=False)


def test_every_case_folder_has_one_report_and_its_expected_graph() -> None:
    # A folder without a report would drop out of the cases unseen; one without expected.ttl was never generated.
    folders = sorted(path for path in CASES.iterdir() if path.is_dir() and not path.name.startswith(("_", ".")))
    assert folders == FOLDERS
    assert len(FOLDERS) >= 12
    for folder in FOLDERS:
        assert report_of(folder).stat().st_size > 0
        assert (folder / EXPECTED).is_file(), f"{folder.name} has no {EXPECTED}: run the regenerate command"


def test_a_changed_expected_graph_is_reported_triple_by_triple(tmp_path: Path) -> None:
    folder = FOLDERS[0]
    expected = Graph().parse(folder / EXPECTED, format="turtle")
    altered = Graph()
    for triple in expected:
        altered.add(triple)
    dropped = sorted(expected)[0]
    altered.remove(dropped)
    assert not isomorphic(document_graph(folder), altered)
    report = difference(document_graph(folder), altered)
    assert f"only in the build (1):\n  {dropped[0].n3()} {dropped[1].n3()} {dropped[2].n3()} .\n" in report
    assert report.endswith(f"only in {EXPECTED} (0):\n")


def test_the_written_turtle_is_stable_and_reads_back_as_the_same_graph() -> None:
    # Regenerating twice gives the same bytes, and what is written is the graph that was built.
    built = document_graph(FOLDERS[0])
    written = turtle(built)
    assert written == turtle(document_graph(FOLDERS[0]))
    again = Graph().parse(data=written.decode("utf-8"), format="turtle")
    assert isomorphic(again, built)
    assert turtle(again) == written
    assert written.startswith(b"@base <")


def test_the_readme_describes_every_case() -> None:
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    assert [folder.name for folder in FOLDERS if f"| {folder.name} |" not in readme] == []
