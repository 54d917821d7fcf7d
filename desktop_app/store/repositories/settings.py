"""Remembered choices, as JSON values keyed by name."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from desktop_app.store.models import Setting

FIRST_START_DONE = "first_start_done"
CURRENT_USER = "current_user"


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    encoded = json.dumps(value)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
        session.add(row)
    session.flush()
