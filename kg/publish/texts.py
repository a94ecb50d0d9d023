"""The text read from each PDF, DOCX or HTML input, as text/<document>.txt: the offsets of its facts count its
characters, so that every quote can be checked against it."""

from __future__ import annotations

from rdflib import Dataset

READS_RDFLIB = False
OWNS = ("text/",)  # the build writes this folder whole: a file in it that this build did not write is removed


def export(ds: Dataset | None, ctx: object) -> dict[str, bytes]:
    """One UTF-8 file per input that was not plain text, under the name its report's ckg:textFile gives."""
    texts: dict[str, str] = getattr(ctx, "texts", {}) or {}
    return {name: texts[name].encode("utf-8") for name in sorted(texts)}
