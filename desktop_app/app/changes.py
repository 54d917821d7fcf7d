"""What an operation changed, so that screens refresh from facts, not hand-written strings."""

from __future__ import annotations

from enum import Flag, auto


class Changed(Flag):
    """The kinds of data an operation can change; combine with ``|``.

    The window's runner emits the result's ``changed`` once the operation returns, and each
    screen refreshes when its own kinds are in it (``if Changed.VISITS in changed``).
    """

    NONE = 0
    ASSESSMENTS = auto()
    VISITS = auto()
    AUDITS = auto()
    BUNDLES = auto()
    CHALLENGE = auto()
    KEYS = auto()
    PROFILE = auto()
    PLAN = auto()
    TEMPLATES = auto()
    SETTINGS = auto()
    ALL = (
        ASSESSMENTS
        | VISITS
        | AUDITS
        | BUNDLES
        | CHALLENGE
        | KEYS
        | PROFILE
        | PLAN
        | TEMPLATES
        | SETTINGS
    )
