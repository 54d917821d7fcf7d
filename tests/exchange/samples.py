"""Sample bundle content shared by the exchange tests."""

from __future__ import annotations

SIGNER_COMMENT = "Ann Example, Oxtown Borough"
BUNDLE_DOCUMENT = {
    "format": 1,
    "organisation": {"name": "Oxtown Borough"},
    "records": [{"id": "sa-2025", "title": "Self-assessment 2025", "answers": {"q1": "Good"}}],
}
REPORT_BYTES = b"%PDF-1.4\n% a small stand-in report\n" + b"0123456789" * 500 + b"\n%%EOF\n"
ATTACHMENT_BYTES = b"Minutes of the trio meeting, 3 March.\n" * 200
ATTACHMENT_NAME = "data/attachments/" + "ab" * 32
