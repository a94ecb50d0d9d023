"""Run the command line as ``python -m kg``."""

from kg.cli import main

# Guarded: worker processes started by kg serve import the main module again, and must not run the command.
if __name__ == "__main__":
    raise SystemExit(main())
