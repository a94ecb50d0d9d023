"""kg/publish/jsonld.py: compacted JSON-LD naming its context file, in an order independent of the dataset's."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.build.export import nquads_line, sorted_quads
from kg.namespaces import CKG, PREFIXES
from kg.publish import jsonld
from kg.publish.jsonld import CONTEXT_FILE, JSONLD_FILE, export, jsonld_chunks, to_jsonld

G1, G2 = URIRef("https://example.org/graph/1"), URIRef("https://example.org/graph/2")
A, B = URIRef("https://example.org/a"), URIRef("https://example.org/b")
TRIPLES = [
    (G1, (A, RDFS.label, Literal("A"))),
    (G1, (A, CKG.paragraphNumber, Literal(3))),
    (G1, (A, CKG.startOffset, Literal(5, datatype=XSD.nonNegativeInteger))),
    (G2, (A, CKG.namesInstrument, B)),
    (G2, (A, CKG.namesInstrument, URIRef("https://example.org/c"))),
    (G2, (B, RDFS.label, Literal("B"))),
]
NOTE = BNode()
# The default graph (None), a blank node, a language and a boolean; the build's data has none of them.
MIXED = [
    (None, (A, RDFS.label, Literal("A"))),
    (None, (B, RDFS.label, Literal("étiquette", lang="fr"))),
    (G1, (A, RDFS.seeAlso, NOTE)),
    (G1, (NOTE, CKG.isDraft, Literal(True))),
    (G1, (NOTE, RDFS.label, Literal("B"))),
]


def _dataset(order: list) -> Dataset:
    ds = Dataset()
    for graph, triple in order:
        (ds if graph is None else ds.graph(graph)).add(triple)
    return ds


def _export(ds: Dataset) -> dict[str, bytes]:
    """The exporter's files as bytes (it gives graph.jsonld in chunks)."""
    return {name: content if isinstance(content, bytes) else b"".join(content) for name, content in export(ds).items()}


def test_same_data_in_any_order_gives_the_same_bytes() -> None:
    assert _export(_dataset(TRIPLES)) == _export(_dataset(list(reversed(TRIPLES))))


def test_document_names_its_context_and_context_holds_the_prefixes() -> None:
    files = _export(_dataset(TRIPLES))
    doc = json.loads(files[JSONLD_FILE])
    assert doc["@context"] == CONTEXT_FILE
    assert json.loads(files[CONTEXT_FILE]) == {"@context": dict(sorted(PREFIXES.items()))}
    assert [g["@id"] for g in doc["@graph"]] == [str(G1), str(G2)]


