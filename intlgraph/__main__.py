"""``python -m intlgraph`` runs the command line."""

from intlgraph.cli import main

raise SystemExit(main())
