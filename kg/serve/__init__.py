"""The SPARQL endpoint `kg serve` runs: request gate, query checks, worker processes, protocol and query page."""
