"""Form definitions: sections and questions, with lookups and a self-contained snapshot."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from forms.scales import Scale
from forms.vocabulary import QuestionType

SNAPSHOT_FORMAT = "critical-friend-form/1"
# The highest form version a template or snapshot may give: a whole number a database column
# holds (SQLite INTEGER is 64-bit; 2**31 - 1 leaves room everywhere and no real form nears it).
MAX_FORM_VERSION = 2**31 - 1


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: str = ""
    hint: str = ""
    required: bool = False
    constraint: str | None = None
    constraint_message: str = ""
    warning: str | None = None
    warning_message: str = ""
    relevant: str | None = None
    calculate: str | None = None
    choices: list[Choice] = field(default_factory=list)
    scale: str | None = None
    role: str | None = None
    questions: list[Question] = field(default_factory=list)
    text: str = ""
    line: int = 0

    @classmethod
    def from_checked(cls, values: dict[str, Any]) -> Question:
        """A question from a value for every field, already checked by the caller (the
        snapshot reader's fast path: the frozen dataclass's own __init__ sets each field
        through object.__setattr__, which is most of the time a 5,000-question form takes)."""
        question = object.__new__(cls)
        question.__dict__.update(values)
        return question

    @property
    def is_answerable(self) -> bool:
        """True for questions a person answers (not notes, not calculated)."""
        return self.type != "note" and self.calculate is None

    @property
    def calculates(self) -> bool:
        """True for a calculated question, or a repeat with a calculated question inside."""
        return self.calculate is not None or (
            self.type == "repeat" and any(inner.calculate for inner in self.questions)
        )

    def choice_ids(self) -> list[str]:
        return [choice.id for choice in self.choices]

    def inner(self, question_id: str) -> Question | None:
        """A question inside this repeat, by id."""
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "hint": self.hint,
            "required": self.required,
            "constraint": self.constraint,
            "constraint_message": self.constraint_message,
            "warning": self.warning,
            "warning_message": self.warning_message,
            "relevant": self.relevant,
            "calculate": self.calculate,
            "choices": [{"id": choice.id, "label": choice.label} for choice in self.choices],
            "scale": self.scale,
            "role": self.role,
            "questions": [question.to_snapshot() for question in self.questions],
            "text": self.text,
            "line": self.line,
        }


def questions_with_role_among(questions: Iterable[Question], role: str) -> list[Question]:
    """Those of `questions` with `role`, and those inside them (repeats), in document order."""
    found: list[Question] = []
    for question in questions:
        if question.role == role:
            found.append(question)
        found.extend(inner for inner in question.questions if inner.role == role)
    return found


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    guidance: str = ""
    kind: str | None = None
    questions: list[Question] = field(default_factory=list)
    line: int = 0

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "guidance": self.guidance,
            "kind": self.kind,
            "questions": [question.to_snapshot() for question in self.questions],
            "line": self.line,
        }


@dataclass(frozen=True)
class UpgradeMapping:
    """How answers given in `from_version` of a template map onto this version.

    `renamed`: old question id -> new id. `choices`: new question id -> {old choice or grade
    id -> new id} (two old ids onto one new id merges them). `removed`: old question ids this
    version drops on purpose (their answers stay in the change log). Ids not named keep their
    id and carry over when they still fit.
    """

    from_version: int
    renamed: dict[str, str] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def to_snapshot(self) -> dict[str, Any]:
        """The mapping as JSON-ready data (the `upgrade` key of a definition snapshot)."""
        return {
            "from_version": self.from_version,
            "renamed": dict(self.renamed),
            "choices": {qid: dict(mapping) for qid, mapping in self.choices.items()},
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    description: str
    scales: dict[str, Scale]
    sections: list[Section]
    upgrade: UpgradeMapping | None = None
    _index: dict[str, tuple[Section, Question]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for section in self.sections:
            for question in section.questions:
                self._index[question.id] = (section, question)

    def question(self, question_id: str) -> Question:
        """The top-level question with this id; KeyError if there is none."""
        return self._index[question_id][1]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._index

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def section_of(self, question_id: str) -> Section:
        """The section holding a top-level question; KeyError if there is none."""
        return self._index[question_id][0]

    def iter_questions(self) -> Iterator[Question]:
        """Every top-level question in order (questions inside repeats are in `.questions`)."""
        for section in self.sections:
            yield from section.questions

    def questions_with_role(self, role: str) -> list[Question]:
        """Questions with a role, including those inside repeats, in document order."""
        return questions_with_role_among(self.iter_questions(), role)

    def calculating_questions(self) -> list[Question]:
        """Top-level questions with a `calculate` expression, and repeats with a calculated
        question inside, in document order (what `compute_calculated` works out)."""
        return [question for question in self.iter_questions() if question.calculates]

    def grade_questions(self) -> list[tuple[str, Question]]:
        """(section id, question) for each grade question, in document order."""
        return [
            (section.id, question)
            for section in self.sections
            for question in section.questions
            if question.type == "grade"
        ]

    def repeat_of(self, question: Question) -> Question | None:
        """The repeat that holds this question, or None for a top-level question."""
        for candidate in self.iter_questions():
            if any(inner is question for inner in candidate.questions):
                return candidate
        return None

    def question_count(self) -> int:
        """How many questions there are, counting those inside repeats and notes."""
        return sum(1 + len(question.questions) for question in self.iter_questions())

    def scale_for(self, question: Question) -> Scale | None:
        return self.scales.get(question.scale) if question.scale else None

    def to_snapshot(self) -> dict[str, Any]:
        """A complete, JSON-serialisable copy that renders the form with no other file."""
        return {
            "format": SNAPSHOT_FORMAT,
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "scales": {scale_id: scale.to_snapshot() for scale_id, scale in self.scales.items()},
            "sections": [section.to_snapshot() for section in self.sections],
            # only when declared, so a template without one keeps its snapshot (and its hash)
            **({"upgrade": self.upgrade.to_snapshot()} if self.upgrade is not None else {}),
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> FormDefinition:
        """Rebuild a definition from `to_snapshot()`; TemplateError if the snapshot is unusable."""
        from forms.snapshot_reader import definition_from_snapshot

        return definition_from_snapshot(data)

    @classmethod
    def from_snapshot_text(cls, text: str) -> FormDefinition:
        """A definition from a snapshot's JSON text. Text in the stored canonical layout is read
        section by section as it is used (`forms.lazy_snapshot`), so opening a big form costs
        its first section; TemplateError if the snapshot is unusable."""
        from forms.lazy_snapshot import definition_from_text

        return definition_from_text(text)
