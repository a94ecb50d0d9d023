"""kg/build/partition.py: lines parted by key, each bucket in the order its lines came, whether held or on disk."""

from __future__ import annotations

import random

import pytest

from kg.build.partition import LinePartition


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
