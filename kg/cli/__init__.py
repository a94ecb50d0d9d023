"""The command line: one module a command, each a thin wrapper over the stages; shared options in common.py."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from kg import __version__
from kg.cli.common import DEFAULT_CORPUS, DEFAULT_EXPORTS, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL

__all__ = ["DEFAULT_CORPUS", "DEFAULT_EXPORTS", "EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "main", "make_parser"]

# The commands, in the order --help lists them: each module defines add_parser(subparsers) -> None.
COMMANDS: list[str] = ["kg.cli.build", "kg.cli.query", "kg.cli.evaluate", "kg.cli.viz", "kg.cli.validate",
                       "kg.cli.diff", "kg.cli.serve", "kg.cli.push", "kg.cli.search"]


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `kg` parser with every command of COMMANDS, or with ``command`` alone: each command's module imports
    its stages, and a one-shot `kg query` spent 0.3 s of its 0.95 s importing the other commands'."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn UN Crime Congress preparatory meeting reports into an RDF knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"congress-kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        if command is None or name == f"kg.cli.{command}":
            importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `kg` with ``argv`` (default: the process's arguments); the exit status."""
    words = sys.argv[1:] if argv is None else argv
    named = words[0] if words and f"kg.cli.{words[0]}" in COMMANDS else None  # else --help, --version, a typo
    args = make_parser(named).parse_args(words)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # the reader went away (`kg query ... | head`): nothing left to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
