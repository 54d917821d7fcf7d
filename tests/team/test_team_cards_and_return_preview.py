"""Reading a team member's key card file (whatever the file holds: a card, or one sentence), the
return's preview before it is sent, and the quick JSON check of answers arriving in returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.app.context import AppContext
from desktop_app.app.team import read_team_card, return_preview
from desktop_app.errors import UserError
from desktop_app.home import Home
from desktop_app.store.repositories.team_merge import _check_json
from tests.team.laptops import COUNCIL, laptop


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8")))
def test_any_file_given_as_a_key_card_is_read_or_refused_in_one_sentence(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "card.txt"
    path.write_bytes(content)
    try:
        card = read_team_card(path)
    except UserError as error:
        assert error.message.endswith((".", ")")) and "\n" not in error.message
        assert "Traceback" not in error.message
    else:
        assert card.fingerprint.startswith("SHA256:")


def test_a_real_key_card_names_its_owner_and_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = laptop(tmp_path, capsys, "Ann Ryder")
    card = read_team_card(ann.card)
    assert (card.name, card.org, card.can_encrypt) == ("Ann Ryder", COUNCIL, True)
    assert card.fingerprint in ann.ok("keys", "show").out
    with pytest.raises(UserError, match="Cannot read the key card"):
        read_team_card(tmp_path / "missing.card")


def test_a_visit_led_here_has_nobody_to_return_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    lead.ok("visits", "new", "--title", "SAV", "--kind", "SAV", "--host", COUNCIL)
    context = AppContext(Home(lead.root))
    try:
        preview = return_preview(context, 1)
    finally:
        context.close()
    assert preview.problem is not None and "led from this laptop" in preview.problem
    assert preview.lead is None and preview.audits == []


@given(st.text(max_size=40) | st.sampled_from(['"good"', "null", "-12", '"a\\nb"', "01", '"\x01"']))
def test_the_quick_json_check_agrees_with_the_json_parser(text: str) -> None:
    try:
        json.loads(text)
    except ValueError:
        parsed = False
    else:
        parsed = True
    try:
        _check_json(text)
    except ValueError:
        checked = False
    else:
        checked = True
    assert checked == parsed
