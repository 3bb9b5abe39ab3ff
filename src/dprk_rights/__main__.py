"""Allow ``python -m dprk_rights``."""

from .cli import main

main()
