"""The quick `list` path (desktop_app.commands.list_cmd.quick_list; issue 17): it reads its usual
forms exactly as argparse does, prints what the argparse path prints, and a `list` run imports
neither the ORM, nor Qt, nor the forms package, nor argparse."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.cli import build_parser
from desktop_app.commands.context import CommandContext
from desktop_app.commands.list_cmd import _quick_request, quick_list
from desktop_app.store.database import Database
from tests.helpers import run_cli

HOME_PARTS: list[list[str]] = [
    [],
    ["--home", "h"],
    ["--home=h"],
    ["--home", "list"],
    ["--home", ""],
    ["--home=", "--home", "h"],
    ["--home", "-x"],
    ["--hom", "h"],
    ["--smoke-test"],
]
WORDS = [
    "audits",
    "visits",
    "assessments",
    "bundles",
    "--json",
    "--visit",
    "3",
    "007",
    "--visit=2",
    "--visit=x",
    "--visit=",
    "\u0663",  # an Arabic-Indic three: int() reads it, the quick path leaves it to argparse
    "-1",
    "+4",
    "--js",
    "--vis",
    "list",
    "demo",
    "x",
]


def _argparse_reading(argv: list[str]) -> tuple[str | None, str, bool, int | None]:
    args = build_parser(only="desktop_app.commands.list_cmd").parse_args(argv)
    assert args.command == "list"
    return args.home, args.what, args.json, args.visit


@given(
    st.sampled_from(HOME_PARTS),
    st.booleans(),
    st.lists(st.sampled_from(WORDS), max_size=5),
)
@example(["--home", "h"], True, ["audits", "--json"])
@example(["--home=h"], True, ["--visit", "007", "audits"])
@example([], True, ["--json", "bundles", "--visit=12"])
@example(["--home", "list"], True, ["visits"])
def test_the_quick_path_reads_a_command_line_as_argparse_does(
    home: list[str], with_list: bool, words: list[str]
) -> None:
    """Whatever the quick path accepts, argparse reads the same way (and accepts)."""
    argv = [*home, *(["list"] if with_list else []), *words]
    quick = _quick_request(argv)
    if quick is not None:
        assert quick == _argparse_reading(argv)


def test_the_usual_forms_take_the_quick_path() -> None:
    for argv in (
        ["list", "audits", "--json"],
        ["--home", "/tmp/h", "list", "audits", "--json", "--visit", "4"],
        ["--home=/tmp/h", "list", "--json", "visits"],
        ["list", "bundles", "--visit=2"],
    ):
        assert _quick_request(argv) == _argparse_reading(argv)
    for argv in (
        ["list", "audits", "--help"],
        ["list", "audits", "--js"],
        ["list", "audits", "--visit", "x"],
        ["list", "audits", "--json", "--json"],
        ["list"],
        ["demo"],
        [],
    ):
        assert _quick_request(argv) is None


def _through_argparse(home: Path, argv: list[str]) -> int:
    args = build_parser().parse_args(["--home", str(home), *argv])
    context = CommandContext.from_args(args)
    try:
        code: int = args.handler(context)
    finally:
        context.close()
    return code


@pytest.mark.slow
def test_quick_and_argparse_paths_print_the_same(
    capsys: pytest.CaptureFixture[str], demo_database: Database
) -> None:
    home = demo_database.home.root
    demo_database.close()
    forms = [
        [what, *json]
        for what in ("audits", "visits", "assessments", "bundles")
        for json in ([], ["--json"])
    ]
    forms += [["audits", "--json", "--visit", "1"], ["audits", "--visit", "2"]]
    for argv in forms:
        quick = quick_list(["--home", str(home), "list", *argv])
        quick_out = capsys.readouterr().out
        assert quick == _through_argparse(home, ["list", *argv]) == 0
        assert quick_out == capsys.readouterr().out, argv
        assert quick_out.strip() not in ("", "[]", "(none)"), argv  # the demo has each kind


def test_a_newer_database_is_refused_on_the_quick_path_too(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    import sqlite3

    assert run_cli(capsys, "--home", str(home_dir), "list", "visits").out == "(none)\n"
    writer = sqlite3.connect(home_dir / "critical-friend.db")
    writer.execute("UPDATE alembic_version SET version_num = '9999'")
    writer.commit()
    writer.close()
    result = run_cli(capsys, "--home", str(home_dir), "list", "audits", "--json")
    assert result.code == 5
    assert result.out == ""
    assert result.err.startswith("critical-friend: ") and "newer" in result.err
    assert len(result.err.strip().splitlines()) == 1


HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "PySide6", "forms", "reportlab", "yaml", "argparse")


def test_listing_imports_neither_the_orm_nor_qt(tmp_path: Path) -> None:
    """Each form of `list`, as `python -m desktop_app` runs it, on a new home (made from the
    schema's SQL) and then on the home it made; `list audits --json` needs no dataclasses
    either."""
    code = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from desktop_app.__main__ import main

        home = {str(tmp_path / "home")!r}
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--home", home, "list", "audits", "--json"]) == 0
            assert "dataclasses" not in sys.modules
            for what in ("audits", "visits", "assessments", "bundles"):
                for json in ([], ["--json"]):
                    assert main(["--home", home, "list", what, *json]) == 0
        print(sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r})))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
