"""Small coloured labels: a RAG view, a flag such as "Line of enquiry", an answer's state."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.app.challenge import RAG_LABELS


def chip(text: str, kind: str, parent: QWidget | None = None) -> QLabel:
    """A rounded label; `kind` picks its colours in the style sheet (red, amber, green, flag…)."""
    label = QLabel(text, parent)
    label.setObjectName("ChallengeChip")
    label.setProperty("kind", kind)
    return label


def rag_chip(rag: str) -> QLabel:
    label = chip(RAG_LABELS.get(rag, rag) if rag else "No RAG", rag or "none")
    label.setAccessibleName(f"RAG view: {RAG_LABELS.get(rag, rag)}")
    return label
