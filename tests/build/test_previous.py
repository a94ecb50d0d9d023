"""kg/build/previous.py: the three graph files made from the last build's, with the chunks a change touches made
again, are the bytes a build of the changed lines writes whole; and a rebuild after an edit takes that road."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import previous
from kg.build.export import nquads_line
from kg.build.memo import Memo
from kg.build.partition import MOST
from kg.build.previous import rewrite
from kg.build.run import build
from kg.build.serialize import ChunkRecord, write_chunked

EX = "https://w3id.org/congress-kg/id/"
GRAPHS = [ox.NamedNode(f"{EX}graph/{g}") for g in ("a", "b", "derived")]
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
NAMES = ("graph.nq", "graph.ttl", "graph.trig")
SKIP = {"kg.visualize.export", "kg.check.validate"}  # neither reads or writes the three files


def _quad(n: int, graph: int, text: str = "") -> str:
    subject = ox.BlankNode(f"b{n}") if n % 13 == 0 else ox.NamedNode(f"{EX}s{n:03d}")
    return nquads_line(ox.Quad(subject, LABEL, ox.Literal(f"s{n} {text}\nline é"), GRAPHS[graph]))


def _write(folder: Path, lines: list[str], cut: int, most: int = MOST) -> tuple[tuple[Path, ...], list[ChunkRecord]]:
    folder.mkdir()
    paths = tuple(folder / name for name in NAMES)
    records: list[ChunkRecord] = []
    with paths[0].open("wb") as nquads, paths[1].open("wb") as turtle, paths[2].open("wb") as trig:
        write_chunked(sorted(set(lines)), turtle, trig, Memo(folder.parent / "memo", "fp"), cut=cut, nquads=nquads,
                      records=records, most=most)
    return paths, records


def _pieces(seed: int) -> list[list[str]]:
    """Pieces as a build makes them: each a run of lines of one graph; some lines in two pieces of the same graph
    (the derived graph's), many subjects in several graphs, so that TriG blocks go on across chunks."""
    rng = random.Random(seed)
    pieces = []
    for start in range(0, 200, 10):
        pieces.append([_quad(n, rng.choice((0, 1))) for n in range(start, start + 10)])
        pieces.append([_quad(n, 2) for n in rng.sample(range(200), 15)])
    return pieces


def _counts(pieces: list[list[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for piece in pieces:
        for line in piece:
            counts[line] = counts.get(line, 0) + 1
    return counts


def _edits(seed: int, pieces: list[list[str]]) -> list[list[str]]:
    """Pieces dropped, added and changed: whole subjects gone (some at a chunk's start), new subjects before the
    first and after the last, a line of two pieces dropped from one of them."""
    rng = random.Random(seed)
    edited = [list(piece) for piece in pieces]
    for _ in range(3):
        edited.pop(rng.randrange(len(edited)))
    for piece in rng.sample(edited, 4):
        piece[rng.randrange(len(piece))] = _quad(rng.randrange(400), rng.randrange(3), text="edited")
    edited.append([_quad(n, 1, "new") for n in (0, 1, 250, 399)])
    edited.append([_quad(n, 2) for n in rng.sample(range(200), 5)])
    return edited


# (cut, most): cuts by the subjects' hashes alone, and by a chunk's length too (most), which a change moves: the
# chunks after the changed ones are then made again until a cut falls where the last writing cut.
@pytest.mark.parametrize(("cut", "most"), [(1, MOST), (2, MOST), (3, MOST), (5, MOST), (1000, MOST), (1000, 4),
                                           (1000, 7), (4, 3)])
@pytest.mark.parametrize("seed", range(6))
def test_a_rewrite_gives_the_bytes_of_a_whole_writing(tmp_path: Path, cut: int, most: int, seed: int) -> None:
    pieces = _pieces(seed)
    before = _counts(pieces)
    sources, records = _write(tmp_path / "before", list(before), cut, most)
    after = _counts(_edits(seed, pieces))
    changes = {line: after.get(line, 0) - before.get(line, 0) for line in before.keys() | after.keys()}
    repeats = {line: n for line, n in before.items() if n > 1}
    targets = tuple(tmp_path / f"new-{name}" for name in NAMES)

    made = rewrite(records, {k: v for k, v in changes.items() if v}, repeats, sources, targets,
                   Memo(tmp_path / "memo", "fp"), cut=cut, most=most)

    assert made is not None
    triples, new_records, counts = made
    whole, whole_records = _write(tmp_path / "whole", list(after), cut, most)
    for target, expected in zip(targets, whole, strict=True):
        assert target.read_bytes() == expected.read_bytes()
    assert new_records == whole_records  # the same cuts, at the same places: the next rewrite can copy them
    assert counts == {line: n for line, n in after.items() if n > 1}
    assert triples == sum(record.triples for record in whole_records)


def test_lines_held_by_two_pieces_go_only_with_the_last(tmp_path: Path) -> None:
    shared, own = _quad(5, 2), _quad(6, 2)
    sources, records = _write(tmp_path / "before", [shared, own], cut=1)
    targets = tuple(tmp_path / f"new-{name}" for name in NAMES)
    memo = Memo(tmp_path / "memo", "fp")

    made = rewrite(records, {shared: -1, own: -1}, {shared: 2}, sources, targets, memo, cut=1)

    assert made is not None and made[2] == {}
    assert targets[0].read_text(encoding="utf-8") == shared


def test_a_graph_file_unlike_its_record_is_not_used(tmp_path: Path) -> None:
    lines = [_quad(n, 0) for n in range(30)]
    sources, records = _write(tmp_path / "before", lines, cut=2)
    data = bytearray(sources[0].read_bytes())
    # The change is in the last chunk (blank nodes sort last); the first starts the run of chunks kept, and is read.
    data[records[0].nquads[0] + 5] ^= 1
    sources[0].write_bytes(bytes(data))
    targets = tuple(tmp_path / f"new-{name}" for name in NAMES)

    assert rewrite(records, {_quad(0, 0): -1}, {}, sources, targets, Memo(tmp_path / "memo", "fp"), cut=2) is None
    assert not any(target.exists() for target in targets)


def _report(tmp_path: Path, corpus: Path) -> Path:
    corpus.mkdir()
    source = Path(__file__).parents[2] / "corpus"
    for path in sorted(source.glob("*.txt"))[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    return sorted(corpus.iterdir())[0]


def _rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meddle: Callable[[Path], None] = lambda out: None
             ) -> tuple[list[previous.Written | None], Path, Path]:
    """Two bundled reports built, ``meddle`` done to the exports, a word of a recommendation changed, and the
    corpus built again into the same folder and anew elsewhere: what write_from_previous gave in the rebuild."""
    corpus, out, anew = tmp_path / "corpus", tmp_path / "out", tmp_path / "anew"
    report = _report(tmp_path, corpus)
    build([corpus], out, skip=SKIP)
    meddle(out)
    report.write_text(report.read_text(encoding="utf-8").replace("recommend", "strongly recommend", 1),
                      encoding="utf-8")
    made: list[previous.Written | None] = []
    original = previous.write_from_previous
    monkeypatch.setattr(previous, "write_from_previous", lambda *a: made.append(original(*a)) or made[-1])
    build([corpus], out, skip=SKIP)
    build([corpus], anew, skip=SKIP, use_cache=False)
    for name in NAMES:
        assert (out / name).read_bytes() == (anew / name).read_bytes(), name
    return made, out, anew


def test_a_rebuild_after_an_edit_copies_the_last_graph_and_writes_what_a_build_anew_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made, out, _anew = _rebuilt(tmp_path, monkeypatch)

    assert len(made) == 1 and made[0] is not None
    # The store's update and VoID's counts find graph.nq's chunks by the records: they must be where the lines are.
    nquads = (out / "graph.nq").read_bytes()
    assert b"".join(nquads[r.ref.offset:r.ref.offset + r.ref.length] for r in made[0].records) == nquads
    for record in made[0].records:
        assert nquads[record.ref.offset:].startswith(record.subject.encode("utf-8") + b" ")


def test_graph_files_changed_by_hand_are_made_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def note(out: Path) -> None:
        with (out / "graph.ttl").open("ab") as handle:
            handle.write(b"# a note\n")

    made, _out, _anew = _rebuilt(tmp_path, monkeypatch, note)

    assert made == [None]


def test_an_edit_that_changes_too_many_lines_merges_the_whole_graph_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previous, "MOST_CHANGED_LINES", 10)  # the edited report alone holds more

    made, _out, _anew = _rebuilt(tmp_path, monkeypatch)

    assert made == [None]
