"""congress-kg: UN Crime Congress preparatory meeting reports as an RDF knowledge graph."""

__version__ = "0.4.0"
