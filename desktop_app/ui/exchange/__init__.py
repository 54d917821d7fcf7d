"""Screens and dialogs for signed bundles: the inbox's bundle page, trust, identity, export."""
