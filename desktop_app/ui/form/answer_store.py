"""Where a form's answers live: a record in the database, or memory (for previews)."""

from __future__ import annotations

from collections.abc import Callable
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
    def history(self, question_id: str) -> list[AnswerChangeView]: ...
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


class RecordAnswerStore:
    """A record's answers in the home's database; each save is its own committed transaction."""

    keeps_history = True

    def __init__(self, services: Any, record_id: int) -> None:
        from desktop_app.store.repositories.records import definition_snapshot, record_form

        self._services = services
        self.record_id = record_id
        database = services.database
        with database.session() as session:
            facts = record_form(session, record_id)

        def read_snapshot() -> dict[str, Any]:
            with database.session() as session:
                return definition_snapshot(session, facts.definition_id)

        self.definition = _definition_for(facts.definition_sha256, read_snapshot)
        self.read_only = facts.read_only
        self.kind = facts.kind

    def load(self) -> dict[str, Any]:
        from desktop_app.store.repositories.records import answer_values

        with self._services.database.session() as session:
            return answer_values(session, self.record_id)

    def save(self, question_id: str, value: Any) -> None:
        from desktop_app.store.repositories.records import save_answer

        by = self._services.current_user()
        with self._services.database.session() as session:
            save_answer(session, self.record_id, question_id, value, by=by)

    def carried_over(self) -> set[str]:
        """Answers carried from last year's self-assessment and not edited since."""
        from desktop_app.store.repositories.records import carried_over_ids

        with self._services.database.session() as session:
            return carried_over_ids(session, self.record_id)

    def history(self, question_id: str) -> list[AnswerChangeView]:
        from desktop_app.store.repositories.records import answer_history

        with self._services.database.session() as session:
            return list(answer_history(session, self.record_id, [question_id]))

    def add_attachment(self, path: Path) -> dict[str, Any]:
        from desktop_app.store.repositories.attachments import store_attachment

        with self._services.database.session() as session:
            return store_attachment(self._services.home, session, path)

    def attachment_file(self, sha256: str) -> Path | None:
        from desktop_app.store.repositories.attachments import attachment_path

        try:
            path = attachment_path(self._services.home, sha256)
        except ValueError:
            return None
        return path if path.exists() else None


_CACHE: dict[str, FormDefinition] = {}


def _definition_for(sha256: str, read_snapshot: Callable[[], dict[str, Any]]) -> FormDefinition:
    """Definition rows never change (they are keyed by content), so each is parsed once."""
    found = _CACHE.get(sha256)
    if found is None:
        found = FormDefinition.from_snapshot(read_snapshot())
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[sha256] = found
    return found


def forget_parsed_definitions() -> None:
    """Empty the parsed-definition cache (benchmarks measure a first open with it)."""
    _CACHE.clear()
