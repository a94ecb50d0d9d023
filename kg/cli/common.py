"""What the commands share: default folders, exit statuses, messages on stderr and the --exports option."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_EXPORTS = Path("exports")
EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2


def err(message: str) -> None:
    """Print ``message`` on stderr at once (progress, warnings and errors)."""
    print(message, file=sys.stderr, flush=True)


def add_exports_option(parser: argparse.ArgumentParser) -> None:
    """The --exports option of every command that reads what `kg build` wrote."""
    parser.add_argument("--exports", default=str(DEFAULT_EXPORTS), help="folder kg build wrote (default: exports/)")
