"""Templates a council owns: install one (YAML or XLSForm), list them, write one out as a
spreadsheet, and move a self-assessment draft to a newer version of its template.

The window and the command line (`forms install|list|export|move-draft`) call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from forms import FormDefinition, TemplateError
from forms.upgrade import UpgradeItem, UpgradeOutcome, UpgradePlan, plan_upgrade


class TemplateRefused(UserError):
    """A template file that failed its checks; `.problems` lists each as `file:place: what`."""

    exit_code = 1

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class InstallTemplate:
    """A template file to install: `.yaml` or an XLSForm `.xlsx`."""

    path: Path


@dataclass(frozen=True)
class TemplateInstalled:
    form_id: str
    version: int
    title: str
    questions: int
    new: bool  # False when this exact version was already installed
    supersedes: int | None  # the version new records used before, if any
    changed: Changed = Changed.TEMPLATES


@dataclass(frozen=True)
class TemplateRow:
    """One template version as a list shows it."""

    form_id: str
    version: int
    title: str
    origin: str  # "shipped", "file", or the council whose bundle carried it
    current: bool  # the version new records are made from
    questions: int
    sections: int
    installed_at: datetime | None


def _problems_of(error: TemplateError) -> list[str]:
    return [str(problem) for problem in error.problems]


def install_template_bytes(
    ctx: AppContext, data: bytes, name: str, *, installed_from: str = "file"
) -> TemplateInstalled:
    """Check a template file's bytes and install it into the home.

    Raises TemplateRefused (exit 1) with every problem when the checks fail, UserError when the
    version is not newer than the shipped one or the same version is installed with other
    content. A council template with the same id and a higher version supersedes the shipped one.
    """
    from desktop_app.store.repositories.templates import (
        TemplateInstallError,
        current_templates,
        install_council_template,
    )
    from forms.template_files import load_template_bytes

    try:
        definition, kind = load_template_bytes(data, name)
    except TemplateError as error:
        problems = _problems_of(error)
        raise TemplateRefused(
            f"{Path(name).name} was not installed: it has {len(problems)} problem(s); "
            "fix them and install it again.",
            problems,
        ) from None
    with ctx.database.session() as session:
        before = {item.form_id: item.version for item in current_templates(session)}
        try:
            _row, new = install_council_template(
                session,
                definition,
                data,
                source_name=Path(name).name,
                source_format=str(kind),
                installed_from=installed_from,
            )
        except TemplateInstallError as error:
            raise UserError(str(error)) from None
    return TemplateInstalled(
        definition.id,
        definition.version,
        definition.title,
        definition.question_count(),
        new,
        before.get(definition.id),
        Changed.TEMPLATES if new else Changed.NONE,
    )


def install_template(ctx: AppContext, request: InstallTemplate) -> TemplateInstalled:
    """Install a template file (see `install_template_bytes`); UserError when unreadable."""
    try:
        data = request.path.read_bytes()
    except OSError as error:
        raise UserError(
            f"Could not read {request.path} ({error.strerror or error}); check the file name."
        ) from None
    return install_template_bytes(ctx, data, str(request.path))


def list_templates(ctx: AppContext) -> list[TemplateRow]:
    """Every shipped and installed template version, by id then version; `current` marks the
    version new records use."""
    from desktop_app.store.repositories.templates import template_versions

    with ctx.database.session() as session:
        versions = template_versions(session)
    newest: dict[str, int] = {}
    for item in versions:
        newest[item.form_id] = max(item.version, newest.get(item.form_id, 0))
    return [
        TemplateRow(
            item.form_id,
            item.version,
            item.title,
            item.origin,
            newest[item.form_id] == item.version,
            item.definition.question_count(),
            len(item.definition.sections),
            item.installed_at,
        )
        for item in versions
    ]


def template_definition(
    ctx: AppContext, form_id: str, version: int | None = None
) -> FormDefinition:
    """A template version (the current one when `version` is None); UserError when missing."""
    from desktop_app.store.repositories.templates import current_definition, template_version

    with ctx.database.session() as session:
        try:
            if version is None:
                return current_definition(session, form_id)
            return template_version(session, form_id, version)
        except LookupError as error:
            raise UserError(str(error)) from None


@dataclass(frozen=True)
class ExportTemplate:
    """Write a template version as an XLSForm workbook (`version` None: the current one)."""

    form_id: str
    out: Path
    version: int | None = None


@dataclass(frozen=True)
class TemplateExported:
    path: Path
    form_id: str
    version: int
    changed: Changed = Changed.NONE


def export_template(ctx: AppContext, request: ExportTemplate) -> TemplateExported:
    """Write the template in the XLSForm layout (forms/README.md); it reads back to the same
    template. UserError for an unknown id or version, or a file that cannot be written."""
    from forms.xlsform_writer import write_xlsform

    if request.out.suffix.lower() != ".xlsx":
        raise UserError(f"{request.out} should end in .xlsx; give an .xlsx file name with --out.")
    definition = template_definition(ctx, request.form_id, request.version)
    try:
        request.out.parent.mkdir(parents=True, exist_ok=True)
        write_xlsform(definition, request.out)
    except OSError as error:
        raise UserError(
            f"Could not write {request.out} ({error.strerror or error}); choose another place."
        ) from None
    return TemplateExported(request.out, definition.id, definition.version)


# Moving a draft to a newer version ----------------------------------------------------------


@dataclass(frozen=True)
class DraftUpgrade:
    """What moving a self-assessment draft to `to_version` would do (or did)."""

    assessment_id: int
    form_id: str
    from_version: int
    to_version: int
    plan: UpgradePlan

    @property
    def carried(self) -> list[UpgradeItem]:
        """Answers kept as they are."""
        return self.plan.with_outcome(UpgradeOutcome.CARRIED)

    @property
    def mapped(self) -> list[UpgradeItem]:
        """Answers moved to a renamed question or option."""
        return self.plan.with_outcome(UpgradeOutcome.MAPPED)

    @property
    def dropped(self) -> list[UpgradeItem]:
        """Answers that do not fit the new version (kept in the change log)."""
        return self.plan.with_outcome(UpgradeOutcome.DROPPED)


@dataclass(frozen=True)
class MoveDraft:
    """Move a self-assessment (not closed) onto another version of its template."""

    assessment_id: int
    to_version: int
    by: str


@dataclass(frozen=True)
class DraftMoved:
    upgrade: DraftUpgrade
    changed: Changed = field(default=Changed.ASSESSMENTS)


def newer_versions(ctx: AppContext, assessment_id: int) -> list[int]:
    """Versions of the assessment's template newer than the one it is on (oldest first)."""
    from desktop_app.store.repositories.assessments import (
        assessment_definition,
        get_assessment,
    )
    from desktop_app.store.repositories.templates import template_versions

    with ctx.database.session() as session:
        try:
            definition = assessment_definition(session, get_assessment(session, assessment_id))
        except ValueError as error:
            raise UserError(str(error)) from None
        return [
            item.version
            for item in template_versions(session)
            if item.form_id == definition.id and item.version > definition.version
        ]


