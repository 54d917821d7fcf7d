"""A visit's imported case list, stored as one ``visit_case_list`` row a visit.

The list is the population the sample is drawn from: often thousands of children, of whom only
the sampled few are audited. Storing it as one row a case made its import cost more than
reading the file twice over (issue 17: a 20,000-row list stored in at most 3x the time to read
it), so it is kept whole, column by column:

* ``column_names``: JSON list of the columns kept, in the list's order;
* ``reference_column``: which of them is the case reference;
* ``size``: the number of cases;
* ``cases``: zlib-compressed (RFC 1950) UTF-8 text of each case's spreadsheet row number and one
  list of texts per column, cases in file order, in one of two forms:

  - separated (the usual one): the numbers joined by ``,``, then each column's texts joined by
    U+001F (unit separator), the parts joined by U+001E (record separator), ASCII's own
    separators, which a case list's cells do not hold;
  - JSON ``{"numbers": [...], "values": [[...], ...]}`` (starts with ``{``), when a cell does
    hold one of those two characters, and for lists moved here by migration 0007.

  Joining texts costs a fraction of encoding them as JSON, for the same result.

The cases on the audit list (sampled, added, swapped in) are ``visit_case`` rows of their own,
with their fields copied from the list (see ``repositories.visits``).

A stored list that cannot be read back whole (a damaged disk, a truncated copy, a file edited by
hand) raises :class:`DamagedCaseListError` naming the visit and what to do, never a traceback
and never part of a list.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator

from sqlmodel import Session

from audit_tool import CaseList, CaseRow
from desktop_app.errors import UserError
from desktop_app.store.models.core import utcnow

COMPRESSION_LEVEL = 1
"""zlib level: the fastest; a 20,000-row Annex A list's 3.4 MB of JSON becomes about 0.9 MB."""


_UNIT = "\x1f"
_RECORD = "\x1e"


def encode_cases(case_list: CaseList) -> bytes:
    """The ``cases`` value of ``case_list``: its row numbers and columns, compressed."""
    columns = [_UNIT.join(values) for values in case_list.values]
    separated = bool(case_list.numbers) and all(
        _RECORD not in text and text.count(_UNIT) == len(values) - 1
        for text, values in zip(columns, case_list.values, strict=True)
    )
    if separated:
        text = _RECORD.join([",".join(map(str, case_list.numbers)), *columns])
    else:
        text = json.dumps(
            {"numbers": case_list.numbers, "values": case_list.values},
            ensure_ascii=False,
            separators=(",", ":"),
        )
    return zlib.compress(text.encode("utf-8"), COMPRESSION_LEVEL)


class DamagedCaseListError(UserError):
    """A visit's stored case list cannot be read back whole; the message names the visit and
    says to import the list again (exit code 5, as a damaged database)."""

    exit_code = 5

    def __init__(self, visit_id: int | None, reason: str) -> None:
        which = "a visit" if visit_id is None else f"visit {visit_id}"
        again = "FILE" if visit_id is None else f"--visit {visit_id} FILE"
        super().__init__(
            f"The case list stored for {which} is damaged ({reason}); import the visit's case "
            f"list again (Import case list on the visit page, or 'critical-friend visits cases "
            f"{again}')."
        )
        self.visit_id = visit_id


def decode_cases(
    column_names: list[str], reference_column: str, cases: bytes, *, visit_id: int | None = None
) -> CaseList:
    """The case list stored as ``column_names``, ``reference_column`` and ``cases``.

    Raises :class:`DamagedCaseListError` when ``cases`` is not a whole list of that shape
    (not zlib data, not UTF-8, not either stored form, columns of different lengths).
    """
    try:
        text = zlib.decompress(cases).decode("utf-8")
    except (zlib.error, UnicodeDecodeError, TypeError) as exc:
        raise DamagedCaseListError(visit_id, "its data cannot be unpacked") from exc
    try:
        if text.startswith("{"):
            stored = json.loads(text)
            numbers, values = stored["numbers"], stored["values"]
        else:
            first, *columns = text.split(_RECORD)
            numbers = list(map(int, first.split(",")))
            values = [column.split(_UNIT) for column in columns]
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedCaseListError(visit_id, "its cases cannot be read") from exc
    _check_shape(visit_id, column_names, reference_column, numbers, values)
    return CaseList(
        columns=column_names, values=values, numbers=numbers, reference_column=reference_column
    )


