"""A check for likely personal data in what is about to leave the laptop.

It looks for names after a title (Mr, Mrs, Ms, Miss, Mx, Dr), names without a title (a common
given name and a capitalised surname, in prose of five words or more), dates near
"DOB"/"born"/"date of birth", dates written in words ("April 3, 2015", "3rd of April 2015"), NHS
numbers whose modulus-11 check digit is valid, UK postcodes, UK phone numbers (Ofcom's national
numbering: 0 or +44, then 10 digits starting 1, 2, 3 or 7), e-mail addresses, National Insurance
numbers (HMRC's format: two prefix letters, six digits, a suffix A-D; the prefixes HMRC never
issues are left out), street addresses (a house number and a street word), and references of the
council's cases that were not audited (so not pseudonymised). It cannot prove a text is free of
personal data; it catches the common slips so a person can look at each one, each shown with
its place.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterator, Sequence
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


_WORDS_DATE = re.compile(
    rf"\b(?:{_MONTHS}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+{_MONTHS}\.?,?[ \t]+\d{{4}})\b",
    re.IGNORECASE,
)
_UK_PHONE = re.compile(r"(?<![\w+])(?:\+44[ \-]?(?:\(0\)[ \-]?)?|0)[1237](?:[ \-]?\d){8,9}(?!\d)")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")
_NI_NUMBER = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b"
)
_STREET_WORDS = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Place|Gardens|Terrace|"
    "Court|Grove|Rise|Walk|Square|Mews|Row|Parade|Vale|View"
)
_STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?[ \t]+(?:[A-Z][a-z'\-]+[ \t]+){{1,3}}(?:{_STREET_WORDS})\b\.?"
)
# Common given names in England and Wales (ONS baby-name lists, several decades), for names
# written without a title. Only the first name has to be on the list; the surname is any
# capitalised word.
_GIVEN_NAMES = frozenset(
    [
        "Aaron",
        "Adam",
        "Aisha",
        "Alan",
        "Alex",
        "Alexander",
        "Alfie",
        "Alice",
        "Amelia",
        "Amy",
        "Andrew",
        "Ann",
        "Anna",
        "Anne",
        "Archie",
        "Arthur",
        "Ava",
        "Barbara",
        "Ben",
        "Benjamin",
        "Beth",
        "Bethany",
        "Brian",
        "Callum",
        "Carol",
        "Caroline",
        "Charlie",
        "Charlotte",
        "Chloe",
        "Chris",
        "Christine",
        "Christopher",
        "Claire",
        "Connor",
        "Daniel",
        "Darren",
        "David",
        "Dean",
        "Deborah",
        "Dylan",
        "Eleanor",
        "Elizabeth",
        "Ella",
        "Ellie",
        "Emily",
        "Emma",
        "Ethan",
        "Evie",
        "Fatima",
        "Florence",
        "Frank",
        "Freddie",
        "Freya",
        "Gary",
        "George",
        "Georgia",
        "Grace",
        "Graham",
        "Hannah",
        "Harry",
        "Harvey",
        "Helen",
        "Holly",
        "Isaac",
        "Isabella",
        "Isla",
        "Jack",
        "Jacob",
        "Jade",
        "James",
        "Jamie",
        "Jane",
        "Jason",
        "Jayden",
        "Jennifer",
        "Jessica",
        "Joanne",
        "Joe",
        "John",
        "Jonathan",
        "Joseph",
        "Joshua",
        "Julie",
        "Karen",
        "Kate",
        "Katie",
        "Kayden",
        "Kelly",
        "Kevin",
        "Kieran",
        "Kyle",
        "Lauren",
        "Leah",
        "Leo",
        "Lewis",
        "Liam",
        "Lily",
        "Lisa",
        "Logan",
        "Louis",
        "Louise",
        "Lucy",
        "Luke",
        "Mark",
        "Martin",
        "Mary",
        "Mason",
        "Matthew",
        "Megan",
        "Mia",
        "Michael",
        "Michelle",
        "Mohammed",
        "Muhammad",
        "Nathan",
        "Neil",
        "Nicola",
        "Noah",
        "Oliver",
        "Olivia",
        "Oscar",
        "Paul",
        "Peter",
        "Phoebe",
        "Poppy",
        "Rachel",
        "Rebecca",
        "Reuben",
        "Richard",
        "Riley",
        "Robert",
        "Rosie",
        "Ruby",
        "Ryan",
        "Sam",
        "Samantha",
        "Samuel",
        "Sarah",
        "Scott",
        "Sean",
        "Sharon",
        "Simon",
        "Sophie",
        "Stephen",
        "Steven",
        "Susan",
        "Thomas",
        "Tom",
        "Tyler",
        "Victoria",
        "William",
        "Zara",
        "Zoe",
    ]
)
_FIRST_AND_SURNAME = re.compile(r"\b([A-Z][a-z]+)[ \t]+((?:Mc|Mac|O')?[A-Z][a-z'\-]+)\b")
# Words that follow a given name in council prose without making it a person's name.
_NOT_SURNAMES = frozenset(
    {"Council", "Borough", "City", "Street", "Road", "House", "Centre", "School"}
)
_PROSE_WORDS = 5


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


def find_in_text(
    text: str, case_references: CaseReferences | None = None
) -> list[tuple[str, str, int, int]]:
    """(kind, matched text, start, end) of each likely piece of personal data in `text`.

    `case_references` finds the council's own case references.
    """
    found: list[tuple[str, str, int, int]] = []
    for pattern, kind in (
        (_UK_PHONE, "phone number"),
        (_EMAIL, "e-mail address"),
        (_NI_NUMBER, "National Insurance number"),
        (_STREET_ADDRESS, "street address"),
    ):
        for match in pattern.finditer(text):
            found.append((kind, match.group(0), match.start(), match.end()))
    if case_references:
        for match in case_references.finditer(text):
            found.append(("case reference", match.group(0), match.start(), match.end()))
    if len(text.split()) >= _PROSE_WORDS:
        titled = {match.start() for match in _TITLE_NAME.finditer(text)}
        for match in _FIRST_AND_SURNAME.finditer(text):
            first, surname = match.group(1), match.group(2)
            if (
                first in _GIVEN_NAMES
                and surname not in _NOT_SURNAMES
                and not _after_title(text, match.start(), titled)
            ):
                found.append(("name", match.group(0), match.start(), match.end()))
    birth_dates = {match.start(1) for match in _BIRTH_DATE.finditer(text)}
    for match in _WORDS_DATE.finditer(text):
        if not any(match.start() <= start < match.end() for start in birth_dates):
            found.append(("date written in words", match.group(0), match.start(), match.end()))
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


def _after_title(text: str, start: int, titled: set[int]) -> bool:
    """True when the name at `start` follows a title (already found as "name after a title")."""
    return any(0 < start - position <= 6 for position in titled)


class CaseReferences:
    """A council's case references, found in text as whole tokens (case ignored).

    A set lookup per token, so thousands of references cost no more than a few.
    """

    def __init__(self, references: Collection[str]) -> None:
        self._wanted = {r.strip().upper() for r in references if len(r.strip()) >= 4}

    def __bool__(self) -> bool:
        return bool(self._wanted)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Each token of `text` that is one of the references."""
        for match in _TOKEN.finditer(text):
            if match.group(0).upper() in self._wanted:
                yield match


