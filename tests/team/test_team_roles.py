"""One vocabulary of team roles (lead, auditor, moderator): what is stored, typed in the visit
dialog, given to `visits team --role` and carried in assignments; "observer", which earlier
versions offered and nothing treated differently from a moderator, still loads, as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.store.database import Database
from desktop_app.store.models import VisitMember
from desktop_app.store.repositories.team import members, split_cases
from desktop_app.store.repositories.visits import (
    TeamMember,
    VisitDetails,
    VisitError,
    create_visit,
    team_of,
)
from desktop_app.store.vocabulary import TeamRole
from tests.team.laptops import laptop
from tests.team.test_merge_rules import _visit


@pytest.mark.parametrize("stored", ["observer", "Moderator ", "lead", "auditor"])
def test_every_stored_team_role_loads_as_one_of_the_three(stored: str) -> None:
    role = TeamRole.stored(stored)
    assert role in set(TeamRole) and len(TeamRole) == 3
    assert role == ("moderator" if stored.strip().lower() in ("observer", "moderator") else stored)


def test_an_unknown_team_role_is_refused_with_a_sentence(database: Database) -> None:
    with pytest.raises(ValueError):
        TeamRole.stored("spectator")
    bad = VisitDetails("SAV", "sav", 1, team=[TeamMember("Ann Ryder", "spectator")])
    with (
        database.session() as session,
        pytest.raises(VisitError, match=r"'spectator' is not a team role .*lead, auditor"),
    ):
        create_visit(session, bad)


def test_an_observer_row_from_an_earlier_version_loads_as_a_moderator(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        session.add(VisitMember(visit_id=visit_id, name="Olu Ade", role="observer"))
    with database.session() as session:
        olu = next(m for m in members(session, visit_id) if m.name == "Olu Ade")
        listed = next(m for m in team_of(session, visit_id) if m.name == "Olu Ade")
        counts, _warning = split_cases(session, visit_id)
    assert olu.role is TeamRole.MODERATOR and listed.role == "moderator"
    assert "Olu Ade" not in counts  # a moderator is given no cases


def test_the_team_command_offers_the_three_roles_and_refuses_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    lead.ok("visits", "new", "--title", "QA", "--kind", "QA", "--host", "Midthorpe Council")
    assert "lead|auditor|moderator" in lead.ok("visits", "team", "--help").out
    refused = lead.cli("visits", "team", "--visit", "1", "--add", "Olu Ade", "--role", "observer")
    assert refused.code == 2 and "invalid choice" in refused.err
    lead.ok("visits", "team", "--visit", "1", "--add", "Olu Ade", "--role", "moderator")