def _canonical(quads: object) -> ox.Dataset:
    """The quads with their blank nodes relabelled canonically, so equal datasets compare equal."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


@pytest.mark.parametrize("triples", [TRIPLES, TRIPLES[:3], MIXED], ids=["two graphs", "one graph", "default graph"])
def test_rdflib_and_pyoxigraph_read_back_the_same_quads(tmp_path: Path, triples: list) -> None:
    ds = _dataset(triples)
    files = _export(ds)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    expected = _canonical(sorted_quads(ds))
    back = Dataset()
    back.parse(tmp_path / JSONLD_FILE, format="json-ld")
    assert _canonical(sorted_quads(back)) == expected
    # pyoxigraph loads no remote context; give it context.jsonld as a document loader would.
    doc = json.loads(files[JSONLD_FILE])
    doc["@context"] = json.loads(files[CONTEXT_FILE])["@context"]
    read = ox.parse(json.dumps(doc).encode(), format=ox.RdfFormat.JSON_LD)
    assert _canonical(read) == expected


def test_a_build_writes_the_graphs_from_its_parts_as_from_graph_nq(built_exports: Path) -> None:
    """A build with its memo takes each named graph from its parts (kg.build.assemble.GraphParts.graphs), not from
    graph.nq parted again: the same bytes as graph.nq gives with no memo."""
    from_nquads = b"".join(jsonld_chunks(nquads=built_exports / "graph.nq"))
    assert (built_exports / ".cache" / "memo").is_dir()  # the build kept a memo, so it wrote from its parts
    assert (built_exports / JSONLD_FILE).read_bytes() == from_nquads


def test_built_export_names_the_context(built_exports: Path) -> None:
    doc = json.loads((built_exports / JSONLD_FILE).read_text(encoding="utf-8"))
    assert doc["@context"] == CONTEXT_FILE
    assert (built_exports / CONTEXT_FILE).exists()
    ids = [g["@id"] for g in doc["@graph"]]
    assert ids == sorted(ids) and ids[-1].endswith("/graph/reference")


@pytest.mark.parametrize("triples", [TRIPLES, MIXED, []], ids=["two graphs", "default graph", "empty"])
def test_graph_jsonld_is_written_in_chunks_as_json_dumps_writes_the_whole(triples: list) -> None:
    quads = sorted_quads(_dataset(triples))
    streamed = b"".join(jsonld_chunks(quads))
    whole = json.dumps(to_jsonld(quads), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert streamed.decode("utf-8") == whole
    assert json.loads(streamed)["@context"] == CONTEXT_FILE


def test_graph_nq_written_with_every_batch_on_disk_gives_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    """The build's way (from graph.nq) with runs and batches of two or three: the graphs' lines and their node
    texts are sorted on disk and a subject's quads are parsed in different batches, as a 1000x graph's are."""
    triples = [(G1 if n % 3 else G2, (URIRef(f"https://example.org/n{n}"), RDFS.label, Literal(f"n{n}\nline")))
               for n in range(40)]
    triples += [(G1, (URIRef(f"https://example.org/n{n}"), CKG.paragraphNumber, Literal(n))) for n in range(40)]
    quads = sorted_quads(_dataset(triples + MIXED[2:]))
    path = tmp_path / "graph.nq"
    path.write_text("".join(nquads_line(quad) for quad in quads), encoding="utf-8")
    whole = json.dumps(to_jsonld(quads), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    for name, size in (("_GRAPH_RUN_LINES", 3), ("_PARSE_LINES", 2), ("_NODE_RUN_TEXTS", 2)):
        monkeypatch.setattr(jsonld, name, size)
    chunks = list(jsonld_chunks(nquads=path))
    assert b"".join(chunks).decode("utf-8") == whole
    assert len(json.loads(whole)["@graph"]) == 2


def test_named_graphs_taken_from_the_memo_give_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    """A build's memo keeps each small named graph's text whole and a large graph's in chunks of its subjects: the
    second writing takes them all from there, and an edit of one subject of the large graph makes one chunk again."""
    from kg.build.memo import Memo

    triples = [(G1 if n % 3 else G2, (URIRef(f"https://example.org/n{n}"), RDFS.label, Literal(f"n{n}"))) for n in range(30)]
    quads = sorted_quads(_dataset(triples + MIXED[2:]))
    path = tmp_path / "graph.nq"
    path.write_text("".join(nquads_line(quad) for quad in quads), encoding="utf-8")
    plain = b"".join(jsonld_chunks(nquads=path))
    monkeypatch.setattr(jsonld, "_MEMO_LINES", 15)  # G1 holds 23 lines: in chunks; G2 10: whole
    monkeypatch.setattr(jsonld, "_CHUNK_CUT", 4)
    memo = Memo(tmp_path / "memo", "fingerprint")
    assert b"".join(jsonld_chunks(nquads=path, memo=memo)) == plain
    chunks = memo.misses - 1
    assert memo.hits == 0 and chunks > 1
    memo = Memo(tmp_path / "memo", "fingerprint")  # the next build's
    assert b"".join(jsonld_chunks(nquads=path, memo=memo)) == plain
    assert (memo.hits, memo.misses) == (chunks + 1, 0)
    changed = [line.replace('"n4"', '"n4 changed"') for line in path.read_text(encoding="utf-8").splitlines(True)]
    path.write_text("".join(changed), encoding="utf-8")
    memo = Memo(tmp_path / "memo", "fingerprint")
    assert b"".join(jsonld_chunks(nquads=path, memo=memo)) == b"".join(jsonld_chunks(nquads=path))
    assert b'"n4 changed"' in b"".join(jsonld_chunks(nquads=path))
    assert memo.misses == 1  # the chunk of n4 alone


@pytest.mark.parametrize("cut", [1, 2, 3, 5])
def test_a_large_graph_in_chunks_gives_the_bytes_of_the_whole(tmp_path: Path, monkeypatch, cut: int) -> None:
    """Wherever the chunks are cut (1: each subject its own chunk, so a blank node met as an object in one chunk
    is a subject in another), the text is the graph's rendered whole."""
    from kg.build.memo import Memo

    other = BNode()
    triples = [(G1, (URIRef(f"https://example.org/n{n}"), RDFS.label, Literal(f"n{n}\u2028\x85"))) for n in range(12)]
    triples += [(G1, (URIRef("https://example.org/n3"), RDFS.seeAlso, other))]  # a blank node only as an object
    quads = sorted_quads(_dataset(triples + MIXED[2:]))
    path = tmp_path / "graph.nq"
    path.write_text("".join(nquads_line(quad) for quad in quads), encoding="utf-8")
    plain = b"".join(jsonld_chunks(nquads=path))
    monkeypatch.setattr(jsonld, "_MEMO_LINES", 5)
    monkeypatch.setattr(jsonld, "_CHUNK_CUT", cut)
    assert b"".join(jsonld_chunks(nquads=path, memo=Memo(tmp_path / f"memo{cut}", "fingerprint"))) == plain
    assert plain.count(b'"@id": "_:') == 4  # NOTE and the other blank node, each as an object and as a node


