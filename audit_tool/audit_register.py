"""When each case was last audited, read from the case list itself (or the council's audit
register carried with it), so that leaving recent audits out of a sample gives the same sample on
every laptop: it never depends on which audits a laptop happens to hold.

A case list may carry a column named (ignoring case, spaces, ``_`` and ``-``) one of
:data:`LAST_AUDITED_COLUMNS`, holding an ISO date (``2026-03-14``) or a UK date (``14/03/2026``);
blank cells mean "not audited". A value that is not a date is refused naming row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from audit_tool.case_list import CaseListError, CaseRow, normalise_column_name

LAST_AUDITED_COLUMNS = (
    "last audited",
    "last audit date",
    "date last audited",
    "last audit",
    "date of last audit",
)
_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def last_audited_column(columns: Sequence[str]) -> str | None:
    """The case list's "last audited" column, or None when it has none."""
    for column in columns:
        if normalise_column_name(column) in LAST_AUDITED_COLUMNS:
            return column
    return None


def parse_audit_date(text: str) -> date | None:
    """A date from the forms a case system exports; None when ``text`` is not one."""
    value = text.strip()
    if not value:
        return None
    for form in _FORMATS:
        try:
            return datetime.strptime(value[:10] if form == "%Y-%m-%d" else value, form).date()
        except ValueError:
            continue
    return None


def last_audited_from_list(cases: Sequence[CaseRow]) -> dict[str, date]:
    """Case reference → last audit date, from the list's own column (empty when it has none).

    Raises CaseListError naming the row and column of a value that is not a date.
    """
    if not cases:
        return {}
    column = last_audited_column(list(cases[0].fields))
    if column is None:
        return {}
    found: dict[str, date] = {}
    for case in cases:
        text = str(case.fields.get(column, "")).strip()
        if not text:
            continue
        when = parse_audit_date(text)
        if when is None:
            raise CaseListError(
                f"Row {case.number}, column '{column}': '{text}' is not a date; write it like "
                "2026-03-14 or 14/03/2026, or leave it blank."
            )
        found[case.reference] = when
    return found