def _upgrade_of(
    session: Any, assessment_id: int, to_version: int
) -> tuple[Any, DraftUpgrade, FormDefinition, dict[str, Any]]:
    from desktop_app.store.repositories.assessments import (
        AssessmentError,
        assessment_answers,
        assessment_definition,
        get_assessment,
    )
    from desktop_app.store.repositories.templates import template_version

    try:
        assessment = get_assessment(session, assessment_id)
    except AssessmentError as error:
        raise UserError(str(error)) from None
    if assessment.status == "closed":
        raise UserError("This self-assessment is closed; its answers can no longer change.")
    old = assessment_definition(session, assessment)
    if to_version <= old.version:
        raise UserError(
            f"This self-assessment is on version {old.version} of its template; "
            f"choose a newer version than that."
        )
    try:
        new = template_version(session, old.id, to_version)
    except LookupError as error:
        raise UserError(str(error)) from None
    answers = assessment_answers(session, assessment)
    plan = plan_upgrade(old, answers, new)
    upgrade = DraftUpgrade(assessment_id, old.id, old.version, new.version, plan)
    return assessment, upgrade, new, answers


def preview_move_draft(ctx: AppContext, assessment_id: int, to_version: int) -> DraftUpgrade:
    """What `move_draft` would do, changing nothing; UserError when it cannot be moved."""
    with ctx.database.session() as session:
        return _upgrade_of(session, assessment_id, to_version)[1]


