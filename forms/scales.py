"""Grade scales as data (forms/scales.yaml): values, labels, scores, colours, good-or-better."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.problems import TemplateError

if TYPE_CHECKING:  # the YAML reader is imported only when scales are read (start-up stays quick)
    from forms.yaml_nodes import NodeReader

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SCALE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ScaleValue:
    id: str
    label: str
    score: float | None
    good_or_better: bool
    colour: str
    in_statistics: bool = True

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "good_or_better": self.good_or_better,
            "colour": self.colour,
            "in_statistics": self.in_statistics,
        }


@dataclass(frozen=True)
class Scale:
    id: str
    title: str
    values: list[ScaleValue]
    description: str = ""

    def value(self, value_id: str) -> ScaleValue | None:
        """The value with this id, or None."""
        for candidate in self.values:
            if candidate.id == value_id:
                return candidate
        return None

    def ids(self) -> list[str]:
        return [candidate.id for candidate in self.values]

    def label_of(self, value_id: str) -> str:
        """The label for an id; an unknown id is shown as it is rather than hidden."""
        found = self.value(value_id)
        return found.label if found is not None else value_id

    def is_good_or_better(self, value_id: str) -> bool:
        found = self.value(value_id)
        return found is not None and found.good_or_better

    def score_of(self, value_id: str) -> float | None:
        found = self.value(value_id)
        return found.score if found is not None else None

    def counts_in_statistics(self, value_id: str) -> bool:
        found = self.value(value_id)
        return found is not None and found.in_statistics

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "values": [value.to_snapshot() for value in self.values],
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Scale:
        values = [
            ScaleValue(
                id=str(item["id"]),
                label=str(item["label"]),
                score=None if item.get("score") is None else float(item["score"]),
                good_or_better=bool(item["good_or_better"]),
                colour=str(item["colour"]),
                in_statistics=bool(item.get("in_statistics", True)),
            )
            for item in data["values"]
        ]
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            values=values,
            description=str(data.get("description", "")),
        )


def scales_path() -> Path:
    return Path(__file__).resolve().parent / "scales.yaml"


def load_scales(path: Path | None = None) -> dict[str, Scale]:
    """The scales defined in scales.yaml (read on first use); raises TemplateError if malformed."""
    if path is None:
        return dict(_load_default_scales())
    return parse_scales_text(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _load_default_scales() -> dict[str, Scale]:
    path = scales_path()
    return parse_scales_text(path.read_text(encoding="utf-8"), str(path))


_SCALE_KEYS = frozenset({"id", "title", "description", "values"})
_VALUE_KEYS = frozenset({"id", "label", "score", "good_or_better", "colour", "in_statistics"})


def parse_scales_text(text: str, filename: str) -> dict[str, Scale]:
    """Read scales YAML text; every problem found is reported with its line."""
    from forms.yaml_nodes import NodeReader

    reader = NodeReader(filename)
    root = reader.compose(text)
    scales: dict[str, Scale] = {}
    if root is not None:
        top = reader.mapping(root, "the scales file", frozenset({"scales"}), ("scales",))
        items = reader.sequence(top["scales"], "'scales'") if top and "scales" in top else None
        for node in items or []:
            scale = _read_scale(reader, node)
            if scale is None:
                continue
            if scale.id in scales:
                reader.problem(node, f"the scale id '{scale.id}' is used twice")
                continue
            scales[scale.id] = scale
    if reader.problems:
        raise TemplateError(reader.problems)
    return scales


def _read_scale(reader: NodeReader, node: Any) -> Scale | None:
    entries = reader.mapping(node, "a scale", _SCALE_KEYS, ("id", "title", "values"))
    if entries is None or not {"id", "title", "values"} <= entries.keys():
        return None
    before = len(reader.problems)
    scale_id = reader.text(entries["id"], "a scale id") or ""
    if scale_id and not _SCALE_ID.match(scale_id):
        reader.problem(
            entries["id"],
            f"the scale id '{scale_id}' must be lower-case letters, digits and underscores",
        )
    title = reader.text(entries["title"], "a scale title") or ""
    description = reader.optional_text(entries, "description", "scale")
    values: list[ScaleValue] = []
    seen: set[str] = set()
    value_nodes = reader.sequence(entries["values"], f"the values of scale '{scale_id}'") or []
    if not value_nodes:
        reader.problem(entries["values"], f"the scale '{scale_id}' has no values")
    for value_node in value_nodes:
        value = _read_value(reader, value_node)
        if value is None:
            continue
        if value.id in seen:
            reader.problem(value_node, f"the value id '{value.id}' is used twice in '{scale_id}'")
        seen.add(value.id)
        values.append(value)
    if len(reader.problems) > before:
        return None
    return Scale(id=scale_id, title=title, values=values, description=description)


def _read_value(reader: NodeReader, node: Any) -> ScaleValue | None:
    required = ("id", "label", "good_or_better", "colour")
    entries = reader.mapping(node, "a scale value", _VALUE_KEYS, required)
    if entries is None or not set(required) <= entries.keys():
        return None
    value_id = reader.text(entries["id"], "a scale value id")
    label = reader.text(entries["label"], "a scale value label")
    good = reader.boolean(entries["good_or_better"], "good_or_better")
    colour = reader.text(entries["colour"], "colour")
    if colour is not None and not _COLOUR.match(colour):
        reader.problem(entries["colour"], f"the colour '{colour}' must look like #1B7F3B")
        colour = None
    score = reader.real_number(entries["score"], "score") if "score" in entries else None
    in_statistics = True
    if "in_statistics" in entries:
        in_statistics = reader.boolean(entries["in_statistics"], "in_statistics") is True
    if value_id is None or label is None or good is None or colour is None:
        return None
    return ScaleValue(value_id, label, score, good, colour, in_statistics)