def _check_shape(
    visit_id: int | None,
    column_names: object,
    reference_column: object,
    numbers: object,
    values: object,
) -> None:
    """Raise ``DamagedCaseListError`` unless the decoded parts make a whole case list: texts
    for names, the reference among them, whole row numbers, one column of texts a name, each
    as long as the numbers."""
    if not (
        isinstance(column_names, list)
        and all(isinstance(name, str) for name in column_names)
        and reference_column in column_names
    ):
        raise DamagedCaseListError(visit_id, "its column names cannot be read")
    if not (
        isinstance(numbers, list)
        and all(type(number) is int for number in numbers)
        and isinstance(values, list)
        and len(values) == len(column_names)
        and all(
            isinstance(column, list)
            and len(column) == len(numbers)
            and all(isinstance(text, str) for text in column)
            for column in values
        )
    ):
        raise DamagedCaseListError(visit_id, "its cases do not fit its columns")


def _column_names(visit_id: int | None, stored: str) -> list[str]:
    """The stored JSON list of column names (``DamagedCaseListError`` when it is not one)."""
    try:
        names = json.loads(stored)
    except (ValueError, TypeError) as exc:
        raise DamagedCaseListError(visit_id, "its column names cannot be read") from exc
    if not (isinstance(names, list) and all(isinstance(name, str) for name in names)):
        raise DamagedCaseListError(visit_id, "its column names cannot be read")
    return names


def write_case_list(session: Session, visit_id: int, case_list: CaseList) -> None:
    """Store ``case_list`` as the visit's list, replacing an earlier one, in the session's
    transaction (one row; the caller checks whether the list may be replaced)."""
    session.flush()
    session.connection().exec_driver_sql(
        "INSERT OR REPLACE INTO visit_case_list (visit_id, column_names, reference_column, size, "
        "cases, added_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            visit_id,
            json.dumps(case_list.columns, ensure_ascii=False),
            case_list.reference_column,
            len(case_list),
            encode_cases(case_list),
            utcnow().strftime("%Y-%m-%d %H:%M:%S.%f"),  # SQLAlchemy's SQLite DATETIME text
        ),
    )


def stored_case_list(session: Session, visit_id: int) -> CaseList | None:
    """The visit's imported case list, or None when none was imported."""
    row = (
        session.connection()
        .exec_driver_sql(
            "SELECT column_names, reference_column, cases FROM visit_case_list WHERE visit_id = ?",
            (visit_id,),
        )
        .first()
    )
    if row is None:
        return None
    return decode_cases(_column_names(visit_id, row[0]), row[1], row[2], visit_id=visit_id)


def case_list_rows(session: Session, visit_id: int) -> list[CaseRow]:
    """The imported case list's cases, in the order they were imported (empty when none)."""
    case_list = stored_case_list(session, visit_id)
    return [] if case_list is None else case_list.rows


def case_list_columns(session: Session, visit_id: int) -> list[str]:
    """The imported case list's columns (empty when none was imported)."""
    row = (
        session.connection()
        .exec_driver_sql("SELECT column_names FROM visit_case_list WHERE visit_id = ?", (visit_id,))
        .first()
    )
    return [] if row is None else _column_names(visit_id, row[0])


def case_list_fields(session: Session, visit_id: int, reference: str) -> dict[str, str]:
    """The imported case list's fields for the case ``reference`` (empty when not listed)."""
    case_list = stored_case_list(session, visit_id)
    if case_list is None or reference not in case_list.references:
        return {}
    index = case_list.references.index(reference)
    return {
        column: values[index]
        for column, values in zip(case_list.columns, case_list.values, strict=True)
    }


def listed_references(session: Session) -> Iterator[str]:
    """Every case reference on any visit's imported case list (``DamagedCaseListError`` for a
    list that cannot be read: then no one can say which references a bundle must not carry)."""
    rows = session.connection().exec_driver_sql(
        "SELECT visit_id, column_names, reference_column, cases FROM visit_case_list"
    )
    for visit_id, names, reference_column, cases in rows.all():
        columns = _column_names(visit_id, names)
        yield from decode_cases(columns, reference_column, cases, visit_id=visit_id).references
