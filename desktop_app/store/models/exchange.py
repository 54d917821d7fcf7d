"""Keys we trust, bundles we imported or exported, and challenge notes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from desktop_app.store.models.core import utcnow


class TrustedKey(SQLModel, table=True):
    """A peer council's public signing key, trusted after its fingerprint was compared."""

    __tablename__ = "trusted_key"

    id: int | None = Field(default=None, primary_key=True)
    organisation: str = Field(index=True)
    comment: str = ""
    public_line: str
    fingerprint: str = Field(unique=True)
    age_recipient: str | None = None
    status: str = "trusted"  # trusted, refused
    trusted_at: datetime = Field(default_factory=utcnow)


class ImportedBundle(SQLModel, table=True):
    """A verified bundle from a peer (or a response to one of ours), stored read-only."""

    __tablename__ = "imported_bundle"

    id: int | None = Field(default=None, primary_key=True)
    external_identifier: str = Field(unique=True)
    tagmanifest_sha512: str = Field(unique=True)
    bundle_type: str = "self-assessment"
    sequence: int = 0
    source_organisation: str = ""
    title: str = ""
    period: str = ""
    signer_fingerprint: str = ""
    signer_comment: str = ""
    trusted: bool = False
    in_response_to: str | None = Field(default=None, index=True)
    flagged_older: bool = False
    created: str = ""
    document: str = "{}"  # bundle.json as verified
    stored_path: str = ""
    imported_at: datetime = Field(default_factory=utcnow)


class ExportLog(SQLModel, table=True):
    """A record of every bundle that left this laptop."""

    __tablename__ = "export_log"

    id: int | None = Field(default=None, primary_key=True)
    bundle_type: str
    what: str
    recipients: str = ""
    path: str
    file_sha256: str
    external_identifier: str
    tagmanifest_sha512: str
    sequence: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class ChallengeNote(SQLModel, table=True):
    """A critical friend's note on a section: given by us, or received in a response."""

    __tablename__ = "challenge_note"

    id: int | None = Field(default=None, primary_key=True)
    direction: str = "given"  # given (we wrote it), received (a peer wrote it on ours)
    bundle_id: int | None = Field(default=None, foreign_key="imported_bundle.id", index=True)
    target_identifier: str = ""  # External-Identifier of the bundle the note is about
    section_id: str = ""
    text: str
    rag: str = ""
    line_of_enquiry: bool = False
    needs_answer: bool = False
    author: str = ""
    organisation: str = ""
    accepted: bool | None = None
    answer: str = ""
    answered_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # The improvement plan (migration 0002): on the owner's laptop, the plan action a received
    # note was accepted into and who answered; on the peer's, their own note's id as it travelled
    # (peer_note_id, on received notes), and the owner's reply to a given note (the action that
    # follows, as JSON, and the reply bundle it came in).
    action_id: int | None = None
    answered_by: str = ""
    peer_note_id: int | None = None
    reply_action: str = ""
    reply_bundle_id: int | None = None
