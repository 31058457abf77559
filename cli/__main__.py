"""``python -m cli`` is ``ambacht``."""

from cli.main import main

main()
