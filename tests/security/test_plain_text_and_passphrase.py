"""Bundle text is shown, never obeyed, in the terminal; passphrases have a sensible length."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.commands.context import print_table
from desktop_app.exchange.keys import KeyStore, KeyStoreError, passphrase_problem
from desktop_app.plain_text import visible
from tests.helpers import run_cli


@given(st.text())
def test_visible_text_is_one_printable_line(text: str) -> None:
    shown = visible(text)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    assert all(
        unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") for ch in shown
    )
    assert visible(shown) == shown  # already safe text is left alone


def test_escapes_and_bidi_controls_are_shown_as_escapes() -> None:
    assert visible("Ann\n  signer: trusted\x1b[8m") == "Ann\\x0a  signer: trusted\\x1b[8m"
    assert visible("abc\u202edef") == "abc\\u202edef"
    assert visible("Café, Oxtown") == "Café, Oxtown"


def test_tables_printed_from_bundles_show_control_characters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_table([{"title": "Fine\nFAKE ROW\x1b[2J"}], ["title"])
    out = capsys.readouterr().out
    assert out.splitlines() == ["TITLE", "Fine\\x0aFAKE ROW\\x1b[2J"]


@pytest.mark.parametrize("passphrase", ["", "a", "short pass!", "aaaaaaaaaaaaaaaa", "abababababab"])
def test_weak_passphrases_are_refused_in_a_sentence(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    assert problem is not None and problem.endswith(".")


def test_a_long_passphrase_is_accepted() -> None:
    assert passphrase_problem("correct horse battery") is None


def test_no_keyring_and_a_one_character_passphrase_makes_no_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(KeyStoreError, match="at least 12 characters"):
        KeyStore(tmp_path / "a").create_identity("Ann", "Oxtown Borough Council", "x")
    monkeypatch.setenv("CRITICAL_FRIEND_PASSPHRASE", "x")
    home = tmp_path / "b"
    result = run_cli(
        capsys, "--home", str(home), "keys", "init", "--name", "Ann", "--org", "Oxtown"
    )
    assert result.code != 0 and "at least 12 characters" in result.err
    assert not (home / "keys" / "identity.json").exists()
    # Nothing changed: the passphrase was checked before the council was set.
    assert "Your council is now" not in result.out
    assert result.err.strip().endswith("Nothing was changed.")
    monkeypatch.setenv("CRITICAL_FRIEND_PASSPHRASE", "three random words")
    made = run_cli(
        capsys,
        "--home",
        str(home),
        "keys",
        "init",
        "--name",
        "Ann",
        "--org",
        "Munbridge City Council",
    )
    assert made.code == 0, made.err
    assert "Your council is now Munbridge City Council." in made.out
