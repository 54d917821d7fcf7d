"""A signed response to a peer's bundle: our challenge notes, answering their exact tag manifest.

The response is an ordinary bundle (`Bundle-Type: response`, `In-Response-To:` the SHA-512 of the
original's tag manifest) whose `bundle.json` carries the notes and which self-assessment periods
they are about, plus the challenge feedback PDF. It is written (signed, optionally encrypted,
logged) by `export.write_export`, like every other bundle.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from desktop_app.exchange.bundle_document import (
    DOCUMENT_FORMAT,
    DOCUMENT_FORMAT_VERSION,
    ExportContentError,
)
from desktop_app.exchange.export import ExportRequest, PreparedExport
from desktop_app.exchange.personal_data import find_personal_data
from desktop_app.store.database import Database
from desktop_app.store.models import ImportedBundle
from desktop_app.store.repositories.challenge import (
    RESPONSE_TYPE,
    ChallengeError,
    response_document_part,
)
from desktop_app.store.repositories.organisations import home_organisation


def _periods(document: dict[str, Any]) -> list[str]:
    return sorted(
        {str(a.get("period")) for a in document.get("assessments") or [] if a.get("period")}
    )


def response_document(organisation: dict[str, str], part: dict[str, Any]) -> dict[str, Any]:
    """The bundle.json of a response: who answers, what it answers, and the notes."""
    return {
        "format": DOCUMENT_FORMAT,
        "format_version": DOCUMENT_FORMAT_VERSION,
        "bundle_type": RESPONSE_TYPE,
        "organisation": organisation,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "privacy": {"case_references": "none", "case_notes": "left out"},
        "definitions": {},
        "assessments": [],
        "visits": [],
        "data_profile": [],
        "attachments": [],
        **part,
    }


def prepare_response(
    database: Database, bundle_id: int, *, with_report: bool = True
) -> PreparedExport:
    """Collect our notes on an imported bundle into a response, checked for personal data."""
    with database.session() as session:
        home = home_organisation(session)
        if home is None:
            raise ExportContentError(
                "No home council is set, so a response cannot say who it is from; set it first."
            )
        bundle = session.get(ImportedBundle, bundle_id)
        if bundle is None:
            raise ExportContentError(f"There is no imported bundle {bundle_id}.")
        if bundle.bundle_type == RESPONSE_TYPE:
            raise ExportContentError("That bundle is itself a response; respond to the original.")
        try:
            part = response_document_part(session, bundle_id)
        except ChallengeError as error:
            raise ExportContentError(str(error)) from error
        part["in_response_to"]["periods"] = _periods(json.loads(bundle.document))
        tagmanifest = bundle.tagmanifest_sha512
        about = bundle.title
        organisation = {"name": home.name, "short_name": home.short_name, "region": home.region}
    document = response_document(organisation, part)
    return PreparedExport(
        request=ExportRequest(with_reports=with_report, challenge_bundle_id=bundle_id),
        document=document,
        attachment_files={},
        findings=find_personal_data(document),
        bundle_type=RESPONSE_TYPE,
        what=f"challenge on {about} ({len(part['challenge'])} notes)",
        organisation=str(organisation["name"]),
        in_response_to=tagmanifest,
    )
