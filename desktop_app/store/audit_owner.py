"""Who an audit is by, as SQL: kept apart from the audits repository so that the quick
``list audits`` path reads it without importing the ORM (issue 17)."""

from __future__ import annotations

OWNER_SQL = "COALESCE(NULLIF(a.assigned_to, ''), a.auditor)"
"""SQL (over ``audit a``) naming who an audit is by in lists, exports and reports: the team
member who holds it now (``assigned_to``; a reassigned audit names its new holder), else the
auditor the form names. Who typed each answer stays in the change log."""
