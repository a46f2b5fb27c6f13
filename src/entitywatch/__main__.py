"""``python -m entitywatch``: the command line."""

from entitywatch.cli import main

main()
