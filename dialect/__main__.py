"""Entry point of ``python -m dialect``."""

from dialect.cli import main

main()