_TOKEN = re.compile(r"(?<![\w-])[\w][\w/-]{2,}[\w](?![\w-])")


def _excerpt(text: str, start: int, end: int) -> str:
    before = text[max(0, start - _EXCERPT_CHARS) : start]
    after = text[end : end + _EXCERPT_CHARS]
    raw = f"{'…' if start > _EXCERPT_CHARS else ''}{before}{text[start:end]}{after}"
    raw += "…" if end + _EXCERPT_CHARS < len(text) else ""
    return " ".join(raw.split())


# Where a string sits: (where its container sits, the container, the key or index in it); None
# at the top. Built as the walk goes (one small tuple per value) and spelt out as a path and
# labels only for a string with a finding: spelling out every string's path cost more than
# searching the strings of a 1,000-audit visit.
_Place = tuple["_Place | None", Any, "str | int"] | None


def _strings(value: Any) -> Iterator[tuple[_Place, str]]:
    """Every string inside `value`, in document order, with its place (see `_spelt_out`)."""
    stack: list[tuple[Any, _Place]] = [(value, None)]
    while stack:
        item, place = stack.pop()
        if isinstance(item, str):
            yield place, item
        elif isinstance(item, dict):
            stack.extend(
                (child, (place, item, key))
                for key, child in reversed(item.items())
                if isinstance(child, str | dict | list)
            )
        elif isinstance(item, list):
            stack.extend(
                (item[index], (place, item, index))
                for index in range(len(item) - 1, -1, -1)
                if isinstance(item[index], str | dict | list)
            )


def _collect_texts(value: Any, into: set[str]) -> None:
    """Add every string inside `value` (values, not object keys, as `_strings`) to `into`."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            into.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _spelt_out(
    place: _Place, path: tuple[str | int, ...], labels: tuple[str, ...]
) -> tuple[tuple[str | int, ...], tuple[str, ...]]:
    """The path (keys and indexes from the document's top) and the labels shown for a place
    below `path`/`labels`: each object's title where it has one, then the key read in it."""
    steps: list[tuple[Any, str | int]] = []
    while place is not None:
        place, container, key = place
        steps.append((container, key))
    for container, key in reversed(steps):
        path = (*path, key)
        if isinstance(container, dict):
            title = container.get("title")
            if isinstance(title, str) and title:
                labels = (*labels, title)
            labels = (*labels, str(key))
    return path, labels


def find_personal_data(
    document: Any,
    *,
    skip_keys: Sequence[str] = ("definitions",),
    case_references: Collection[str] = (),
) -> list[PersonalDataFinding]:
    """Every likely piece of personal data in the strings of a JSON-like document.

    Top-level keys in `skip_keys` (the form definitions: the template's own wording) are skipped.
    `case_references` are the council's case references that must not leave (e.g. cases on a
    visit's case list that were not audited, so not pseudonymised).
    """
    references = CaseReferences(case_references)
    findings: list[PersonalDataFinding] = []
    # Grades, choices and stock phrases repeat thousands of times in a visit's audits: each
    # different text is searched once.
    searched: dict[str, list[tuple[str, str, int, int]]] = {}
    items = document.items() if isinstance(document, dict) else [("", document)]
    sections = [(key, value) for key, value in items if key not in skip_keys]
    # Each different text searched first, without noting where it sits: most exports have no
    # finding at all, and then the walk that keeps every string's place is not needed.
    texts: set[str] = set()
    for _key, value in sections:
        _collect_texts(value, texts)
    for text in texts:
        searched[text] = find_in_text(text, references)
    if not any(searched.values()):
        return []
    for key, value in sections:
        start_path: tuple[str | int, ...] = (key,) if key != "" else ()
        for place, text in _strings(value):
            found = searched[text]
            if not found:
                continue
            path, labels = _spelt_out(place, start_path, (str(key),) if key else ())
            for kind, matched, start, end in found:
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
