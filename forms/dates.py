"""Dates as people in England type and read them: "14/05/2026" in, "14 May 2026" out.

Answers keep dates as ISO 8601 text ("2026-05-14"), whatever was typed. Typed forms accepted:
day/month/year with "/", "." or "-" between (day first, the UK order), ISO year-month-day, and
"14 May 2026" / "14 Sept 2026" with the month's name. Years have four digits, so "14/05/26" is
not guessed.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def _month_number(name: str) -> int | None:
    lowered = name.lower()
    if len(lowered) < 3:
        return None
    for number, month in enumerate(MONTHS, start=1):
        if month.lower().startswith(lowered) or (lowered == "sept" and number == 9):
            return number
    return None


def parse_date_text(text: str) -> date | None:
    """The date `text` names, or None when it is not (yet) a whole, real date."""
    cleaned = " ".join(text.split())
    try:
        if match := _NUMERIC_DMY.match(cleaned):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO.match(cleaned):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _NAMED.match(cleaned):
            number = _month_number(match.group(2))
            if number is None:
                return None
            return date(int(match.group(3)), number, int(match.group(1)))
    except ValueError:  # 31/02/2026 and the like
        return None
    return None


def long_date(value: date) -> str:
    """ "14 May 2026": day, month name and year, the same on every system locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def display_date(stored: str) -> str:
    """A stored ISO date shown as "14 May 2026" (other text is shown as it is)."""
    parsed = parse_date_text(stored) if _ISO.match(stored.strip()) else None
    return long_date(parsed) if parsed is not None else stored
