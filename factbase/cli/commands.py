"""Imports every command module so that each registers its commands on ``app``."""

from factbase.cli import core  # noqa: F401
from factbase.cli import workbench  # noqa: F401
from factbase.cli import conflicts  # noqa: F401
