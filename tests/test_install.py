"""A non-editable install, run from another directory, finds its migrations and works."""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_runs_from_elsewhere(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to clone")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # Work-tree changes not yet committed are part of what we test: copy the package over.
    for part in ("factbase", "migrations", "pyproject.toml", "README.md"):
        src = ROOT / part
        if src.is_dir():
            shutil.rmtree(clone / part, ignore_errors=True)
            shutil.copytree(src, clone / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, clone / part)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(clone)],
        check=True, cwd=tmp_path,
    )
    shutil.rmtree(clone)  # the installed copy must not lean on the source tree
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    exe = env_dir / "bin" / "factbase"
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    run = subprocess.run([str(exe), "--db", "x.db", "ingest", str(seed), "-q"], cwd=elsewhere,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    stats = subprocess.run([str(exe), "stats", "--db", "x.db", "--format", "json"],
                           cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert json.loads(stats.stdout)["counts"]["articles"] == 1
    where = subprocess.run(
        [str(py), "-c", "import factbase.db.engine as e; print(e.migrations_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert where.endswith("factbase/_migrations") and str(env_dir) in where
