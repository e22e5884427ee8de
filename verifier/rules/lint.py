"""Checking a rule file, with every problem placed at its line and column in the YAML.

The file is parsed twice: ``yaml.safe_load`` for the data and ``yaml.compose`` for the node
marks, so a jsonschema error path ("criteria/3/rule/params/threshold") can be turned into the
line a person has to edit. Unknown keys are reported with the known key they most likely meant
(difflib), as invoice2data does for template fields. After the schema, the tree itself is checked:
unique codes, existing parents, and every parent's maximum equal to the sum of its children's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "rules" / "schema.json"
_DATE_RX = re.compile(r"^\{Y([+-][0-9])?\}-(\d{2})-(\d{2})$")


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
    """Every problem of a rule file, in file order; an empty tuple means the file is valid."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return (LintIssue(1, 1, "", f"cannot read the file: {exc}"),)
    return lint_text(text)


def lint_text(text: str) -> tuple[LintIssue, ...]:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return (LintIssue(line, col, "", f"YAML syntax: {exc.problem or exc}"),)
    except yaml.YAMLError as exc:
        return (LintIssue(1, 1, "", f"YAML: {exc}"),)
    if not isinstance(data, dict) or root is None:
        return (LintIssue(1, 1, "", "a framework file must be a mapping with 'framework' and 'criteria'"),)
    issues = list(_schema_issues(data, root))
    if not issues:
        issues.extend(_date_issues(data, root))
        issues.extend(_tree_issues(data, root))
    return tuple(sorted(set(issues), key=lambda i: (i.line, i.column, i.path, i.message)))


# --- schema ---------------------------------------------------------------------------------


def _schema_issues(data: dict[str, Any], root: yaml.Node) -> list[LintIssue]:
    validator = jsonschema.Draft202012Validator(schema())
    issues: list[LintIssue] = []
    for err in validator.iter_errors(data):
        issues.extend(_explain(err, root))
    return issues


def _explain(err: jsonschema.ValidationError, root: yaml.Node) -> list[LintIssue]:
    path = list(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = list((err.schema.get("properties") or {}).keys())
        out = []
        for key in sorted(set(err.instance) - set(known), key=str):
            node = _key_node(root, [*path, key])
            hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            msg = f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else
                                           f"; allowed: {', '.join(known)}")
            out.append(_issue(node, [*path, key], msg))
        return out
    if err.validator in ("oneOf", "anyOf", "allOf") and err.context:
        # report the most specific sub-error instead of "is not valid under any of the given schemas"
        best = jsonschema.exceptions.best_match(err.context)
        if best is not None and best is not err and list(best.absolute_path)[: len(path)] == path:
            return _explain(best, root)
    node = _value_node(root, path)
    return [_issue(node, path, _message(err))]


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


# --- semantics the schema cannot say --------------------------------------------------------


def _walk_dates(value: Any, path: list[Any]) -> list[tuple[list[Any], Any]]:
    found: list[tuple[list[Any], Any]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("from", "to", "date", "appraisal_cutoff"):
                found.append(([*path, k], v))
            found.extend(_walk_dates(v, [*path, k]))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(_walk_dates(v, [*path, i]))
    return found


def _date_issues(data: dict[str, Any], root: yaml.Node) -> list[LintIssue]:
    issues = []
    for path, value in _walk_dates(data, []):
        if isinstance(value, str):
            m = _DATE_RX.match(value)
            if not m:
                continue
            month, day = int(m.group(2)), int(m.group(3))
        elif isinstance(value, dict) and {"month", "day"} <= set(value):
            month, day = value["month"], value["day"]
        else:
            continue
        try:
            dt.date(2024, month, day)   # a leap year, so 29/02 is allowed
        except (TypeError, ValueError):
            issues.append(_issue(_value_node(root, path), path, f"no such day: {day}/{month}"))
    return issues


def _tree_issues(data: dict[str, Any], root: yaml.Node) -> list[LintIssue]:
    criteria: list[dict[str, Any]] = data["criteria"]
    issues: list[LintIssue] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(criteria):
        code = c["code"]
        node = _value_node(root, ["criteria", i, "code"])
        if code in seen:
            issues.append(_issue(node, ["criteria", i, "code"],
                                 f"duplicate code {code} (first at criteria[{seen[code]}])"))
            continue
        seen[code] = i
    codes = set(seen)
    for i, c in enumerate(criteria):
        code = c["code"]
        parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent and parent not in codes:
            issues.append(_issue(_value_node(root, ["criteria", i, "code"]), ["criteria", i, "code"],
                                 f"parent {parent} of {code} is not defined"))
        for key in ("also_from", "counts"):
            for j, ref in enumerate((c.get("rule") or {}).get(key, [])):
                if ref not in codes:
                    p = ["criteria", i, "rule", key, j]
                    issues.append(_issue(_value_node(root, p), p, f"{key} names unknown criterion {ref}"))
    for i, c in enumerate(criteria):
        children = [k for k in criteria if k["code"].rsplit(".", 1)[0] == c["code"] and "." in k["code"]]
        rule = c.get("rule") or {}
        archetype = rule.get("archetype", "sum")
        if children:
            total = sum((Decimal(str(k["max"])) for k in children), Decimal(0))
            if total != Decimal(str(c["max"])):
                p = ["criteria", i, "max"]
                issues.append(_issue(_value_node(root, p), p,
                                     f"max of {c['code']} is {c['max']} but its children add up to {total}"))
            if archetype != "sum":
                p = ["criteria", i, "rule", "archetype"]
                issues.append(_issue(_value_node(root, p), p,
                                     f"{c['code']} has children, so its archetype must be 'sum'"))
        elif archetype == "sum":
            p = ["criteria", i, "code"]
            issues.append(_issue(_value_node(root, p), p, f"{c['code']} has no children and no scoring rule"))
    return issues
