"""Temporary files named after the process that made them, and the removal of those a killed build left behind.

A build stages its exports, its store and its sorted runs under temporary names and moves or deletes them as
it ends; a build that is killed cannot. Each temporary name therefore carries ``kg-tmp-<pid>-``, and the next
build removes every such file or folder whose process is gone, while those of a build still running are left.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_NAME = re.compile(r"^\.?kg-tmp-(\d+)-")


def prefix(kind: str, hidden: bool = True) -> str:
    """The start of a temporary name made by this process: ``.kg-tmp-<pid>-<kind>.``."""
    return f"{'.' if hidden else ''}kg-tmp-{os.getpid()}-{kind}."


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_orphans(folder: Path, recursive: bool = True) -> list[Path]:
    """Delete the temporary files and folders under ``folder`` left by processes no longer running; the paths."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            match = _NAME.match(name)
            if match is None or _running(int(match.group(1))):
                continue
            path = Path(root) / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                dirs.remove(name)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
        if not recursive:
            break
    return removed


def remove_all_orphans(out: Path) -> list[Path]:
    """:func:`remove_orphans` in an exports folder (all of it) and in the system's temporary folder (its top)."""
    return remove_orphans(out) + remove_orphans(Path(tempfile.gettempdir()), recursive=False)


@contextmanager
def replacing(path: Path, kind: str) -> Iterator[BinaryIO]:
    """A scratch file (of ``kind``) beside ``path`` to write to, moved into place when the block ends, deleted if it
    ends in an error (or a generator writing it is closed early): a reader, or a build killed half-way, never sees
    half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix(kind), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_with(path: Path, data: bytes, kind: str) -> None:
    """Write ``data`` to ``path`` through a scratch file (of ``kind``) moved into place (:func:`replacing`)."""
    with replacing(path, kind) as handle:
        handle.write(data)
