"""kg/build/partition.py: lines parted by key, each bucket in the order its lines came, whether held or on disk."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from kg.build.memo import Memo
from kg.build.partition import LinePartition, chunk_entries


@pytest.mark.parametrize("held", [1, 3, 1000])
def test_buckets_come_in_key_order_with_their_lines_in_the_order_added(held: int) -> None:
    rng = random.Random(7)
    lines = [(rng.choice("bca"), f"line {n} \u2028 with a separator and a \r carriage return\n") for n in range(50)]
    parts = LinePartition(held_lines=held)  # 1 and 3: lines go to disk as they come, 1000: all held
    for key, line in lines:
        parts.add(key, [line])
    got = [(key, list(bucket)) for key, bucket in parts.buckets()]
    assert [key for key, _bucket in got] == ["a", "b", "c"]
    for key, bucket in got:
        assert bucket == [line for k, line in lines if k == key]


def test_the_folder_is_gone_once_read() -> None:
    parts = LinePartition(held_lines=1)
    parts.add("k", ["one\n", "two\n"])
    folder = parts._folder.name
    assert [list(bucket) for _key, bucket in parts.buckets()] == [["one\n", "two\n"]]
    import os

    assert not os.path.exists(folder)


def _entry(data: bytes) -> bytes:
    """A stand-in for a chunk's serialization: its lines reversed, with the process that made it."""
    return b"".join(reversed(data.splitlines(keepends=True))) + str(os.getpid()).encode()


def _other(data: bytes) -> bytes:
    return str(len(data)).encode()


def test_chunk_entries_in_processes_are_those_made_here_in_order(tmp_path: Path) -> None:
    lines = [f"<urn:s{n // 3:04d}> <urn:p> \"{n}\" <urn:g> .\n" for n in range(3_000)]
    here = list(chunk_entries(lines, Memo(tmp_path / "here", "fp"), "step", _entry, cut=4))
    memo = Memo(tmp_path / "two", "fp")
    kept = [(data, digest, memo.key("step", digest, ordered=True)) for data, digest, _entry_here in here]
    memo.put(kept[1][2], b"kept")  # an entry an earlier build made is taken, not made again
    two = list(chunk_entries(lines, memo, "step", _entry, cut=4, jobs=2, also={"other": _other}))
    assert len(here) > 20 and [(d, h) for d, h, _e in two] == [(d, h) for d, h, _e in here]
    assert two[1][2] == b"kept"
    made = [entry for n, (_d, _h, entry) in enumerate(two) if n != 1]
    assert [entry.rsplit(b"\n", 1)[0] for entry in made] == [e.rsplit(b"\n", 1)[0] for n, (_d, _h, e) in
                                                            enumerate(here) if n != 1]
    assert {entry.rsplit(b"\n", 1)[1] for entry in made} - {str(os.getpid()).encode()}  # not all made here
    assert all(memo.get(key) == entry for (_d, _h, key), (_d2, _h2, entry) in zip(kept, two))
    # the other step's entries are kept for each chunk on the way
    assert all(memo.get(memo.key("other", digest, ordered=True)) == str(len(data)).encode() for data, digest, _e in two)


def test_chunk_entries_keep_the_other_steps_entries_when_serial_too(tmp_path: Path) -> None:
    lines = [f"<urn:s{n:04d}> <urn:p> \"{n}\" <urn:g> .\n" for n in range(500)]
    memo = Memo(tmp_path / "one", "fp")
    chunks = list(chunk_entries(lines, memo, "step", _entry, cut=4, also={"other": _other}))
    assert len(chunks) > 5
    assert all(memo.get(memo.key("other", digest, ordered=True)) == str(len(data)).encode()
               for data, digest, _e in chunks)
