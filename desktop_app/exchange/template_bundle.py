"""A form template travelling in a signed bundle (`Bundle-Type: form-template`), so that a region
or a council can share its audit tool.

The template file goes as it was written (YAML or an XLSForm workbook) as a content-addressed
payload file, `data/attachments/<sha256>`, listed in `bundle.json` under `templates`. It is an
ordinary bundle: signed, verified and imported under the same trust rules as any other; the
receiving laptop checks the template again before installing it (`desktop_app.app.templates`).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.exchange.bundle_archive import DEFAULT_LIMITS
from desktop_app.exchange.bundle_document import (
    DOCUMENT_FORMAT,
    DOCUMENT_FORMAT_VERSION,
    ExportContentError,
)
from desktop_app.exchange.export import ExportRequest, PreparedExport
from desktop_app.exchange.kept_attachments import (
    KeptAttachmentError,
    KeptBundle,
    read_kept_attachment,
)
from desktop_app.store.database import Database
from desktop_app.store.repositories.attachments import attachment_path
from desktop_app.store.repositories.organisations import home_organisation

TEMPLATE_BUNDLE_TYPE = "form-template"


@dataclass(frozen=True)
class TemplateFile:
    """A template file carried by an imported bundle: its name and bytes (not yet checked)."""

    name: str
    form_id: str
    version: int
    data: bytes


def prepare_template_export(
    database: Database,
    *,
    form_id: str,
    version: int,
    title: str,
    source: bytes,
    source_name: str,
    workdir: Path,
) -> PreparedExport:
    """A bundle carrying one template file; `workdir` must outlive `write_export` (the file is
    staged there). ExportContentError when no home council is set."""
    with database.session() as session:
        home = home_organisation(session)
        if home is None:
            raise ExportContentError(
                "No home council is set, so a bundle cannot say who it is from; set it first."
            )
        organisation = {"name": home.name, "short_name": home.short_name, "region": home.region}
    digest = hashlib.sha256(source).hexdigest()
    staged = workdir / digest
    staged.write_bytes(source)
    mime = mimetypes.guess_type(source_name)[0] or "application/octet-stream"
    document: dict[str, Any] = {
        "format": DOCUMENT_FORMAT,
        "format_version": DOCUMENT_FORMAT_VERSION,
        "bundle_type": TEMPLATE_BUNDLE_TYPE,
        "organisation": organisation,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "privacy": {"case_references": "none", "case_notes": "none"},
        "definitions": {},
        "assessments": [],
        "visits": [],
        "data_profile": [],
        "attachments": [
            {
                "sha256": digest,
                "name": source_name,
                "size": len(source),
                "mime": mime,
                "path": f"data/attachments/{digest}",
            }
        ],
        "templates": [
            {
                "form_id": form_id,
                "version": version,
                "title": title,
                "file": source_name,
                "sha256": digest,
            }
        ],
    }
    return PreparedExport(
        request=ExportRequest(with_reports=False),
        document=document,
        attachment_files={digest: staged},
        findings=[],
        bundle_type=TEMPLATE_BUNDLE_TYPE,
        what=f"form template {form_id} version {version} ({title})",
        organisation=str(organisation["name"]),
    )


def template_files(
    database: Database, document: dict[str, Any], kept: KeptBundle
) -> list[TemplateFile]:
    """The template files an imported bundle's document lists, read out of the bundle's `kept`
    copy and checked against their SHA-256 as they are read (or from the home's attachments,
    where imports before issue 17 unpacked them). ValueError when the document's list is
    malformed, or a file is missing or no longer the one signed (one sentence)."""
    entries = document.get("templates")
    if not isinstance(entries, list) or not entries:
        raise ValueError("the bundle does not carry a form template")
    found: list[TemplateFile] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError("a template entry of the bundle is not an object")
        name, digest = entry.get("file"), entry.get("sha256")
        form_id, version = entry.get("form_id"), entry.get("version")
        if not (
            isinstance(name, str)
            and isinstance(digest, str)
            and isinstance(form_id, str)
            and isinstance(version, int)
            and not isinstance(version, bool)
        ):
            raise ValueError("a template entry of the bundle lacks its file, id or version")
        path = attachment_path(database.home, digest)
        try:
            data = (
                path.read_bytes()
                if path.is_file()
                else read_kept_attachment(kept, digest, name, DEFAULT_LIMITS.max_file_bytes)
            )
        except KeptAttachmentError as error:
            raise ValueError(error.message.rstrip(".")) from None
        found.append(TemplateFile(Path(name).name, form_id, version, data))
    return found
