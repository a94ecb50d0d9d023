"""JSON-LD export: graph.jsonld (one object per named graph) referencing context.jsonld, in a fixed order."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Dataset

from kg.namespaces import PREFIXES

CONTEXT_FILE = "context.jsonld"
JSONLD_FILE = "graph.jsonld"


def context() -> dict[str, str]:
    """The JSON-LD context: the project's prefixes, so keys read like the Turtle (ckg:actor, rdfs:label)."""
    return dict(sorted(PREFIXES.items()))


def _key(value: Any) -> tuple[str, str]:
    """Nodes and graphs by @id, then anything by its JSON text."""
    node_id = value.get("@id", "") if isinstance(value, dict) else ""
    return str(node_id), json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ordered(node: Any) -> Any:
    """Every array sorted (RDF values are sets; the data holds no @list), every object's keys sorted."""
    if isinstance(node, dict):
        return {k: _ordered(v) for k, v in node.items()}
    if isinstance(node, list):
        return sorted((_ordered(v) for v in node), key=_key)
    return node


def to_jsonld(ds: Dataset) -> dict[str, Any]:
    """The dataset as compacted JSON-LD with the context given by reference."""
    doc = json.loads(ds.serialize(format="json-ld", context=context(), auto_compact=True))
    graphs = doc.get("@graph", [])
    if isinstance(graphs, dict):
        graphs = [graphs]
    return {"@context": CONTEXT_FILE, "@graph": _ordered(graphs)}


def _dump(value: Any) -> bytes:
    return (json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def export(ds: Dataset, ctx: object = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): graph.jsonld and the context.jsonld it names."""
    return {
        JSONLD_FILE: _dump(to_jsonld(ds)),
        CONTEXT_FILE: _dump({"@context": context()}),
    }
