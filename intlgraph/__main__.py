"""``python -m intlgraph`` runs the command line."""

from intlgraph.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
