"""A record's answers in the home's database, for the form on screen (one session per call)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.context import AppContext
from desktop_app.app.settings import current_user
from desktop_app.errors import UserError
from forms import FormDefinition

if TYPE_CHECKING:
    from desktop_app.exchange.kept_attachments import KeptBundle
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


class AttachmentUnavailableError(UserError):
    """An imported bundle's attachment that cannot be opened: the bundle kept at the import is
    missing or was changed since (one sentence saying which and what to do)."""


def attachment_file(ctx: AppContext, sha256: str) -> Path | None:
    """Where the home keeps an attached file (by its SHA-256), or None when it holds no such
    content.

    An imported bundle's attachment stays inside the bundle kept at the import until it is first
    opened: it is then read out of it, checked against its SHA-256 as it is read, and kept in
    the attachments folder (see ``desktop_app.exchange.kept_attachments``). Raises
    ``AttachmentUnavailableError`` when every kept bundle holding it is missing or changed.
    """
    from desktop_app.exchange.kept_attachments import (
        KeptAttachmentError,
        attachment_in_bundle,
        unpack_kept_attachment,
    )
    from desktop_app.store.repositories.attachments import attachment_path

    try:
        path = attachment_path(ctx.home, sha256)
    except ValueError:
        return None
    if path.exists():
        return path
    kept, name = _kept_bundles_holding(ctx, attachment_in_bundle(sha256))
    if not kept:
        return None
    try:
        return unpack_kept_attachment(ctx.home, sha256, name, kept)
    except KeptAttachmentError as error:
        raise AttachmentUnavailableError(error.message) from None


def _kept_bundles_holding(ctx: AppContext, inside: str) -> tuple[list[KeptBundle], str]:
    """The imported bundles whose document lists the attachment at `inside` (oldest first), and
    the file's name as the first of them gives it ("" when none does)."""
    from desktop_app.exchange.kept_attachments import KeptBundle

    rows = ctx.reader().execute(
        "SELECT b.stored_path, b.source_organisation, b.title, json_extract(a.value, '$.name') "
        "FROM imported_bundle b, json_each(b.document, '$.attachments') a "
        "WHERE instr(b.document, ?) > 0 AND json_extract(a.value, '$.path') = ? ORDER BY b.id",
        (inside, inside),
    )
    kept: list[KeptBundle] = []
    name = ""
    for stored_path, organisation, title, listed_name in rows:
        kept.append(KeptBundle(Path(stored_path), str(organisation), str(title)))
        name = name or str(listed_name or "")
    return kept, name
