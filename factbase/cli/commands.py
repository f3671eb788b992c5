"""Imports every command module so that each registers its commands on ``app``."""

from factbase.cli import (
    conflicts,  # noqa: F401
    core,  # noqa: F401
    workbench,  # noqa: F401
)
