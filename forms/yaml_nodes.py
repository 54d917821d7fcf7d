"""Reading YAML as composed nodes so that every problem can name its source line."""

from __future__ import annotations

import yaml

from forms.problems import TemplateProblem

_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


class NodeReader:
    """Collects problems for one file while typed values are read from its nodes."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[TemplateProblem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(TemplateProblem(self.filename, line_of(node), message))

    def problem_at_line(self, line: int, message: str) -> None:
        self.problems.append(TemplateProblem(self.filename, line, message))

    def compose(self, text: str) -> yaml.Node | None:
        """Parse text into a node tree; a syntax error becomes a problem on YAML's line."""
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else 1
            what = error.problem or error.context or "the YAML could not be read"
            self.problems.append(TemplateProblem(self.filename, line, f"YAML syntax error: {what}"))
            return None
        except yaml.YAMLError as error:
            self.problems.append(TemplateProblem(self.filename, 1, f"YAML error: {error}"))
            return None
        if node is None:
            self.problems.append(TemplateProblem(self.filename, 1, "the file is empty"))
        return node

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        allowed: frozenset[str],
        required: tuple[str, ...] = (),
    ) -> dict[str, yaml.Node] | None:
        """A mapping's entries by key; unknown, duplicate and missing keys become problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values")
            return None
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"{what} has a key that is not plain text")
                continue
            key = str(key_node.value)
            if key in entries:
                self.problem(key_node, f"{what} has the key '{key}' twice")
                continue
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(key_node, f"unknown key '{key}' in {what} (allowed: {known})")
                continue
            entries[key] = value_node
        for key in required:
            if key not in entries:
                self.problem(node, f"{what} is missing the required key '{key}'")
        return entries

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list")
            return None
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.problem(node, f"{what} must be text")
            return None
        return str(node.value)

    def optional_text(self, entries: dict[str, yaml.Node], key: str, what: str) -> str:
        node = entries.get(key)
        if node is None:
            return ""
        return self.text(node, f"{what} '{key}'") or ""

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return _BOOL_WORDS.get(str(node.value).lower())
        self.problem(node, f"{what} must be true or false")
        return None

    def whole_number(self, node: yaml.Node, what: str) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int":
            try:
                return int(str(node.value).replace("_", ""))
            except ValueError:
                pass
        self.problem(node, f"{what} must be a whole number")
        return None

    def real_number(self, node: yaml.Node, what: str) -> float | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            try:
                return float(str(node.value).replace("_", ""))
            except ValueError:
                pass
        self.problem(node, f"{what} must be a number")
        return None


def line_of(node: yaml.Node | None) -> int:
    """The 1-based line where a node starts (1 when unknown)."""
    if node is None:
        return 1
    return int(node.start_mark.line) + 1
