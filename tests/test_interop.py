"""Other tools accept the exports: Jena RIOT validates every RDF file; rdflib and pyoxigraph read the same graphs."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

JAVA_LIB = Path("/usr/share/java")
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GRAPH = "https://w3id.org/congress-kg/id/graph/"
# Jena's jars and the libraries RIOT loads (Debian package libapache-jena-java and its dependencies).
JARS = ["jena-arq", "jena-base", "jena-core", "jena-iri", "jena-cmds", "slf4j-api", "slf4j-simple", "commons-lang3",
        "commons-io", "commons-codec", "commons-compress", "commons-csv", "commons-cli", "dexx.collection",
        "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "titanium-json-ld",
        "jakarta.json-api", "httpclient", "httpclient-cache", "httpcore", "commons-logging", "thrift", "protobuf", "guava"]
DATASETS = {"graph.trig": ox.RdfFormat.TRIG, "graph.nq": ox.RdfFormat.N_QUADS, "graph.jsonld": ox.RdfFormat.JSON_LD}
GRAPHS = {"graph.ttl": ox.RdfFormat.TURTLE, "void.ttl": ox.RdfFormat.TURTLE, "ontology.ttl": ox.RdfFormat.TURTLE,
          "shapes.ttl": ox.RdfFormat.TURTLE}
RDFLIB_FORMAT = {"graph.trig": "trig", "graph.nq": "nquads", "graph.jsonld": "json-ld"}


@pytest.fixture(scope="module")
def riot_classpath(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The class path for riotcmd.riot.

    Debian's jena-core moves Xerces to the package ``xerces`` but leaves its message
    files under ``org/apache/jena/ext/xerces``, so Jena fails while starting; the
    files are copied where the classes look for them.
    """
    missing = [j for j in JARS if not (JAVA_LIB / f"{j}.jar").exists()]
    assert not missing, f"missing {missing}: apt-get install -y libapache-jena-java"
    fix = tmp_path_factory.mktemp("jena-resources")
    with zipfile.ZipFile(JAVA_LIB / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = fix / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([*(str(JAVA_LIB / f"{j}.jar") for j in JARS), str(fix)])


def riot(classpath: str, files: list[Path], syntax: str | None = None) -> subprocess.CompletedProcess[str]:
    command = ["java", "-cp", classpath, "riotcmd.riot", "--validate", *([f"--syntax={syntax}"] if syntax else [])]
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=300,
                          cwd=files[0].parent)


def _problems(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (run.stdout + run.stderr).splitlines() if " WARN " in line or " ERROR " in line
            or "Exception" in line]


def test_riot_finds_no_error_or_warning(built_exports: Path, riot_classpath: str, tmp_path: Path) -> None:
    files = [built_exports / name for name in ("graph.ttl", "graph.trig", "graph.nq", "void.ttl", "ontology.ttl",
                                               "shapes.ttl")]
    # A bad file last shows RIOT does report problems; it must be the only one reported.
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/s> <http://example.org/p> "13"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
    run = riot(riot_classpath, [*files, bad])
    lines = (run.stdout + run.stderr).splitlines()
    assert sum("File:" in line for line in lines) == len(files) + 1
    last = max(i for i, line in enumerate(lines) if "File:" in line)
    assert lines[last].endswith("bad.nt") and _problems(run) == [line for line in lines[last:] if " WARN " in line]
    assert any("not valid for datatype XSD date" in p for p in _problems(run)), run.stderr


def test_riot_reads_the_json_ld_with_its_context(built_exports: Path, riot_classpath: str) -> None:
    # Debian's Jena has no JSON-P implementation for its JSON-LD 1.1 reader; the JSON-LD 1.0
    # reader (jsonld-java) checks the file, which uses no 1.1 feature, and loads context.jsonld.
    run = riot(riot_classpath, [built_exports / "graph.jsonld"], syntax="JSONLD10")
    assert run.returncode == 0 and _problems(run) == [], run.stderr


def _to_rdflib(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype.endswith("#string") else URIRef(datatype))


def _oxigraph_graphs(path: Path, fmt: ox.RdfFormat) -> dict[str, Graph]:
    data = path.read_bytes()
    if fmt == ox.RdfFormat.JSON_LD:
        # pyoxigraph loads no remote context; give it context.jsonld as a document loader would.
        doc = json.loads(data)
        doc["@context"] = json.loads((path.parent / doc["@context"]).read_bytes())["@context"]
        data = json.dumps(doc).encode()
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(data, format=fmt, base_iri=path.as_uri()):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, Graph()).add(tuple(_to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    return graphs


def _rdflib_graphs(path: Path) -> dict[str, Graph]:
    ds = Dataset()
    ds.parse(path, format=RDFLIB_FORMAT[path.name])
    graphs = {}
    for graph in ds.graphs():
        if len(graph):
            name = "" if str(graph.identifier).startswith("urn:x-rdflib:") else str(graph.identifier)
            graphs[name] = graph
    return graphs


@pytest.fixture(scope="module")
def reference(built_exports: Path) -> dict[str, Graph]:
    """The named graphs of graph.nq as pyoxigraph reads them."""
    return _oxigraph_graphs(built_exports / "graph.nq", ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_datasets_read_alike_in_rdflib_and_pyoxigraph(built_exports: Path, reference: dict[str, Graph], name: str) -> None:
    ours, theirs = _rdflib_graphs(built_exports / name), _oxigraph_graphs(built_exports / name, DATASETS[name])
    assert sorted(ours) == sorted(theirs) == sorted(reference)
    # one named graph per corpus document, the reference graph and the derived graph; no default graph
    assert set(ours) == {f"{GRAPH}{p.stem}" for p in CORPUS.glob("*.txt")} | {f"{GRAPH}reference", f"{GRAPH}derived"}
    for graph_name in ours:
        assert isomorphic(ours[graph_name], theirs[graph_name]), graph_name
        assert isomorphic(ours[graph_name], reference[graph_name]), graph_name


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_graphs_read_alike_in_rdflib_and_pyoxigraph(built_exports: Path, name: str) -> None:
    ours = Graph().parse(built_exports / name, format="turtle")
    theirs = _oxigraph_graphs(built_exports / name, GRAPHS[name])
    assert list(theirs) == [""]
    assert len(ours) > 0 and isomorphic(ours, theirs[""])


def test_turtle_is_the_union_of_the_named_graphs(built_exports: Path, reference: dict[str, Graph]) -> None:
    union = Graph()
    for graph in reference.values():
        union += graph
    assert isomorphic(union, Graph().parse(built_exports / "graph.ttl", format="turtle"))
