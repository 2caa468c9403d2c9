"""``python -m libreview ...`` runs the libreview command."""

from ._cli import main

main()
