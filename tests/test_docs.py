"""Docs: every command is in the README with an example, and has help text."""

from __future__ import annotations

from pathlib import Path

import typer.main

ROOT = Path(__file__).resolve().parent.parent


def _commands(app) -> dict[str, object]:  # type: ignore[no-untyped-def]
    group = typer.main.get_group(app)
    return dict(group.commands)


def test_every_command_is_in_the_readme_with_help(app) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands(app)
    assert {"ingest", "extract", "query", "show", "compare", "review", "conflicts",
            "corroborations", "export", "stats", "db"} <= set(commands)
    for name, cmd in commands.items():
        assert f"$ factbase {name}" in readme, f"README has no example of `factbase {name}`"
        assert getattr(cmd, "help", None) or getattr(cmd, "short_help", None), name


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in quick.split("```bash\n")[1:]]
    assert len(blocks) == 2 and all("\n" not in b for b in blocks)
    assert "factbase ingest seeds/" in blocks[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci  # CI runs the README's test command as written
