"""The example queries the query page offers: queries/*.rq with the fields of their header comments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.rdf.library import declared_parameters
from kg.rdf.library import query_header as header


@dataclass
class Example:
    """One .rq file: its name, text and header fields (title, question, columns, parameters, ...)."""

    name: str
    query: str
    title: str
    question: str = ""
    columns: str = ""
    parameters: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def needs_parameters(self) -> bool:
        return self.parameters.strip().lower() not in ("", "none")

    @property
    def parameter_names(self) -> list[str]:
        return declared_parameters(self.query)

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"needs_parameters": self.needs_parameters, "parameter_names": self.parameter_names}


def load_examples(folder: Path | None) -> list[Example]:
    """Every *.rq file in ``folder`` (none when it is None or missing), sorted by file name."""
    if folder is None or not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        fields = header(text)
        known = {k: fields.pop(k, "") for k in ("title", "question", "columns", "parameters")}
        out.append(Example(name=path.name, query=text, title=known["title"] or path.stem,
                           question=known["question"], columns=known["columns"], parameters=known["parameters"],
                           notes=fields))
    return out
