"""``python -m crmreport``."""

from .cli import main

main()
