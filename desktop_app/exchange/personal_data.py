"""A check for likely personal data in what is about to leave the laptop.

It looks for names after a title (Mr, Mrs, Ms, Miss, Mx, Dr), dates near "DOB"/"born"/"date of
birth", NHS numbers whose modulus-11 check digit is valid, and UK postcodes. It cannot prove a
text is free of personal data; it catches the common slips so a person can look at each one.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

REMOVED = "[removed before export]"
_EXCERPT_CHARS = 30

_TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z][a-zA-Z'\-]+(?:[ \t]+[A-Z][a-zA-Z'\-]+)?"
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTHS}[ \t,]+\d{{4}})"
)
_BIRTH_DATE = re.compile(
    rf"\b(?:d\.?o\.?b\.?|born|date[ \t]+of[ \t]+birth)(?:\W|\s|on|in){{0,12}}?({_DATE})",
    re.IGNORECASE,
)
_NHS_CANDIDATE = re.compile(r"(?<![\w-])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\w-])")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class PersonalDataFinding:
    """One likely piece of personal data: where it is, what it looks like, and the text around it."""

    path: tuple[str | int, ...]
    where: str
    kind: str
    match: str
    excerpt: str


def nhs_number_is_valid(digits: str) -> bool:
    """True when ten digits carry a valid NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_in_text(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, matched text, start, end) of each likely piece of personal data in `text`."""
    found: list[tuple[str, str, int, int]] = []
    for match in _TITLE_NAME.finditer(text):
        found.append(("name after a title", match.group(0), match.start(), match.end()))
    for match in _BIRTH_DATE.finditer(text):
        found.append(("date of birth", match.group(1), match.start(1), match.end(1)))
    for match in _NHS_CANDIDATE.finditer(text):
        if nhs_number_is_valid("".join(match.groups())):
            found.append(("NHS number", match.group(0), match.start(), match.end()))
    for match in _POSTCODE.finditer(text):
        if any(ch.isalpha() for ch in match.group(0)[:2]):
            found.append(("postcode", match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda item: item[2])


def _excerpt(text: str, start: int, end: int) -> str:
    before = text[max(0, start - _EXCERPT_CHARS) : start]
    after = text[end : end + _EXCERPT_CHARS]
    raw = f"{'…' if start > _EXCERPT_CHARS else ''}{before}{text[start:end]}{after}"
    raw += "…" if end + _EXCERPT_CHARS < len(text) else ""
    return " ".join(raw.split())


def _strings(
    value: Any, path: tuple[str | int, ...], labels: tuple[str, ...]
) -> Iterator[tuple[tuple[str | int, ...], tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, labels, value
    elif isinstance(value, dict):
        title = value.get("title")
        here = (*labels, title) if isinstance(title, str) and title else labels
        for key, child in value.items():
            yield from _strings(child, (*path, key), (*here, str(key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index), labels)


def find_personal_data(
    document: Any, *, skip_keys: Sequence[str] = ("definitions",)
) -> list[PersonalDataFinding]:
    """Every likely piece of personal data in the strings of a JSON-like document.

    Top-level keys in `skip_keys` (the form definitions: the template's own wording) are skipped.
    """
    findings: list[PersonalDataFinding] = []
    items = document.items() if isinstance(document, dict) else [("", document)]
    for key, value in items:
        if key in skip_keys:
            continue
        start_path: tuple[str | int, ...] = (key,) if key != "" else ()
        for path, labels, text in _strings(value, start_path, (str(key),) if key else ()):
            for kind, matched, start, end in find_in_text(text):
                findings.append(
                    PersonalDataFinding(
                        path=path,
                        where=" › ".join(labels),
                        kind=kind,
                        match=matched,
                        excerpt=_excerpt(text, start, end),
                    )
                )
    return findings


def remove_findings(document: Any, findings: Sequence[PersonalDataFinding]) -> Any:
    """A copy of `document` with each finding's text replaced by a visible removal mark."""
    result = copy.deepcopy(document)
    for finding in findings:
        parent: Any = result
        for step in finding.path[:-1]:
            parent = parent[step]
        last = finding.path[-1]
        text = parent[last]
        if isinstance(text, str):
            parent[last] = text.replace(finding.match, REMOVED)
    return result
