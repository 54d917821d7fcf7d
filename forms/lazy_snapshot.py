"""Reading a stored form snapshot section by section, so opening a big form costs its first
section, not all of it.

A stored snapshot is canonical JSON (sorted keys, no whitespace: `canonical_json` in the store).
In that text every unescaped quote is structural, so a few exact patterns find each section's
span and tell which sections hold calculations or a role without parsing them:

- a section starts `{"guidance":` (no other object of a snapshot has "guidance" as its first
  key), and the sections array ends at the last `],"title":` of the text (the top level's
  next key after "sections");
- `"calculate":"` (a calculation, not `null`), `"role":"ROLE"` and `,"id":"ID","label":` (a
  question's id) occur only as keys and values, never inside a string (a quote inside a string
  is always written `\\"`).

`definition_from_text` reads the snapshot's header and each section's own fields at once and a
section's questions the first time anything asks for them (`Section.questions`), with the same
checks as `forms.snapshot_reader`. Text not in that layout (hand-written, re-indented) is read
whole by the snapshot reader instead, so every snapshot gives the same definition either way.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from bisect import bisect_right
from typing import Any

from forms.model import FormDefinition, Question, Section, questions_with_role_among
from forms.problems import TemplateError, TemplateProblem
from forms.snapshot_reader import definition_from_snapshot, section_from_snapshot

__all__ = ["LazyFormDefinition", "definition_from_text"]

_DECODER = json.JSONDecoder()
_SECTIONS_END = '],"title":'


class _NotCanonical(Exception):
    """The text is not in the stored layout; it is read whole instead."""


def definition_from_text(text: str) -> FormDefinition:
    """The definition a snapshot's JSON text describes: read lazily when the text is in the
    stored canonical layout, whole otherwise. TemplateError when the snapshot is malformed
    (for a lazily read section, when that section is first read)."""
    try:
        return _lazy_definition(text)
    except _NotCanonical:
        pass
    try:
        data = json.loads(text)
    except ValueError as error:
        raise TemplateError(
            [TemplateProblem("form snapshot", 0, f"the snapshot is not JSON ({error})")]
        ) from None
    return definition_from_snapshot(data)


def _decode(text: str, position: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, position)
    except ValueError:
        raise _NotCanonical from None


def _expect(text: str, position: int, character: str) -> int:
    if text[position : position + 1] != character:
        raise _NotCanonical
    return position + 1


def _lazy_definition(text: str) -> LazyFormDefinition:
    header: dict[str, Any] = {}
    position = _expect(text, 0, "{")
    sections: list[tuple[int, int, dict[str, Any]]] = []
    while True:
        key, position = _decode(text, position)
        position = _expect(text, position, ":")
        if not isinstance(key, str) or key in header:
            raise _NotCanonical
        if key == "sections":
            start = _expect(text, position, "[")
            end = text.rfind(_SECTIONS_END)
            if end < start:
                raise _NotCanonical
            sections = _sections(text, start, end)
            header[key] = []
            position = end + 1
        else:
            header[key], position = _decode(text, position)
        if text[position : position + 1] == "}":
            break
        position = _expect(text, position, ",")
    if position + 1 != len(text) or "sections" not in header:
        raise _NotCanonical
    shell = definition_from_snapshot(header)  # checks format, version, scales and upgrade
    return LazyFormDefinition(shell, text, sections)


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # one JSON string, quotes included
_HEADER = re.compile(
    r'\{"guidance":('
    + _STRING
    + r'),"id":('
    + _STRING
    + r'),"kind":(null|'
    + _STRING
    + r'),"line":(-?[0-9]+),"questions":\['
)
_TITLE = re.compile(r'\],"title":(' + _STRING + r")\}")


def _text_of(literal: str) -> str:
    """The text of a JSON string literal (quotes included)."""
    return literal[1:-1] if "\\" not in literal else str(json.loads(literal))


def _sections(text: str, start: int, end: int) -> list[tuple[int, int, dict[str, Any]]]:
    """(first, past-last character, own fields) of each section object between `[` and `]`."""
    headers = list(_HEADER.finditer(text, start, end))
    if len(headers) != text.count('{"guidance":', start, end):
        raise _NotCanonical
    if (headers[0].start() if headers else end) != start:
        raise _NotCanonical
    found: list[tuple[int, int, dict[str, Any]]] = []
    for index, header in enumerate(headers):
        stop = headers[index + 1].start() - 1 if index + 1 < len(headers) else end
        if index + 1 < len(headers) and text[stop] != ",":
            raise _NotCanonical
        title_at = text.rfind('],"title":', header.end() - 1, stop)
        title = _TITLE.match(text, title_at, stop) if title_at >= 0 else None
        if title is None or title.end() != stop:
            raise _NotCanonical
        guidance, section_id, kind, line = header.groups()
        fields = {
            "guidance": _text_of(guidance),
            "id": _text_of(section_id),
            "kind": None if kind == "null" else _text_of(kind),
            "line": int(line),
            "title": _text_of(title.group(1)),
        }
        found.append((header.start(), stop, fields))
    return found


class LazySection(Section):
    """A section whose questions are read from the snapshot text the first time they are used.

    Equal to a `Section` with the same fields (comparing reads the questions); unhashable, as a
    Section is."""

    _owner: LazyFormDefinition
    _position: int

    def __getattr__(self, name: str) -> Any:
        if name == "questions":
            return self._owner.read_section(self._position)
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Section):
            return NotImplemented
        return _same_fields(self, other, Section)

    def is_read(self) -> bool:
        """True once the questions have been read."""
        return "questions" in self.__dict__


class LazyFormDefinition(FormDefinition):
    """A FormDefinition read section by section (see the module's docstring).

    Everything a FormDefinition offers works the same; what needs every question (iterating,
    grades, counts, the snapshot) reads every section. `question`, `has_question`,
    `section_of`, `questions_with_role` and `calculating_questions` read only the sections
    that can hold what they look for. Reading is guarded by a lock, so threads may share one.
    """

    def __init__(
        self, shell: FormDefinition, text: str, outline: list[tuple[int, int, dict[str, Any]]]
    ) -> None:
        sections: list[Section] = []
        for position, (_start, _end, fields) in enumerate(outline):
            section = object.__new__(LazySection)
            section.__dict__.update(fields)
            section.__dict__["_owner"] = self
            section.__dict__["_position"] = position
            sections.append(section)
        fields = {
            "id": shell.id,
            "version": shell.version,
            "title": shell.title,
            "description": shell.description,
            "scales": shell.scales,
            "sections": sections,
            "upgrade": shell.upgrade,
            "_index": {},
        }
        self.__dict__.update(fields)
        self.__dict__["_text"] = text
        self.__dict__["_spans"] = [(start, end) for start, end, _fields in outline]
        self.__dict__["_starts"] = [start for start, _end, _fields in outline]
        self.__dict__["_lock"] = threading.RLock()

    _text: str
    _spans: list[tuple[int, int]]
    _starts: list[int]
    _lock: threading.RLock

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FormDefinition):
            return NotImplemented
        return _same_fields(self, other, FormDefinition)

    def read_section(self, position: int) -> list[Question]:
        """The questions of the section at `position`, read now if not yet read."""
        section = self.sections[position]
        with self._lock:
            found: list[Question] | None = section.__dict__.get("questions")
            if found is not None:
                return found
            start, end = self._spans[position]
            try:
                data, stop = _DECODER.raw_decode(self._text, start)
            except ValueError as error:
                raise _malformed(f"its section {position + 1} is not JSON ({error})") from None
            if stop != end:
                raise _malformed(f"its section {position + 1} does not end where expected")
            read = section_from_snapshot(data, self.scales)
            outline = (section.id, section.title, section.guidance, section.kind, section.line)
            if (read.id, read.title, read.guidance, read.kind, read.line) != outline:
                raise _malformed(f"its section {position + 1} is not as its outline says")
            for question in read.questions:
                self._index.setdefault(question.id, (section, question))
            section.__dict__["questions"] = read.questions
            return read.questions

    def _sections_holding(self, pattern: str) -> list[int]:
        """Positions of the sections whose text holds `pattern`, in order."""
        positions: list[int] = []
        found = self._text.find(pattern)
        while found >= 0:
            position = bisect_right(self._starts, found) - 1
            if position < 0:  # before the first section (the header)
                found = self._text.find(pattern, found + 1)
                continue
            end = self._spans[position][1]
            if found < end:
                positions.append(position)
            found = self._text.find(pattern, max(found + 1, end))
        return positions

    def _entry(self, question_id: str) -> tuple[Section, Question]:
        entry = self._index.get(question_id)
        if entry is not None:
            return entry
        pattern = ',"id":' + json.dumps(question_id, ensure_ascii=False) + ',"label":'
        for position in self._sections_holding(pattern):
            self.read_section(position)
            entry = self._index.get(question_id)
            if entry is not None:
                return entry
        raise KeyError(question_id)

    def question(self, question_id: str) -> Question:
        return self._entry(question_id)[1]

    def has_question(self, question_id: str) -> bool:
        try:
            self._entry(question_id)
        except KeyError:
            return False
        return True

    def section_of(self, question_id: str) -> Section:
        return self._entry(question_id)[0]

    def questions_with_role(self, role: str) -> list[Question]:
        pattern = '"role":' + json.dumps(role, ensure_ascii=False)
        return questions_with_role_among(
            (
                question
                for position in self._sections_holding(pattern)
                for question in self.read_section(position)
            ),
            role,
        )

    def calculating_questions(self) -> list[Question]:
        return [
            question
            for position in self._sections_holding('"calculate":"')
            for question in self.read_section(position)
            if question.calculates
        ]


def _same_fields(mine: object, other: object, kind: type) -> bool:
    """Dataclass equality across a lazy class and its eager base: the same compared fields."""
    names = [item.name for item in dataclasses.fields(kind) if item.compare]
    return other is mine or all(getattr(mine, name) == getattr(other, name) for name in names)


def _malformed(what: str) -> TemplateError:
    return TemplateError(
        [TemplateProblem("form snapshot", 0, f"the snapshot is malformed: {what}")]
    )