def test_a_graph_of_many_runs_is_kept_whole_under_its_runs(tmp_path: Path, monkeypatch) -> None:
    """The build's parts: a graph made of several runs (the derived graph) is kept whole in the memo under its runs
    and streamed from there the second time, a character cut by the stream's chunks or not; an edit of one run
    makes it again."""
    from kg.build import memo as memo_module
    from kg.build.assemble import GraphParts
    from kg.build.memo import Memo

    def parts_of(label: str) -> tuple[GraphParts, Path]:
        parts = GraphParts()
        runs = [[(G2, (URIRef(f"https://example.org/n{n}"), RDFS.label, Literal(f"{label} {n} é€"))) for n in range(k, 30, 3)]
                for k in range(3)]
        runs.append([(G1, (A, RDFS.label, Literal("A")))])
        lines = []
        for number, run in enumerate(runs):
            run_lines = sorted(nquads_line(quad) for quad in sorted_quads(_dataset(run)))
            parts.add(f"meeting{number % 2}", run_lines, document=number == 3)
            lines += run_lines
        path = tmp_path / f"{label}.nq"
        path.write_text("".join(sorted(set(lines))), encoding="utf-8")
        return parts, path

    memo = Memo(tmp_path / "memo", "fingerprint")
    parts, path = parts_of("first")
    plain = b"".join(jsonld_chunks(nquads=path))
    assert b"".join(jsonld_chunks(nquads=path, memo=memo, parts=parts)) == plain
    made = memo.misses
    monkeypatch.setattr(memo_module, "_CHUNK", 7)  # streamed 7 bytes at a time: "é" and "€" are cut
    assert b"".join(jsonld_chunks(nquads=path, memo=memo, parts=parts)) == plain
    assert memo.misses == made  # every graph from the memo
    parts, path = parts_of("second")
    assert b"".join(jsonld_chunks(nquads=path, memo=memo, parts=parts)) == b"".join(jsonld_chunks(nquads=path))
    assert memo.misses > made


def test_a_graph_whose_runs_were_made_again_the_same_takes_the_last_build_s_text(tmp_path: Path, monkeypatch) -> None:
    """A run's lines made again the same (the memo key it was made under changed, its lines did not: the issue's
    sentence added to one report) leave the graph's text as the last build's when no line of the graph changed in
    graph.nq (kg.build.previous); a changed line of the graph makes it again."""
    from kg.build.assemble import GraphParts
    from kg.build.context import GraphChange
    from kg.build.memo import Memo

    runs = [sorted(nquads_line(quad) for quad in sorted_quads(_dataset(
        [(G2, (URIRef(f"https://example.org/n{n}"), RDFS.label, Literal(f"n {n}"))) for n in range(k, 30, 3)])))
        for k in range(3)]
    path = tmp_path / "graph.nq"
    path.write_text("".join(sorted({line for run in runs for line in run})), encoding="utf-8")
    plain = b"".join(jsonld_chunks(nquads=path))

    def parts_made_by(key: str) -> GraphParts:
        parts = GraphParts()
        for number, run in enumerate(runs):
            parts.add("meeting", run, document=False, made_by=f"{key}-{number}")
        return parts

    made: list[int] = []
    chunked = jsonld._chunked_node_lines
    monkeypatch.setattr(jsonld, "_chunked_node_lines", lambda *a: made.append(1) or chunked(*a))
    memo = Memo(tmp_path / "memo", "fingerprint")
    first = jsonld_chunks(nquads=path, memo=memo, parts=parts_made_by("a"), change=GraphChange(None, b"1", None))
    assert b"".join(first) == plain and made == [1]
    same = GraphChange(b"1", b"2", {})
    assert b"".join(jsonld_chunks(nquads=path, memo=memo, parts=parts_made_by("b"), change=same)) == plain
    assert made == [1]  # the last build's text
    changed = GraphChange(b"2", b"3", {runs[1][0]: 1})
    assert b"".join(jsonld_chunks(nquads=path, memo=memo, parts=parts_made_by("c"), change=changed)) == plain
    assert made == [1, 1]  # a line of the graph changed: made again
