"""``python -m factbase`` runs the CLI."""

from factbase.cli import main

main()
