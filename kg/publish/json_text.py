"""JSON text written the way json.dumps(indent=1, sort_keys=True, ensure_ascii=False) writes it, faster."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _string  # JSON string escaping in C, non-ASCII kept as is
from typing import Any


def text(value: Any, pad: str = "") -> str:
    """``value`` as json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) writes it ``pad`` deep:
    json.dumps indents in pure Python, about half as fast; a node reference ({"@id": ...}) is written in one go."""
    kind = type(value)
    if kind is str:
        return _string(value)
    inner = pad + " "
    if kind is dict and value:
        if len(value) == 1 and type(value.get("@id")) is str:
            return "{\n" + inner + '"@id": ' + _string(value["@id"]) + "\n" + pad + "}"
        members = [_string(key) + ": " + text(value[key], inner) for key in sorted(value)]
        return "{\n" + inner + (",\n" + inner).join(members) + "\n" + pad + "}"
    if kind is list and value:
        return "[\n" + inner + (",\n" + inner).join([text(item, inner) for item in value]) + "\n" + pad + "]"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (dict, list)) and value:  # a subclass: as its base type
        return text(dict(value) if isinstance(value, dict) else list(value), pad)
    return json.dumps(value)  # numbers, booleans, null, empty arrays and objects


def dump(value: Any) -> bytes:
    return (text(value) + "\n").encode("utf-8")


def in_chunks(texts: Iterable[str | bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The texts joined and encoded, about ``size`` characters at a time; a text given as bytes (UTF-8 already, a
    stretch read from the build's memo) goes as it is."""
    pending: list[str] = []
    held = 0
    for text in texts:
        if isinstance(text, bytes):
            if pending:
                yield "".join(pending).encode("utf-8")
                pending, held = [], 0
            yield text
            continue
        pending.append(text)
        held += len(text)
        if held >= size:
            yield "".join(pending).encode("utf-8")
            pending, held = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")
