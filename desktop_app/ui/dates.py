"""Dates and times on screen, one way everywhere: "30 Nov 2026" and "30 Nov 2026 12:08"."""

from __future__ import annotations

from datetime import date, datetime

from forms.dates import MONTHS


def shown_date(value: object) -> str:
    """A stored date or time (ISO text, date or datetime) as "30 Nov 2026" or "30 Nov 2026 12:08";
    anything else as it is ("" for None)."""
    if value is None:
        return ""
    moment: date | None = value if isinstance(value, date) else None
    if moment is None:
        text = str(value).strip()
        try:
            moment = (
                datetime.fromisoformat(text.replace("Z", "+00:00"))
                if len(text) > 10
                else date.fromisoformat(text)
            )
        except ValueError:
            return text
    day = f"{moment.day} {MONTHS[moment.month - 1][:3]} {moment.year}"
    if isinstance(moment, datetime):
        return f"{day} {moment:%H:%M}"
    return day
