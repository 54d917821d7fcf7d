"""The other writers on a full disk, as ``demo`` (test_full_disk.py): a new signing identity, a
signed export, a PDF report, a visit's case list. ENOSPC at the k-th write point (hypothesis
chooses k): one sentence on the command line, exit 2, and the home and the output folder as they
were (the previous signing identity intact)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring.backends import fail

from desktop_app.exchange import KeyStore
from desktop_app.home import Home
from desktop_app.store.database import open_database
from tests.helpers import SHARED_DATA, CliResult, run_cli

from .full_disk import disk_full_at
from .test_full_disk import home_files, row_counts

FAIL = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _fails_cleanly(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    home: Home,
    out: Path,
    fail_at: int,
    args: Callable[[], list[str]],
    made_anyway: frozenset[str] = frozenset(),
) -> CliResult | None:
    """Run the command with the disk full at `fail_at`; None when it had fewer write points.
    Checks the one sentence, the exit code, and that the home and `out` did not change (but for
    `made_anyway`: home files the work may make, whole, before its first real write)."""
    files, outputs = home_files(home), sorted(out.iterdir())
    database = open_database(home)
    rows = row_counts(database)
    database.close()
    with disk_full_at(monkeypatch, fail_at) as disk:
        result = run_cli(capsys, "--home", str(home.root), *args())
    if not disk.failed or result.code == 0:  # past its last point, or the lock's pid note
        return None
    assert result.code == 2, result.err
    *_notes, sentence = result.err.splitlines()  # earlier lines: what the command was doing
    assert sentence.startswith("critical-friend: "), result.err
    # the home's disk (the database, a key file) or the output file's (describe_write_error)
    assert sentence.endswith("is full; free some space and try again.") or (
        "is full, so " in sentence and sentence.endswith("and try again; nothing was changed.")
    ), result.err
    assert "Traceback" not in result.err + result.out
    assert home_files(home) - made_anyway == files  # no orphan, no temporary file, no new key
    assert sorted(out.iterdir()) == outputs  # no half-written or unlogged output
    database = open_database(home)
    assert row_counts(database) == rows
    database.close()
    return result


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo home, made once and copied for each example."""
    from desktop_app.demo import load_demo

    home = Home(tmp_path_factory.mktemp("demo") / "home")
    database = open_database(home)
    load_demo(database)
    database.close()
    return home.root


def _fresh(demo_home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, Path]:
    root = tmp_path_factory.mktemp("full")
    shutil.copytree(demo_home, root / "home")
    (root / "out").mkdir()
    return Home(root / "home"), root / "out"


PASSPHRASE = "a long enough passphrase"


@pytest.fixture(scope="module")
def keyed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home of Midthorpe whose signing identity is kept in passphrase-protected files (no
    password store)."""
    from desktop_app.store.repositories.organisations import ensure_organisation

    home = Home(tmp_path_factory.mktemp("keyed") / "home")
    database = open_database(home)
    with database.session() as session:  # a replaced identity: the council is long set
        ensure_organisation(session, "Midthorpe Council", is_home=True)
    database.close()
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        KeyStore(home.root).create_identity("Ann Lee", "Midthorpe Council", PASSPHRASE)
    finally:
        keyring.set_keyring(previous)
    return home.root


@pytest.mark.slow
@settings(FAIL, max_examples=4)
@given(fail_at=st.integers(min_value=0, max_value=9))
def test_a_new_identity_on_a_full_disk_leaves_the_previous_one_whole(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    keyed_home: Path,
    fail_at: int,
) -> None:
    home = Home(tmp_path_factory.mktemp("keys") / "home")
    shutil.copytree(keyed_home, home.root)
    keys = {path.name: path.read_bytes() for path in home.keys.iterdir()}
    args = ["keys", "init", "--name", "Bo Kay", "--org", "Midthorpe Council", "--replace"]
    with monkeypatch.context() as patch:  # no password store: the key goes into files
        patch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
        patch.setenv("CRITICAL_FRIEND_PASSPHRASE", PASSPHRASE)
        failed = _fails_cleanly(capsys, monkeypatch, home, home.keys, fail_at, lambda: args)
    if failed is not None:  # every key file as it was: the old identity still signs
        assert {path.name: path.read_bytes() for path in home.keys.iterdir()} == keys


@pytest.mark.slow
@FAIL
@given(fail_at=st.integers(min_value=0, max_value=115))
def test_an_export_on_a_full_disk_leaves_no_bundle_and_no_log(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    demo_home: Path,
    fail_at: int,
) -> None:
    home, out = _fresh(demo_home, tmp_path_factory)
    made = run_cli(capsys, "--home", str(home.root), "keys", "init", "--name", "Priya Lambert",
                   "--org", "Midthorpe Council")  # fmt: skip
    assert made.code == 0
    args = ["export", "--assessment", "1", "--include-draft", "--allow-flagged",
            "--out", str(out / "midthorpe.cfbundle")]  # fmt: skip
    # The council's pseudonym secret is made (whole, or not at all) before the bundle is built.
    secret = frozenset({"keys/pseudonym-secrets.json"})
    _fails_cleanly(capsys, monkeypatch, home, out, fail_at, lambda: args, secret)


@FAIL
@given(fail_at=st.integers(min_value=0, max_value=8))
def test_a_report_or_a_case_list_on_a_full_disk_leaves_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    demo_home: Path,
    fail_at: int,
) -> None:
    home, out = _fresh(demo_home, tmp_path_factory)
    report = ["report", "--assessment", "1", "--out", str(out / "assessment.pdf")]
    _fails_cleanly(capsys, monkeypatch, home, out, fail_at, lambda: report)
    cases = SHARED_DATA / "annex-a" / "Annex_A-sample.xlsx"
    if not cases.exists():
        pytest.skip(f"{cases} is not on this machine")
    # a visit of its own: a visit whose audits have started keeps its case list
    made = run_cli(
        capsys,
        "--home",
        str(home.root),
        "visits",
        "new",
        "--title",
        "QA: full disk",
        "--kind",
        "QA",
        "--host",
        "Midthorpe Council",
    )
    assert made.code == 0, made.err
    visit = made.out.splitlines()[0]
    case_list = ["visits", "cases", "--visit", visit, str(cases), "--sheet", "List 1"]
    _fails_cleanly(capsys, monkeypatch, home, out, fail_at, lambda: case_list)
