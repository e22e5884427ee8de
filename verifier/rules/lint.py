"""Checking a rule file, with every problem placed at its line and column in the YAML.

The file is parsed twice: ``yaml.safe_load`` for the data and ``yaml.compose`` for the node
marks, so a jsonschema error path ("criteria/3/rule/params/threshold") can be turned into the
line a person has to edit. Unknown keys are reported with the known key they most likely meant
(difflib), as invoice2data does for template fields. After the schema, the tree itself is checked:
unique codes, existing parents, and every parent's maximum equal to the sum of its children's.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from verifier.rules import yamlio
from verifier.rules.checks import date_issues as _date_issues
from verifier.rules.checks import meaning_issues as _meaning_issues
from verifier.rules.checks import tree_issues as _tree_issues
from verifier.rules.registry import registry_problems, registry_schema
from verifier.rules.resolve import Resolved, resolve

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "rules" / "schema.json"


@dataclass(frozen=True)
class LintIssue:
    line: int          # 1-based
    column: int        # 1-based
    path: str          # "criteria[3].rule.params.threshold"
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.line}:{self.column}{where}: {self.message}"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def lint_framework(path: Path) -> tuple[LintIssue, ...]:
    """Every problem of a rule file (or of rules/provinces.yaml), in file order; () means valid."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return (LintIssue(1, 1, "", f"cannot read the file: {exc}"),)
    return lint_text(text, Path(path))


def lint_text(text: str, path: Path | None = None) -> tuple[LintIssue, ...]:
    """Lint a framework given as text; ``path`` is where it lives (for ``extends:`` and the library)."""
    try:
        data = yamlio.load(text)
        root = yamlio.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return (LintIssue(line, col, "", f"YAML syntax: {exc.problem or exc}"),)
    except yaml.YAMLError as exc:
        return (LintIssue(1, 1, "", f"YAML: {exc}"),)
    if not isinstance(data, dict) or root is None:
        return (LintIssue(1, 1, "", "a framework file must be a mapping with 'framework' and 'criteria'"),)
    if "provinces" in data and "levels" in data:
        return _sorted(_registry_issues(data, root))
    resolved = resolve(data, path)
    where = _Locator(root, resolved)
    issues = [where.issue(p, m, raw=True) for p, m in resolved.problems]
    if resolved.broken:
        return _sorted(issues)
    schema_issues = [where.issue(p, m, key=k) for p, m, k in _schema_errors(resolved.doc, schema())]
    issues.extend(schema_issues)
    if not schema_issues:
        issues.extend(where.issue(p, m) for p, m in _date_issues(resolved.doc))
        issues.extend(where.issue(p, m) for p, m in _tree_issues(resolved.doc))
        issues.extend(where.issue(p, m) for p, m in _meaning_issues(resolved.doc, path))
    return _sorted(issues)


def _sorted(issues: list[LintIssue]) -> tuple[LintIssue, ...]:
    return tuple(sorted(set(issues), key=lambda i: (i.line, i.column, i.path, i.message)))


class _Locator:
    """Turns a path in the resolved document into a line of the file a person edits.

    Without ``extends`` the two documents have the same shape. With it, a criterion is found in the
    file by its code; one that comes only from the extended framework is reported at ``extends:``.
    """

    def __init__(self, root: yaml.Node, resolved: Resolved) -> None:
        self.root = root
        self.resolved = resolved

    def issue(self, path: list[Any], message: str, *, raw: bool = False, key: bool = False) -> LintIssue:
        target, prefix = (path, "") if raw else self._map(path)
        node = _key_node(self.root, target) if key else _value_node(self.root, target)
        return _issue(node, target, prefix + message)

    def _map(self, path: list[Any]) -> tuple[list[Any], str]:
        if self.resolved.parent is None or len(path) < 2 or path[0] != "criteria" or not isinstance(path[1], int):
            return path, ""
        criteria = self.resolved.doc.get("criteria") or []
        code = str(criteria[path[1]].get("code")) if path[1] < len(criteria) else ""
        if code in self.resolved.origin:
            return ["criteria", self.resolved.origin[code], *path[2:]], ""
        return ["extends"], f"criterion {code} (from {self.resolved.parent}) {_dotted(path[2:]) or ''}: ".replace(
            " : ", ": ")


# --- schema ---------------------------------------------------------------------------------


def _schema_errors(data: Any, schema_doc: dict[str, Any]) -> list[tuple[list[Any], str, bool]]:
    """(path, message, at_key) for every schema error, the most specific sub-error of a oneOf."""
    validator = jsonschema.Draft202012Validator(schema_doc)
    out: list[tuple[list[Any], str, bool]] = []
    for err in validator.iter_errors(data):
        out.extend(_explain(err))
    return out


def _explain(err: jsonschema.ValidationError) -> list[tuple[list[Any], str, bool]]:
    path = list(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = list((err.schema.get("properties") or {}).keys())
        out = []
        for key in sorted(set(err.instance) - set(known), key=str):
            hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            msg = f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else
                                           f"; allowed: {', '.join(known)}")
            out.append(([*path, key], msg, True))
        return out
    if err.validator in ("oneOf", "anyOf", "allOf") and err.context:
        # report the most specific sub-error instead of "is not valid under any of the given schemas"
        best = jsonschema.exceptions.best_match(err.context)
        if best is not None and best is not err and list(best.absolute_path)[: len(path)] == path:
            return _explain(best)
    return [(path, _message(err), False)]


def _message(err: jsonschema.ValidationError) -> str:
    if err.validator == "required":
        return str(err.message).replace("is a required property", "is required")
    if err.validator == "type":
        return f"{err.instance!r} is not of type {err.validator_value}"
    return str(err.message)


def _issue(node: yaml.Node | None, path: list[Any], message: str) -> LintIssue:
    line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
    return LintIssue(line, col, _dotted(path), message)


def _dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _value_node(root: yaml.Node, path: list[Any]) -> yaml.Node | None:
    """The YAML node at a jsonschema path (falls back to the deepest node found)."""
    node: yaml.Node = root
    for part in path:
        child = _child(node, part)
        if child is None:
            return node
        node = child[1]
    return node


def _key_node(root: yaml.Node, path: list[Any]) -> yaml.Node | None:
    parent = _value_node(root, path[:-1])
    if parent is None:
        return None
    child = _child(parent, path[-1])
    return child[0] if child else parent


def _child(node: yaml.Node, part: Any) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
        for key, value in node.value:   # keys pulled in through a YAML merge (<<: *anchor)
            if key.value == "<<" and isinstance(value, yaml.MappingNode):
                found = _child(value, part)
                if found:
                    return found
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item, item
    return None


# --- the registry --------------------------------------------------------------------------


def _registry_issues(data: dict[str, Any], root: yaml.Node) -> list[LintIssue]:
    errors = _schema_errors(data, registry_schema())
    issues = [_issue(_key_node(root, p) if k else _value_node(root, p), p, m) for p, m, k in errors]
    if not issues:
        for problem in registry_problems(data):
            issues.append(LintIssue(1, 1, "", problem))
    return issues
