"""Council templates: the versions a council installed, and which version new records use.

A template id can have shipped versions (forms/templates/) and installed ones (the
`council_template` table, from a file or a signed bundle). The newest version wins: a council
template with the same id and a higher version supersedes the shipped one. An installed version
is immutable: installing the same id and version again with other content is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from desktop_app.store.models import CouncilTemplate, FormDefinitionRow
from desktop_app.store.repositories.records import (
    canonical_json,
    definition_from_text,
    definition_snapshot,
    ensure_definition,
)
from forms import FormDefinition, shipped_templates


class TemplateInstallError(ValueError):
    """An installation refused; the message is one sentence saying why and what to do."""


@dataclass(frozen=True)
class TemplateVersion:
    """One version of a template that new records can be made from."""

    form_id: str
    version: int
    title: str
    origin: str  # "shipped", "file" or the council whose bundle carried it
    installed_at: datetime | None
    source_name: str
    definition: FormDefinition


def install_council_template(
    session: Session,
    definition: FormDefinition,
    source: bytes,
    *,
    source_name: str,
    source_format: str,
    installed_from: str,
) -> tuple[CouncilTemplate, bool]:
    """Store a checked definition with the file it came from; (row, True when new).

    The same id, version and content again changes nothing (False). TemplateInstallError when
    that version is shipped or installed with other content (a version's meaning never changes).
    """
    snapshot = definition.to_snapshot()
    for shipped in shipped_templates():
        if shipped.id == definition.id and shipped.version >= definition.version:
            raise TemplateInstallError(
                f"Version {definition.version} of '{definition.id}' is not newer than the "
                f"shipped version {shipped.version}; give the template a higher version."
            )
    existing = session.exec(
        select(CouncilTemplate).where(
            CouncilTemplate.form_id == definition.id,
            CouncilTemplate.version == definition.version,
        )
    ).first()
    if existing is not None:
        same = canonical_json(definition_snapshot(session, existing.definition_id)) == (
            canonical_json(snapshot)
        )
        if same:
            return existing, False
        raise TemplateInstallError(
            f"Version {definition.version} of '{definition.id}' is already installed with "
            "different questions; give the changed template a higher version."
        )
    row = ensure_definition(session, snapshot)
    assert row.id is not None
    installed = CouncilTemplate(
        form_id=definition.id,
        version=definition.version,
        title=definition.title,
        source_name=source_name,
        source_format=source_format,
        source=source,
        definition_id=row.id,
        installed_from=installed_from,
    )
    session.add(installed)
    session.flush()
    return installed, True


def template_versions(session: Session) -> list[TemplateVersion]:
    """Every shipped and installed version, by id then version."""
    found = [
        TemplateVersion(d.id, d.version, d.title, "shipped", None, "", d)
        for d in shipped_templates()
    ]
    for row in session.exec(select(CouncilTemplate).order_by(col(CouncilTemplate.id))):
        stored = session.get(FormDefinitionRow, row.definition_id)
        if stored is None:
            continue
        definition = definition_from_text(stored.sha256, stored.snapshot)
        found.append(
            TemplateVersion(
                row.form_id,
                row.version,
                row.title,
                row.installed_from or "file",
                row.installed_at,
                row.source_name,
                definition,
            )
        )
    return sorted(found, key=lambda item: (item.form_id, item.version))


def current_templates(session: Session) -> list[TemplateVersion]:
    """The newest version of each template id (what new records are made from)."""
    newest: dict[str, TemplateVersion] = {}
    for item in template_versions(session):
        newest[item.form_id] = item
    return list(newest.values())


def current_definition(session: Session, form_id: str) -> FormDefinition:
    """The newest version of a template, shipped or installed; LookupError naming known ids."""
    for item in current_templates(session):
        if item.form_id == form_id:
            return item.definition
    known = ", ".join(item.form_id for item in current_templates(session))
    raise LookupError(f"There is no template '{form_id}' (known: {known}).")


def template_version(session: Session, form_id: str, version: int) -> FormDefinition:
    """One version of a template; LookupError naming the versions there are."""
    versions = [item for item in template_versions(session) if item.form_id == form_id]
    for item in versions:
        if item.version == version:
            return item.definition
    have = ", ".join(str(item.version) for item in versions) or "none"
    raise LookupError(
        f"There is no version {version} of '{form_id}' (versions here: {have}); "
        "install it first with 'critical-friend forms install FILE'."
    )


def council_template_source(session: Session, form_id: str, version: int) -> CouncilTemplate:
    """The installed row (with its original file); LookupError when it is not installed."""
    row = session.exec(
        select(CouncilTemplate).where(
            CouncilTemplate.form_id == form_id, CouncilTemplate.version == version
        )
    ).first()
    if row is None:
        raise LookupError(f"Version {version} of '{form_id}' is not an installed template.")
    return row
