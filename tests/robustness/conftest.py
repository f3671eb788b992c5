"""Fixtures for the robustness tests: ``h`` (the helpers module) and ``reaper``.

helpers.py is loaded by file path rather than imported by name, so it never clashes with
another ``helpers`` module and works under both the prepend and importlib import modes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

_spec = importlib.util.spec_from_file_location(
    "factbase_robustness_helpers", Path(__file__).with_name("helpers.py")
)
assert _spec is not None and _spec.loader is not None
helpers = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = helpers  # dataclasses need the module registered
_spec.loader.exec_module(helpers)


@pytest.fixture(scope="session")
def h() -> ModuleType:
    """The helpers module: write_corpus, counts, assert_sqlite_sound, run_cli, start_cli ..."""
    return helpers


@pytest.fixture
def reaper() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test started; any still running at the end are killed with their group."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            helpers.kill_group(proc)
            proc.wait(timeout=10)
