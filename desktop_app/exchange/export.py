"""Exporting a signed bundle: collect, check for personal data, add reports, sign, encrypt, log.

Two steps, so a person can look at the personal-data findings between them:
`prepare_export` builds the document and lists the findings; `write_export` writes the file.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from desktop_app.exchange.bundle_archive import PARALLEL_READS
from desktop_app.exchange.bundle_document import (
    BundleDocumentBuilder,
    DocumentOptions,
    ExportContentError,
)
from desktop_app.exchange.bundle_write import (
    BundleWritten,
    PayloadItem,
    looks_compressed,
    write_bundle,
)
from desktop_app.exchange.encryption import encrypt_file
from desktop_app.exchange.key_card import KeyCard
from desktop_app.exchange.keys import Identity
from desktop_app.exchange.personal_data import (
    PersonalDataFinding,
    find_in_text,
    find_personal_data,
    remove_findings,
)
from desktop_app.exchange.pseudonyms import CasePseudonyms, pseudonym_secret
from desktop_app.exchange.source_digests import SourceDigests
from desktop_app.reports.registry import ReportKind, report_writer
from desktop_app.store.database import Database, write_failure
from desktop_app.store.repositories.attachments import file_sha256
from desktop_app.store.repositories.exchange import (
    council_case_references,
    next_bundle_sequence,
    record_export,
)
from desktop_app.store.repositories.organisations import home_organisation
from desktop_app.store.vocabulary import BundleType

ProgressReport = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportRequest:
    assessment_ids: tuple[int, ...] = ()
    visit_ids: tuple[int, ...] = ()
    include_case_notes: bool = False
    include_drafts: bool = False
    with_reports: bool = True
    challenge_bundle_id: int | None = None  # a response: our challenge on this imported bundle


@dataclass(frozen=True)
class PreparedExport:
    request: ExportRequest
    document: dict[str, Any]
    attachment_files: dict[str, Path]
    findings: list[PersonalDataFinding]
    bundle_type: str
    what: str
    organisation: str
    removed: int = 0
    in_response_to: str | None = None  # SHA-512 of the answered bundle's tag manifest
    case_references: tuple[str, ...] = ()  # the council's own, flagged wherever they appear
    # The attachment files' SHA-512, taken while the export was prepared (see source_digests).
    source_digests: SourceDigests | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    file_sha256: str
    external_identifier: str
    sequence: int
    encrypted_for: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


def _bundle_type(request: ExportRequest) -> BundleType:
    if request.assessment_ids and request.visit_ids:
        return BundleType.SELF_ASSESSMENT_AND_VISITS
    return BundleType.SELF_ASSESSMENT if request.assessment_ids else BundleType.VISIT_FINDINGS


def prepare_export(database: Database, request: ExportRequest) -> PreparedExport:
    """Collect what the request names and check it for personal data (nothing is written).

    The attachment files start being hashed on a worker thread as they are met (their SHA-512
    for the manifest, `source_digests`); `write_export` uses those digests and stops the thread.
    """
    if not request.assessment_ids and not request.visit_ids:
        raise ExportContentError("Choose at least one self-assessment or visit to export.")
    # Used by the writer only for files it stores as they are, and only where it hashes what it
    # writes on a thread (PARALLEL_READS); elsewhere it hashes every file as it copies it.
    digests = SourceDigests(wanted=partial(looks_compressed, "")) if PARALLEL_READS else None
    try:
        return _prepared(database, request, digests)
    except BaseException:
        if digests is not None:
            digests.stop()
        raise


def _prepared(
    database: Database, request: ExportRequest, digests: SourceDigests | None
) -> PreparedExport:
    with database.session() as session:
        home = home_organisation(session)
        if home is None:
            raise ExportContentError(
                "No home council is set, so a bundle cannot say who it is from; set it first."
            )
        secret = pseudonym_secret(database.home.keys, home.name)
        builder = BundleDocumentBuilder(
            session,
            attachments_dir=database.home.attachments,
            pseudonyms=CasePseudonyms(secret),
            options=DocumentOptions(request.include_case_notes, request.include_drafts),
            on_attachment=digests.add if digests is not None else None,
        )
        parts = [builder.add_assessment(i) for i in request.assessment_ids]
        parts += [builder.add_visit(i) for i in request.visit_ids]
        builder.add_data_profile()
        bundle_type = _bundle_type(request)
        organisation = {"name": home.name, "short_name": home.short_name, "region": home.region}
        organisation |= builder.la_codes(home.id) if home.id is not None else {}
        document = builder.document(bundle_type=bundle_type, organisation=organisation)
        references = council_case_references(session)
        files = dict(builder.content.attachment_files)
    findings = find_personal_data(document, case_references=references)
    for entry in document["attachments"]:
        for kind, match, _start, _end in find_in_text(entry["name"]):
            findings.append(
                PersonalDataFinding(
                    ("attachments",), "attachments › file name", kind, match, entry["name"]
                )
            )
    return PreparedExport(
        request=request,
        document=document,
        attachment_files=files,
        findings=findings,
        bundle_type=bundle_type,
        what="; ".join(parts),
        organisation=home.name,
        case_references=tuple(references),
        source_digests=digests,
    )


def without_findings(
    prepared: PreparedExport, chosen: Sequence[PersonalDataFinding]
) -> PreparedExport:
    """The export with the chosen findings' text replaced by a removal mark."""
    removable = [finding for finding in chosen if finding.path != ("attachments",)]
    document = remove_findings(prepared.document, removable)
    remaining = find_personal_data(document, case_references=prepared.case_references)
    left = [f for f in prepared.findings if f.path == ("attachments",) and f not in removable]
    return replace(
        prepared,
        document=document,
        findings=remaining + left,
        removed=prepared.removed + len(removable),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "bundle"


def _write_reports(
    database: Database, prepared: PreparedExport, folder: Path, report: ProgressReport
) -> list[PayloadItem]:
    """PDFs of what the bundle carries. Visit reports name real cases, so they go only when the
    user opted in to case notes."""
    wanted: list[tuple[ReportKind, int]] = [
        (ReportKind.ASSESSMENT, i) for i in prepared.request.assessment_ids
    ]
    if prepared.request.include_case_notes:
        wanted += [(ReportKind.VISIT, i) for i in prepared.request.visit_ids]
    if prepared.request.challenge_bundle_id is not None:
        wanted.append((ReportKind.BUNDLE, prepared.request.challenge_bundle_id))
    items: list[PayloadItem] = []
    for index, (kind, item_id) in enumerate(wanted):
        writer = report_writer(kind)  # every kind has a writer: mypy checks the registry
        report(index, len(wanted), f"Writing the {kind} report…")
        name = "challenge" if kind == "bundle" else kind
        out = folder / f"{name}-{item_id}.pdf"
        try:
            writer(database, item_id, out)
        except Exception as error:  # any failure of a report writer stops the export
            if write_failure(error, folder) is not None:
                raise  # a full disk: said as such by the caller, not as a report's fault
            raise ExportContentError(
                f"The PDF report of {kind} {item_id} could not be made ({error}); "
                "try again, or export without reports."
            ) from error
        items.append(PayloadItem(f"data/reports/{out.name}", out))
    return items


def write_export(
    database: Database,
    prepared: PreparedExport,
    identity: Identity,
    out: Path,
    *,
    recipients: Sequence[KeyCard] = (),
    progress: ProgressReport | None = None,
) -> ExportResult:
    """Sign the prepared bundle into `out` (encrypted for `recipients` when given) and log it."""
    try:
        return _written_export(database, prepared, identity, out, recipients, progress)
    finally:
        if prepared.source_digests is not None:
            prepared.source_digests.stop()  # the digests taken stay usable for a second write


def _written_export(
    database: Database,
    prepared: PreparedExport,
    identity: Identity,
    out: Path,
    recipients: Sequence[KeyCard],
    progress: ProgressReport | None,
) -> ExportResult:
    report: ProgressReport = progress or (lambda _done, _total, _text: None)
    ages = [card.age_recipient for card in recipients]
    if any(age is None for age in ages):
        missing = next(card.comment for card in recipients if card.age_recipient is None)
        raise ExportContentError(
            f"The key card of {missing} has no age1… line, so nothing can be encrypted for it; "
            "ask them for their full key card."
        )
    out = Path(out)
    with database.session() as session:
        sequence = next_bundle_sequence(session)
    with tempfile.TemporaryDirectory(prefix="cf-export-", dir=out.parent) as temp_name:
        temp = Path(temp_name)
        payload = [
            PayloadItem(
                "data/bundle.json",
                # No indent: Python's C encoder is used only without one (an indented
                # bundle.json of 1,000 audits took 0.3 s more); readers parse either form.
                json.dumps(prepared.document, ensure_ascii=False).encode("utf-8"),
            )
        ]
        if prepared.request.with_reports:
            payload += _write_reports(database, prepared, temp, report)
        known = prepared.source_digests
        payload += [
            PayloadItem(
                f"data/attachments/{digest}",
                source,
                known_sha512=partial(known.sha512, source) if known is not None else None,
            )
            for digest, source in sorted(prepared.attachment_files.items())
        ]
        report(0, 1, "Signing the bundle…")
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        signed_path = temp / "signed.cfbundle" if recipients else out
        written: BundleWritten = write_bundle(
            signed_path,
            name=f"{_slug(prepared.organisation)}-{prepared.bundle_type}-{stamp}",
            bag_info={
                "Source-Organization": identity.org or prepared.organisation,
                "Contact-Name": identity.name,
                "Bundle-Type": prepared.bundle_type,
                "Bundle-Sequence": str(sequence),
                **({"In-Response-To": prepared.in_response_to} if prepared.in_response_to else {}),
            },
            payload=payload,
            signing_key=identity.private_key,
            signer_line=identity.public_line,
        )
        if recipients:
            report(0, 1, "Encrypting for the recipients…")
            encrypt_file(signed_path, out, [*(a for a in ages if a), identity.age_recipient])
        # Taken while the file was written, when it could be (see BundleWritten.file_sha256).
        digest = written.file_sha256 if not recipients and written.file_sha256 else file_sha256(out)
    names = [card.comment for card in recipients]
    try:
        with database.session() as session:
            record_export(
                session,
                bundle_type=prepared.bundle_type,
                what=prepared.what,
                recipients=", ".join(names),
                path=str(out.resolve()),
                file_sha256=digest,
                external_identifier=written.external_identifier,
                tagmanifest_sha512=written.sha512_of_tagmanifest,
                sequence=sequence,
            )
    except BaseException:  # not logged (a full disk): no bundle out in the world unrecorded
        out.unlink(missing_ok=True)
        raise
    report(1, 1, "Done")
    return ExportResult(
        path=out,
        file_sha256=digest,
        external_identifier=written.external_identifier,
        sequence=sequence,
        encrypted_for=names,
        reports=[item.arcname for item in payload if item.arcname.startswith("data/reports/")],
    )