def move_draft(ctx: AppContext, request: MoveDraft) -> DraftMoved:
    """Put the assessment's record on the newer version and its answers where the version's
    mapping says, in one transaction. Every answer that moves or is dropped is written to the
    change log (old value kept, "moved to version N" in who), so nothing is lost; a ready or
    shared assessment becomes a draft again (its frozen snapshots do not change)."""
    from desktop_app.store.models import Record
    from desktop_app.store.repositories.assessments import note_edited
    from desktop_app.store.repositories.records import (
        carried_over_ids,
        ensure_definition,
        save_answer,
    )

    with ctx.database.session() as session:
        assessment, upgrade, new, answers = _upgrade_of(
            session, request.assessment_id, request.to_version
        )
        record = session.get(Record, assessment.record_id)
        assert record is not None and record.id is not None
        carried = carried_over_ids(session, record.id)
        row = ensure_definition(session, new.to_snapshot())
        assert row.id is not None
        record.definition_id = row.id
        session.add(record)
        by = f"{request.by} (moved to version {new.version})"
        new_answers = upgrade.plan.answers
        sources = {item.new_path: item.path for item in upgrade.plan.items if item.new_path}
        for old_id in answers:
            if old_id not in new_answers:
                save_answer(session, record.id, old_id, None, by=by)
        for new_id, value in new_answers.items():
            was_carried = sources.get(new_id, new_id) in carried
            save_answer(session, record.id, new_id, value, by=by, carried_over=was_carried)
        note_edited(session, request.assessment_id)
    return DraftMoved(upgrade)


def audit_template_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """(id, "title (version N)") of the current templates that are case audits (they have an
    overall grade), shipped or installed, for a visit's choice of audit form."""
    from desktop_app.store.repositories.templates import current_templates

    with ctx.database.session() as session:
        current = current_templates(session)
    return [
        (item.form_id, f"{item.title} (version {item.version})")
        for item in current
        if item.definition.questions_with_role("overall_grade")
    ]


# Templates in signed bundles ------------------------------------------------------------------


def template_source(
    ctx: AppContext, form_id: str, version: int | None = None
) -> tuple[FormDefinition, bytes, str]:
    """(definition, the file as it was written, its file name) of a shipped or installed
    template version (the current one when `version` is None); UserError when there is none."""
    from desktop_app.store.repositories.templates import council_template_source
    from forms import load_template, templates_dir

    definition = template_definition(ctx, form_id, version)
    with ctx.database.session() as session:
        try:
            row = council_template_source(session, definition.id, definition.version)
        except LookupError:
            row = None
        if row is not None:
            return definition, bytes(row.source), row.source_name
    for path in sorted(templates_dir().glob("*.yaml")):
        shipped = load_template(path)
        if shipped.id == definition.id and shipped.version == definition.version:
            return definition, path.read_bytes(), path.name
    raise UserError(f"The file of '{form_id}' version {definition.version} is not available.")


@dataclass(frozen=True)
class ShareTemplate:
    """Write a template version into a signed bundle for other councils (`version` None: the
    current one), encrypted for the given key cards when there are any."""

    form_id: str
    out: Path
    version: int | None = None
    recipients: tuple[Any, ...] = ()  # desktop_app.exchange.KeyCard


@dataclass(frozen=True)
class TemplateShared:
    path: Path
    form_id: str
    version: int
    sha256: str
    changed: Changed = Changed.BUNDLES


