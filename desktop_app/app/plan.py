"""The improvement plan's operations: list (with filters, RAG and overdue), add, update, export.

Used by the Plan screen and by ``critical-friend plan list|add|update|export|import``. Every
action names its owner, and every progress note its author (name and council, from the signing
identity: ``desktop_app.app.people``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.people import current_person
from desktop_app.errors import UserError
from desktop_app.output_files import put_in_place
from desktop_app.store.repositories.plan import (
    ILACS_AREAS,
    NewAction,
    PlanActionRow,
    PlanError,
    PlanSource,
    PlanStatus,
    ProgressEntry,
    Rag,
    check_area,
    is_overdue,
    rag_of,
)

__all__ = [
    "AddPlanAction",
    "ExportFormat",
    "ExportPlan",
    "PlanActionAdded",
    "PlanActionRow",
    "PlanActionUpdated",
    "PlanAreaChoices",
    "PlanExported",
    "PlanFilter",
    "PlanInputError",
    "PlanSource",
    "PlanStatus",
    "ProgressEntry",
    "Rag",
    "UpdatePlanAction",
    "add_plan_action",
    "check_area",
    "export_plan",
    "list_plan",
    "parse_due",
    "parse_status",
    "plan_owners",
    "update_plan_action",
]

ExportFormat = Literal["pdf", "xlsx"]
# Choices for an action's ILACS area, for screens: (id, name), "" for none.
PlanAreaChoices: tuple[tuple[str, str], ...] = (
    ("", "Not linked to an area"),
    *ILACS_AREAS.items(),
)


class PlanInputError(UserError):
    """A plan operation was given something it cannot use; the message says what to do."""


@dataclass(frozen=True)
class PlanFilter:
    """Which actions to show; empty means any. ``today`` sets RAG and overdue (default: today)."""

    source: PlanSource | None = None
    owner: str = ""
    area: str = ""
    status: PlanStatus | None = None
    today: date | None = None

    def keeps(self, row: PlanActionRow) -> bool:
        """True when the row passes every filter given (owner matched without case)."""
        return (
            (self.source is None or row.source == self.source)
            and (not self.owner or self.owner.casefold() in row.owner.casefold())
            and (not self.area or row.area == self.area)
            and (self.status is None or row.status == self.status)
        )


def list_plan(ctx: AppContext, wanted: PlanFilter = PlanFilter()) -> list[PlanActionRow]:
    """The plan's actions that pass ``wanted``: overdue first, then by due date."""
    from desktop_app.store.repositories.plan import all_actions, progress_notes

    today = wanted.today or date.today()
    with ctx.database.session() as session:
        actions = all_actions(session)
        notes = progress_notes(session, [a.id for a in actions if a.id is not None])
        rows = [
            PlanActionRow(
                id=int(action.id or 0),
                what=action.what,
                why=action.why,
                source=PlanSource(action.source),
                source_ref=action.source_ref,
                area=action.area,
                owner=action.owner,
                due=action.due,
                status=PlanStatus(action.status),
                status_reason=action.status_reason,
                rag=rag_of(action.status, action.due, today),
                overdue=is_overdue(action, today),
                created_by=action.created_by,
                progress=tuple(
                    ProgressEntry(
                        note.created_at.date().isoformat(),
                        note.author,
                        note.text,
                        note.status_before,
                        note.status_after,
                    )
                    for note in notes.get(int(action.id or 0), [])
                ),
            )
            for action in actions
        ]
    kept = [row for row in rows if wanted.keeps(row)]
    return sorted(kept, key=lambda row: (not row.overdue, row.due, row.id))


@dataclass(frozen=True)
class AddPlanAction:
    """A new action: what, owner (a person's name), due date; optionally why, area and origin."""

    what: str
    owner: str
    due: date
    why: str = ""
    area: str = ""
    source: PlanSource = PlanSource.OWN
    source_ref: str = ""


@dataclass(frozen=True)
class PlanActionAdded:
    """The new action's id."""

    action_id: int
    changed: Changed = Changed.PLAN


