"""What the schema cannot say about a resolved framework: real days, a sound tree, known names.

Each check returns (path in the resolved document, message); the linter places them on lines.
The tree: unique codes, existing parents, a score field's parent equal to the sum of its children
(a bonus or penalty field is capped instead, so its children may add up to more), leaves with a
scoring rule. Meaning: the province and level exist in rules/provinces.yaml and existed that
year, the id says what the metadata says, and the finding kinds a deduction counts are real ones.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from verifier.errors import RuleError
from verifier.results import FindingKind
from verifier.rules.registry import load_registry
from verifier.rules.resolve import rules_root_of

Issue = tuple[list[Any], str]
_DATE_RX = re.compile(r"^\{Y([+-][0-9])?\}-(\d{2})-(\d{2})$")
_PENALTY_ONLY = ("deduction", "penalty_items")


def date_issues(doc: dict[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    for path, value in _walk_dates(doc, []):
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
            issues.append((path, f"no such day: {day}/{month}"))
    return issues


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


def _parent(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def tree_issues(doc: dict[str, Any]) -> list[Issue]:
    criteria: list[dict[str, Any]] = doc["criteria"]
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(criteria):
        code = c["code"]
        if code in seen:
            issues.append((["criteria", i, "code"], f"duplicate code {code} (first at criteria[{seen[code]}])"))
            continue
        seen[code] = i
    codes = set(seen)
    kinds = {c["code"]: c.get("kind", "score") for c in criteria if "." not in c["code"]}
    for i, c in enumerate(criteria):
        code = c["code"]
        parent = _parent(code)
        if parent and parent not in codes:
            issues.append((["criteria", i, "code"], f"parent {parent} of {code} is not defined"))
        field_kind = kinds.get(code.split(".")[0], "score")
        if parent and "kind" in c and c["kind"] != field_kind:
            issues.append((["criteria", i, "kind"], f"{code} is in a {field_kind} field; set kind on the field "
                                                    f"{code.split('.')[0]} only"))
        rule = c.get("rule") or {}
        if rule.get("archetype") in _PENALTY_ONLY and field_kind != "penalty":
            issues.append((["criteria", i, "rule", "archetype"],
                           f"{rule['archetype']} subtracts points, so {code} must be in a field with kind: penalty"))
        for key in ("also_from", "counts"):
            for j, ref in enumerate(rule.get(key, [])):
                if ref not in codes:
                    issues.append((["criteria", i, "rule", key, j], f"{key} names unknown criterion {ref}"))
    for i, c in enumerate(criteria):
        children = [k for k in criteria if _parent(k["code"]) == c["code"]]
        archetype = (c.get("rule") or {}).get("archetype", "sum")
        capped = kinds.get(c["code"].split(".")[0], "score") != "score"
        if children:
            total = sum((Decimal(str(k["max"])) for k in children), Decimal(0))
            if not capped and total != Decimal(str(c["max"])):
                issues.append((["criteria", i, "max"],
                               f"max of {c['code']} is {c['max']} but its children add up to {total}"))
            if archetype != "sum":
                issues.append((["criteria", i, "rule", "archetype"],
                               f"{c['code']} has children, so its archetype must be 'sum'"))
        elif archetype == "sum":
            issues.append((["criteria", i, "code"], f"{c['code']} has no children and no scoring rule"))
    return issues


def meaning_issues(doc: dict[str, Any], path: Path | None) -> list[Issue]:
    issues: list[Issue] = []
    meta = doc["framework"]
    try:
        registry = load_registry(rules_root_of(path))
    except RuleError as err:
        return [(["framework", "province"], f"the province registry cannot be read: {err.detail}")]
    province = registry.province(meta["province"])
    year = int(meta["year"])
    if province is None or province.key != meta["province"]:
        keys = [p.key for p in registry.provinces]
        hint = province.key if province else next(iter(difflib.get_close_matches(meta["province"], keys, 1)), None)
        issues.append((["framework", "province"], f"province '{meta['province']}' is not a key of provinces.yaml"
                       + (f" (did you mean '{hint}'?)" if hint else "")))
    elif not province.existed_in(year):
        after = f"; its units belong to {province.merged_into}" if province.merged_into else ""
        issues.append((["framework", "year"], f"{province.name} ended on {province.until}{after}: "
                                              f"no {year} framework can be issued for it"))
    level = registry.level(meta["level"])
    if level is None:
        known = ", ".join(lv.key for lv in registry.levels)
        issues.append((["framework", "level"], f"level '{meta['level']}' is not in provinces.yaml levels "
                                               f"({known}); add it there first"))
    elif level.until is not None and dt.date(year, 1, 1) > level.until:
        issues.append((["framework", "level"], f"the {level.key} level ended on {level.until}: "
                                               f"no {year} framework can be issued for it"))
    expected = f"{meta['province']}/{meta['level']}-{year}"
    if meta["id"] != expected and not meta["id"].startswith(expected + "-"):
        issues.append((["framework", "id"], f"id {meta['id']} does not match province/level-year {expected}"))
    if doc.get("extends") == meta["id"]:
        issues.append((["extends"], f"a framework cannot extend itself ({meta['id']}); give it its own id"))
    known_kinds = {k.value for k in FindingKind}
    for i, c in enumerate(doc["criteria"]):
        params = (c.get("rule") or {}).get("params") or {}
        for key in ("contradiction_kinds", "instructions_kinds"):
            for j, kind in enumerate(params.get(key, [])):
                if kind not in known_kinds:
                    issues.append((["criteria", i, "rule", "params", key, j],
                                   f"unknown finding kind '{kind}'; known: {', '.join(sorted(known_kinds))}"))
    return issues