def share_template(ctx: AppContext, request: ShareTemplate, identity: Any) -> TemplateShared:
    """Sign (and encrypt) a `form-template` bundle with `identity` (an exchange.Identity) and log
    the export like any bundle. UserError when there is no home council or the file cannot be
    written."""
    import tempfile

    from desktop_app.exchange.bundle_document import ExportContentError
    from desktop_app.exchange.export import write_export
    from desktop_app.exchange.template_bundle import prepare_template_export

    definition, source, name = template_source(ctx, request.form_id, request.version)
    if not request.out.parent.is_dir():
        raise UserError(
            f"The folder {request.out.parent} does not exist; choose where to save the bundle."
        )
    try:
        with tempfile.TemporaryDirectory(prefix=".template-share-", dir=request.out.parent) as temp:
            prepared = prepare_template_export(
                ctx.database,
                form_id=definition.id,
                version=definition.version,
                title=definition.title,
                source=source,
                source_name=name,
                workdir=Path(temp),
            )
            result = write_export(
                ctx.database, prepared, identity, request.out, recipients=request.recipients
            )
    except ExportContentError as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(
            f"Could not write {request.out} ({error.strerror or error}); choose another place."
        ) from None
    return TemplateShared(result.path, definition.id, definition.version, result.file_sha256)


@dataclass(frozen=True)
class TemplatesFromBundle:
    """What installing from a bundle did: the bundle's sender and each template installed."""

    organisation: str
    installed: list[TemplateInstalled]
    changed: Changed = Changed.TEMPLATES | Changed.BUNDLES


def install_from_bundle(ctx: AppContext, path: Path, age_secret: Any = None) -> TemplatesFromBundle:
    """Verify and import a `form-template` bundle (same checks and trust rules as any bundle),
    then check and install the template it carries.

    UserError (exit 1) for a bundle that fails verification or is not a template bundle;
    UserError (exit 3) when the signer is not trusted: the bundle is kept, marked not trusted,
    and nothing is installed until the user trusts the key and installs it again.
    """
    import json

    from desktop_app.errors import EXIT_INVALID, EXIT_UNTRUSTED
    from desktop_app.exchange import BundleError
    from desktop_app.exchange.import_bundle import ImportRefusedError, import_bundle
    from desktop_app.exchange.kept_attachments import KeptBundle
    from desktop_app.exchange.template_bundle import TEMPLATE_BUNDLE_TYPE, template_files
    from desktop_app.store.models import ImportedBundle

    try:
        result = import_bundle(ctx.database, path, age_secret=age_secret)
    except ImportRefusedError as error:
        if error.check == "unknown-signer":  # nothing of an unknown signer's bundle is stored
            raise UserError(
                f"{path.name} is signed by a key you do not trust yet, so nothing was installed. "
                "Compare the fingerprint with the sender, trust their key card ('critical-friend "
                "keys trust FILE'), then install the bundle again.",
                EXIT_UNTRUSTED,
            ) from None
        raise UserError(f"{path.name} was not installed: {error}", EXIT_INVALID) from None
    except BundleError as error:
        raise UserError(f"{path.name} was not installed: {error}", EXIT_INVALID) from None
    with ctx.database.session() as session:
        row = session.get(ImportedBundle, result.bundle_id)
        assert row is not None
        bundle_type, document_text = row.bundle_type, row.document
        kept = KeptBundle(Path(row.stored_path), row.source_organisation, row.title)
    if bundle_type != TEMPLATE_BUNDLE_TYPE:
        raise UserError(
            f"{path.name} is a {bundle_type} bundle, not a form template; it was imported as "
            "one (see Bundles) and no template was installed.",
            EXIT_INVALID,
        )
    if not result.trusted:
        raise UserError(
            f"{path.name} is signed by {result.signer_comment} ({result.fingerprint}), whose key "
            "you do not trust yet. Compare the fingerprint with the sender, trust their key card "
            "('critical-friend keys trust FILE'), then install the bundle again.",
            EXIT_UNTRUSTED,
        )
    try:
        files = template_files(ctx.database, json.loads(document_text), kept)
    except ValueError as error:
        raise UserError(f"{path.name} was not installed: {error}.", EXIT_INVALID) from None
    installed = [
        install_template_bytes(ctx, item.data, item.name, installed_from=result.organisation)
        for item in files
    ]
    return TemplatesFromBundle(result.organisation, installed)
