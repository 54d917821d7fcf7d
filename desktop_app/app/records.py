"""A record's answers in the home's database, for the form on screen (one session per call)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.context import AppContext
from desktop_app.app.settings import current_user
from forms import FormDefinition

if TYPE_CHECKING:
    from desktop_app.store.repositories.records import ChangeEntry


class RecordAnswerStore:
    """A record's answers in the home's database; each save is its own committed transaction."""

    keeps_history = True

    def __init__(self, ctx: AppContext, record_id: int) -> None:
        from desktop_app.store.definitions import parsed_definition
        from desktop_app.store.repositories.records import definition_text, record_form

        self._ctx = ctx
        self.record_id = record_id
        database = ctx.database
        with database.session() as session:
            facts = record_form(session, record_id)

        def read_snapshot() -> str:
            with database.session() as session:
                return definition_text(session, facts.definition_id)

        self.definition: FormDefinition = parsed_definition(facts.definition_sha256, read_snapshot)
        self.read_only = facts.read_only
        self.kind = facts.kind

    def load(self) -> dict[str, Any]:
        from desktop_app.store.repositories.records import answer_values

        with self._ctx.database.session() as session:
            return answer_values(session, self.record_id)

    def save(self, question_id: str, value: Any) -> None:
        from desktop_app.store.repositories.records import save_answer

        by = current_user(self._ctx)
        with self._ctx.database.session() as session:
            save_answer(session, self.record_id, question_id, value, by=by)

    def carried_over(self) -> set[str]:
        """Answers carried from last year's self-assessment and not edited since."""
        from desktop_app.store.repositories.records import carried_over_ids

        with self._ctx.database.session() as session:
            return carried_over_ids(session, self.record_id)

    def history(self, question_id: str) -> list[ChangeEntry]:
        from desktop_app.store.repositories.records import answer_history

        with self._ctx.database.session() as session:
            return list(answer_history(session, self.record_id, [question_id]))

    def add_attachment(self, path: Path) -> dict[str, Any]:
        from desktop_app.store.repositories.attachments import store_attachment

        with self._ctx.database.session() as session:
            return store_attachment(self._ctx.home, session, path)

    def attachment_file(self, sha256: str) -> Path | None:
        return attachment_file(self._ctx, sha256)


def attachment_file(ctx: AppContext, sha256: str) -> Path | None:
    """Where the home keeps an attached file (by its SHA-256), or None when it is not there."""
    from desktop_app.store.repositories.attachments import attachment_path

    try:
        path = attachment_path(ctx.home, sha256)
    except ValueError:
        return None
    return path if path.exists() else None
