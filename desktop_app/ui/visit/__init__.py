"""A visit's own page: its audits, the audit form, moderation, findings and actions."""
