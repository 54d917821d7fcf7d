"""Helpers shared by tests: run the real command line in-process or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from desktop_app.home import Home

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The project's shared folder (DOMAIN.md, real public data files, failing cases) sits beside the
# checkout, on every developer's machine and in CI.
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SHARED_DATA = SHARED_DIR / "data"
SHARED_CASES = SHARED_DIR / "cases"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    """Run `critical-friend ARGS` in this process and capture what it prints."""
    from desktop_app.cli import run

    try:
        code = run(list(args))
    except SystemExit as exc:  # argparse's --help, --version and usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def run_cli_process(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> CliResult:
    """Run `python -m desktop_app ARGS` as a real process (no terminal, no stdin)."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=full_env,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[1],
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def require_tool(name: str) -> str:
    """The path of a system tool; skipped when absent, but under CI=true a missing tool fails."""
    import shutil

    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI but is not installed")
        pytest.skip(f"{name} is not installed")
    return path


def downgrade_home(home: Home, revision: str) -> None:
    """Take a home back to ``revision`` with the migrations' own
    downgrades, as a home made by an older version would be; opening it migrates it again."""
    from alembic import command
    from alembic.config import Config

    from desktop_app.store import database as database_module

    config = Config()
    config.set_main_option(
        "script_location", str(Path(database_module.__file__).with_name("migrations"))
    )
    engine = database_module.make_engine(home.database)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()
