"""`python -m ambassade` is the `ambassade` command."""

from ambassade.cli import main

main()
