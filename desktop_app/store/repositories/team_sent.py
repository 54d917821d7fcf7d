"""Which visit each team bundle written on this laptop belongs to, by the visit's UUID.

The export log (``export_log``) keeps every bundle that left the laptop, but not the visit a
team bundle (an assignment or an audit return) was of. Matching by the title it names would
mix up two visits of the same title and lose track of a visit whose title the lead edited, so
``write_team_bundle`` records here, in the same transaction as the export log's row, the
bundle's External-Identifier under the UUID of its visit (the visit's identity on every laptop
of the team; kept in the ``setting`` table as one JSON object). Bundles written before this
record existed are not in it (``visit_of`` gives None for them).
"""

from __future__ import annotations

from sqlmodel import Session

from desktop_app.store.repositories.settings import get_setting, set_setting

_KEY = "team_bundles_sent"


def _sent(session: Session) -> dict[str, str]:
    value = get_setting(session, _KEY, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def record_sent(session: Session, external_identifier: str, visit_uuid: str) -> None:
    """Remember that the bundle ``external_identifier`` (bag-info External-Identifier) was
    written for the visit with UUID ``visit_uuid``."""
    sent = _sent(session)
    sent[external_identifier] = visit_uuid
    set_setting(session, _KEY, sent)


def visits_of_sent(session: Session) -> dict[str, str]:
    """External-Identifier -> visit UUID of every team bundle recorded here."""
    return _sent(session)
