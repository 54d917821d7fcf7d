"""Where a form's answers live: a record in the database, or memory (for previews)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from forms import FormDefinition


class AnswerChangeView(Protocol):
    """One entry of an answer's change history (records.ChangeEntry has this shape)."""

    @property
    def changed_at(self) -> Any: ...
    @property
    def changed_by(self) -> str: ...
    @property
    def old_value(self) -> Any: ...
    @property
    def new_value(self) -> Any: ...


class AnswerStore(Protocol):
    definition: FormDefinition
    read_only: bool
    keeps_history: bool

    def load(self) -> dict[str, Any]: ...
    def save(self, question_id: str, value: Any) -> None: ...
    def history(self, question_id: str) -> Sequence[AnswerChangeView]: ...
    def carried_over(self) -> set[str]: ...
    def add_attachment(self, path: Path) -> dict[str, Any]: ...
    def attachment_file(self, sha256: str) -> Path | None: ...


class MemoryAnswerStore:
    """Answers kept in memory only: previews of a template, never saved anywhere."""

    keeps_history = False

    def __init__(self, definition: FormDefinition, answers: dict[str, Any] | None = None) -> None:
        self.definition = definition
        self.read_only = False
        self._answers = dict(answers or {})

    def load(self) -> dict[str, Any]:
        return dict(self._answers)

    def save(self, question_id: str, value: Any) -> None:
        self._answers[question_id] = value

    def history(self, question_id: str) -> list[AnswerChangeView]:
        return []

    def carried_over(self) -> set[str]:
        return set()

    def add_attachment(self, path: Path) -> dict[str, Any]:
        raise PermissionError("A preview does not keep files; open a real record to attach them.")

    def attachment_file(self, sha256: str) -> Path | None:
        return None