def add_plan_action(ctx: AppContext, request: AddPlanAction) -> PlanActionAdded:
    """Add an action (status not started), created by the current person.

    Raises PlanInputError for an empty what or owner, or an unknown ILACS area."""
    from desktop_app.store.repositories.plan import add_action

    person = current_person(ctx)
    try:
        with ctx.database.session() as session:
            action = add_action(
                session,
                NewAction(
                    what=request.what,
                    owner=request.owner,
                    due=request.due,
                    why=request.why,
                    source=request.source,
                    source_ref=request.source_ref,
                    area=request.area,
                ),
                by=person.label,
            )
            return PlanActionAdded(int(action.id or 0))
    except PlanError as error:
        raise PlanInputError(str(error)) from None


@dataclass(frozen=True)
class UpdatePlanAction:
    """A status change and/or a progress note on one action (a drop needs the note as reason)."""

    action_id: int
    status: PlanStatus | None = None
    note: str = ""


@dataclass(frozen=True)
class PlanActionUpdated:
    """The action's status after the update."""

    action_id: int
    status: PlanStatus
    changed: Changed = Changed.PLAN


def update_plan_action(ctx: AppContext, request: UpdatePlanAction) -> PlanActionUpdated:
    """Record progress on an action, dated and signed with the current person's name.

    Raises PlanInputError for an unknown action, nothing to record, or a drop without a reason."""
    from desktop_app.store.repositories.plan import get_action, update_action

    person = current_person(ctx)
    try:
        with ctx.database.session() as session:
            update_action(
                session,
                request.action_id,
                by=person.label,
                status=request.status,
                note=request.note,
            )
            status = PlanStatus(get_action(session, request.action_id).status)
    except PlanError as error:
        raise PlanInputError(str(error)) from None
    return PlanActionUpdated(request.action_id, status)


def parse_status(text: str) -> PlanStatus:
    """A status from a person's words; raises PlanInputError naming the statuses."""
    try:
        return PlanStatus.parse(text)
    except PlanError as error:
        raise PlanInputError(str(error)) from None


def parse_due(text: str, where: str = "--due") -> date:
    """An ISO date (2027-03-31); raises PlanInputError saying how to write one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanInputError(
            f"{where}: {text!r} is not a date; write it as YYYY-MM-DD, like 2027-03-31."
        ) from None


@dataclass(frozen=True)
class ExportPlan:
    """Write the plan as a PDF (for the DCS and lead member) or an XLSX workbook."""

    format: ExportFormat
    out: Path
    today: date | None = None


@dataclass(frozen=True)
class PlanExported:
    """The written file and how many actions it holds."""

    path: Path
    actions: int
    changed: Changed = Changed.NONE


def export_plan(ctx: AppContext, request: ExportPlan) -> PlanExported:
    """Write the whole plan to ``request.out`` (written to a temporary file, then moved in place,
    so a failure leaves no half-written file). Raises PlanInputError for a missing folder."""
    import os
    import tempfile

    out = Path(request.out)
    if not out.parent.is_dir():
        raise PlanInputError(f"The folder {out.parent} does not exist; choose where to save.")
    rows = list_plan(ctx, PlanFilter(today=request.today))
    council = _home_council(ctx)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".plan-", suffix=out.suffix, dir=out.parent)
        os.close(handle)
    except OSError as error:
        from desktop_app.output_files import describe_write_error

        raise PlanInputError(describe_write_error(error, out)) from None
    temp = Path(temp_name)
    try:
        if request.format == "pdf":
            from desktop_app.reports.plan_report import write_plan_pdf

            write_plan_pdf(rows, temp, council=council, today=request.today or date.today())
        else:
            from desktop_app.reports.plan_workbook import write_plan_xlsx

            write_plan_xlsx(rows, temp, council=council)
        put_in_place(temp, out)
    except OSError as error:
        from desktop_app.output_files import describe_write_error

        raise PlanInputError(describe_write_error(error, out)) from None
    finally:
        temp.unlink(missing_ok=True)
    return PlanExported(out, len(rows))


def _home_council(ctx: AppContext) -> str:
    from desktop_app.store.repositories.organisations import home_organisation

    with ctx.database.session() as session:
        home = home_organisation(session)
        return home.name if home else ""


@dataclass(frozen=True)
class PlanPeople:
    """Choices for the screen's filters: the owners named in the plan."""

    owners: list[str] = field(default_factory=list)


def plan_owners(ctx: AppContext) -> PlanPeople:
    """Every owner named in the plan, in alphabetical order."""
    return PlanPeople(sorted({row.owner for row in list_plan(ctx)}))
