"""A signed bundle from Oxtown Borough Council, written by a real export in its own home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.exchange import KeyStore
from desktop_app.exchange.export import ExportRequest, prepare_export, write_export
from desktop_app.home import Home
from desktop_app.store.database import Database, open_database

from .content import add_content


def oxtown_bundle(
    folder: Path,
    name: str,
    *,
    assessment: bool = True,
    visit: bool = False,
    before_export: Callable[[Database], None] | None = None,
) -> Path:
    """Export Oxtown's frozen self-assessment and/or visit (no PDF reports) as `folder/name`,
    signed by a fresh identity (Fiona Grant) made in `folder/sender`; `before_export` may add
    to Oxtown's home first (e.g. import published figures)."""
    sender = open_database(Home(folder / "sender"))
    try:
        stored = add_content(sender, "Oxtown Borough Council")
        if before_export is not None:
            before_export(sender)
        identity = KeyStore(sender.home.root).create_identity(
            "Fiona Grant", "Oxtown Borough Council", None
        )
        request = ExportRequest(
            assessment_ids=(stored.assessment_id,) if assessment else (),
            visit_ids=(stored.visit_id,) if visit else (),
            with_reports=False,
        )
        out = folder / name
        write_export(sender, prepare_export(sender, request), identity, out)
    finally:
        sender.close()
    return out
