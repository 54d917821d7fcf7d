"""The data profile's CSV template: every indicator and series for a period, values to fill in.

It writes only the file, so it runs while the window has the home open (the catalogue of shipped
indicators is stored first if it is not yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from desktop_app.output_files import describe_write_error, put_in_place


@dataclass(frozen=True)
class WriteProfileTemplate:
    """Where to write the CSV, and the period to fill ("2025-26"; None: the last full year)."""

    path: Path
    period: str | None = None


@dataclass(frozen=True)
class ProfileTemplateWritten:
    """The file written, its period and how many indicators it lists (each with 4 series)."""

    path: Path
    period: str
    indicators: int
    changed: Changed = Changed.NONE


def write_profile_template(
    ctx: AppContext, request: WriteProfileTemplate
) -> ProfileTemplateWritten:
    """Write the template (columns indicator,period,series,value). Raises UserError for a period
    that is not one year ("2025-26") or a file that cannot be written; a failed write leaves no
    partial file."""
    from desktop_app.store.repositories.assessments import AssessmentError, check_period
    from desktop_app.store.repositories.data_profile import (
        current_data_period,
        ensure_catalogue,
        list_indicators,
        template_csv,
    )

    try:
        period = check_period(request.period) if request.period else current_data_period()
    except AssessmentError as exc:
        raise UserError(str(exc)) from exc
    with ctx.database.session() as session:
        ensure_catalogue(session)
        ids = [indicator.id for indicator in list_indicators(session)]
    path = request.path
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(template_csv(ids, period), encoding="utf-8")
        put_in_place(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(describe_write_error(exc, path)) from exc
    return ProfileTemplateWritten(path=path, period=period, indicators=len(ids))
