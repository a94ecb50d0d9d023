"""congress-kg: UN Crime Congress preparatory meeting reports as an RDF knowledge graph."""

from pathlib import Path

__version__ = "0.6.10"
# The reference data and declarations (CSV, YAML), each file with its source in SOURCES.md.
DATA_DIR = Path(__file__).resolve().parent / "data"


def shipped(folder: str) -> Path:
    """The project's ``ontology`` or ``queries`` folder: inside the installed package (``kg/_ontology``), or at
    the top of a checkout (an editable install, or the source tree on the path)."""
    installed = Path(__file__).resolve().parent / f"_{folder}"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / folder
