"""Each hostile input of ../shared/cases/security/ against its receiving home, with the right result.

The receiving home trusts Midthorpe Council's and Oxtown Borough Council's keys; it belongs to
Munbridge City Council. See the cases folder's README for what each input did before.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from desktop_app.home import Home
from desktop_app.store.database import open_database
from forms import FormDefinition
from forms.relevance import compute_calculated
from tests.helpers import CliResult, run_cli

from .conftest import case


def _cli(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> CliResult:
    return run_cli(capsys, "--home", str(home), *args)


def _stored_bundles(home: Path) -> list[tuple[str, int]]:
    connection = sqlite3.connect(home / "critical-friend.db")
    try:
        return list(connection.execute("SELECT source_organisation, trusted FROM imported_bundle"))
    finally:
        connection.close()


def _no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.err + result.out
    assert result.err.startswith("critical-friend: ") or result.code in (0, 3)


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("26-trusted-A-claims-B-bag-info", "Source-Organization in bag-info.txt"),
        ("26b-trusted-A-claims-B-signer-comment", "the comment of signer.pub"),
        ("26c-trusted-A-claims-recv-own-council", "the comment of signer.pub"),
    ],
)
def test_26_a_trusted_key_claiming_another_council_is_refused_and_nothing_stored(
    capsys: pytest.CaptureFixture[str], receiving_home: Path, name: str, where: str
) -> None:
    bundle = case(f"{name}.cfbundle")
    verified = _cli(capsys, receiving_home, "verify", str(bundle))
    assert verified.code == 1
    assert "trust for Oxtown Borough Council" in verified.err
    assert where in verified.err and "check: claim-mismatch" in verified.err
    assert "signer:      trusted" not in verified.out
    imported = _cli(capsys, receiving_home, "import", str(bundle))
    assert imported.code == 1 and "claim-mismatch" in imported.err
    _no_traceback(imported)
    assert _stored_bundles(receiving_home) == []
    assert not (receiving_home / "bundles").exists() or not any(
        (receiving_home / "bundles").iterdir()
    )


def test_41_form_calc_doubling_40_opens_in_bounded_memory(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    bundle = case("41-form-calc-doubling-40.cfbundle")
    refused = _cli(capsys, receiving_home, "import", str(bundle))
    assert refused.code == 3 and "nothing of it was stored" in refused.err
    assert _stored_bundles(receiving_home) == []
    kept = _cli(capsys, receiving_home, "import", "--keep-untrusted", str(bundle))
    assert kept.code == 3, kept.err
    (row,) = _stored_bundles(receiving_home)
    assert row == ("Unknown signer (claims “Nowhere Council”)", 0)
    connection = sqlite3.connect(receiving_home / "critical-friend.db")
    try:
        (document,) = connection.execute("SELECT document FROM imported_bundle").fetchone()
    finally:
        connection.close()
    record = json.loads(document)["assessments"][0]
    snapshot = json.loads(document)["definitions"][record["definition"]]
    definition = FormDefinition.from_snapshot(snapshot)
    tracemalloc.start()
    try:
        values = compute_calculated(definition, record["answers"])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # 2 GB before the budgets
    assert values["c1"] == "x" * 16
    assert values["c40"] is None  # past the text budget: null, never a 8 TB string
    assert all(len(v) <= 100_000 for v in values.values() if isinstance(v, str))


def test_34_untrusted_comment_newline_fake_trusted_prints_no_fake_line(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    result = _cli(
        capsys,
        receiving_home,
        "verify",
        str(case("34-untrusted-comment-newline-fake-trusted.cfbundle")),
    )
    assert result.code == 3
    lines = result.out.splitlines()
    assert not any(line.strip().startswith("signer:") for line in lines)
    assert "\x1b" not in result.out + result.err
    assert "\\x0a  signer:      trusted\\x0a\\x1b[8m" in result.out  # shown, not obeyed
    assert "(claims)" in result.out


def test_34d_untrusted_comment_html_is_plain_text_in_the_terminal(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    result = _cli(
        capsys, receiving_home, "verify", str(case("34d-untrusted-comment-html.cfbundle"))
    )
    assert result.code == 3
    assert "from:        unknown signer" in result.out
    assert "(claims) <b>Oxtown</b>" in result.out  # the claim is shown as a claim, literally


@pytest.mark.parametrize(
    "name", ["28-response-never-sent-trusted", "28b-response-never-sent-untrusted"]
)
def test_28_a_response_to_a_bundle_never_sent_is_refused(
    capsys: pytest.CaptureFixture[str], receiving_home: Path, name: str
) -> None:
    imported = _cli(
        capsys, receiving_home, "import", "--keep-untrusted", str(case(f"{name}.cfbundle"))
    )
    assert imported.code == 1
    _no_traceback(imported)
    assert "never sent" in imported.err or "claim-mismatch" in imported.err
    received = _cli(capsys, receiving_home, "challenge", "list", "--received", "--json")
    assert received.code == 0 and json.loads(received.out) == []
    assert _stored_bundles(receiving_home) == []


def test_37_signerpub_nonascii_unsigned_is_refused_in_one_sentence(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    bundle = case("37-signerpub-nonascii-unsigned.cfbundle")
    for command in ("verify", "import"):
        result = _cli(capsys, receiving_home, command, str(bundle))
        assert result.code == 1
        _no_traceback(result)
        assert "signer.pub is not an OpenSSH public key line" in result.err


def test_38_card_nonascii_is_refused_in_one_sentence(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    result = _cli(
        capsys, receiving_home, "keys", "trust", "--yes", str(case("38-card-nonascii.card"))
    )
    assert result.code == 2
    _no_traceback(result)
    assert "damaged" in result.err


def test_33c_json_lone_surrogate_is_refused_by_verify_and_import(
    capsys: pytest.CaptureFixture[str], receiving_home: Path
) -> None:
    bundle = case("33c-json-lone-surrogate.cfbundle")
    for command in ("verify", "import"):
        result = _cli(capsys, receiving_home, command, str(bundle))
        assert result.code == 1, result.out
        assert "check: json-text" in result.err
        _no_traceback(result)
    assert _stored_bundles(receiving_home) == []


def test_40d_age_truncated_is_refused_naming_the_file_not_the_home(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    home = tmp_path / "home"  # its own identity, in the test keyring: the file is not for it
    assert (
        _cli(capsys, home, "keys", "init", "--name", "Rita Receiver", "--org", "Munbridge").code
        == 0
    )
    bundle = case("40d-age-truncated.cfbundle")
    for command in ("verify", "import"):
        result = _cli(capsys, home, command, str(bundle))
        assert result.code == 1
        _no_traceback(result)
        assert "40d-age-truncated.cfbundle" in result.err
        assert str(home) not in result.err
    assert not [p for p in home.iterdir() if p.name.startswith(".bundle-check-")]


def test_half_migrated_home_opens_after_setting_the_half_made_file_aside(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    home = tmp_path / "half-migrated-home"
    shutil.copytree(case("half-migrated-home"), home)
    listed = _cli(capsys, home, "list", "bundles", "--json")
    assert listed.code == 0, listed.err
    assert json.loads(listed.out) == []
    assert [p.name for p in (home / "backups").glob("*interrupted-first-start.db")]
    database = open_database(Home(home))  # and it stays usable
    database.close()
    assert _cli(capsys, home, "doctor").code == 0
