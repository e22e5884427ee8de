"""From what a rule file says to the whole framework: library defaults, ``extends:``, templates.

A framework file may be complete, or say ``extends: <province>/<level>-<year>`` and list only what
changes: metadata, criteria (merged by code: a changed archetype replaces the rule, otherwise the
rule is deep-merged so ``params: {threshold: 80}`` alone is enough), new criteria (placed after
their parent's subtree), and ``drop:`` (codes removed with everything below them). Rules may
``use:`` a library template. The result is one plain document that the schema and the tree
checks see whole; ``origin`` maps each criterion back to its entry in the file for line numbers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from verifier.rules import yamlio
from verifier.rules.library import Library, TemplateError, deep_merge, expand_rule, load_library
from verifier.rules.registry import PACKAGED_RULES

MAX_DEPTH = 8   # extends chains longer than this are surely a mistake


@dataclass
class Resolved:
    doc: dict[str, Any]
    origin: dict[str, int] = field(default_factory=dict)     # code -> index in this file's criteria
    problems: list[tuple[list[Any], str]] = field(default_factory=list)   # (path in this file, message)
    parent: str | None = None
    parent_path: str | None = None
    broken: bool = False        # the extended framework could not be had: nothing else is worth checking


def rules_root_of(path: Path | None) -> Path:
    """The rules folder a framework file lives in (rules/<province>/<file>), or the packaged one."""
    if path is not None:
        candidate = Path(path).resolve().parent.parent
        if (candidate / "library").is_dir() or (candidate / "provinces.yaml").is_file():
            return candidate
    return PACKAGED_RULES


def framework_file(root: Path, framework_id: str) -> Path | None:
    """rules/<province>/<level>-<year>.yaml for an id, in ``root`` and then in the packaged rules."""
    for base in (root, PACKAGED_RULES):
        candidate = Path(base) / f"{framework_id}.yaml"
        if candidate.is_file():
            return candidate
    return None


def resolve(data: dict[str, Any], path: Path | None, _chain: tuple[str, ...] = ()) -> Resolved:
    root = rules_root_of(path)
    library = load_library(root)
    parent_id = data.get("extends")
    if parent_id is None:
        base = deep_merge(library.defaults, {"framework": data.get("framework") or {}})
        doc = {k: v for k, v in data.items() if k != "framework"}
        doc["framework"] = base.get("framework", {})
        out = Resolved(doc)
        out.doc["criteria"] = _expanded(data.get("criteria"), library, out)
        out.origin = _origins(data.get("criteria"))
        _drop(out, data)
    else:
        out = _extend(data, str(parent_id), root, library, path, _chain)
    if not _chain:      # names are put in place once, by the framework being loaded, not by its parents
        _named(out)
    return out


def _extend(data: dict[str, Any], parent_id: str, root: Path, library: Library, path: Path | None,
            chain: tuple[str, ...]) -> Resolved:
    out = Resolved(copy.deepcopy(data), parent=parent_id, broken=True)
    parent_path = framework_file(root, parent_id)
    if parent_path is None:
        out.problems.append((["extends"], f"no framework {parent_id} to extend (looked for {parent_id}.yaml "
                                          f"under {root})"))
        return out
    out.parent_path = str(parent_path)
    here = str(Path(path).resolve()) if path is not None else "?"
    visited = (*chain, here)
    if str(parent_path.resolve()) in visited or len(chain) >= MAX_DEPTH:
        out.problems.append((["extends"], f"extends forms a loop through {parent_id}"))
        return out
    try:
        parent_data = yamlio.load(parent_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        out.problems.append((["extends"], f"cannot read {parent_path}: {exc}"))
        return out
    if not isinstance(parent_data, dict):
        out.problems.append((["extends"], f"{parent_path} is not a framework file"))
        return out
    out.broken = False
    parent = resolve(parent_data, parent_path, visited)
    if parent.problems:
        first = parent.problems[0][1]
        out.problems.append((["extends"], f"the framework it extends ({parent_id}) has errors; first: {first}"))
    doc = copy.deepcopy(parent.doc)
    doc.pop("drop", None)
    doc["framework"] = deep_merge(doc.get("framework", {}), data.get("framework") or {})
    for key in ("defaults",):
        if key in data:
            doc[key] = copy.deepcopy(data[key])
    doc["extends"] = parent_id
    out.doc = doc
    out.doc["criteria"] = list(doc.get("criteria") or [])
    _drop(out, data)            # drop first: an entry may then bring the code back, reshaped
    criteria: list[dict[str, Any]] = out.doc["criteria"]
    own = _expanded(data.get("criteria") or [], library, out)
    for entry in own if isinstance(own, list) else []:
        if not isinstance(entry, dict):
            continue
        code = entry.get("code")
        at = next((i for i, c in enumerate(criteria) if c.get("code") == code), None)
        if at is None:
            criteria.insert(_insertion_point(criteria, str(code)), entry)
        else:
            criteria[at] = _override(criteria[at], entry)
    doc["criteria"] = criteria
    out.origin = _origins(data.get("criteria"))
    return out


def _expanded(criteria: Any, library: Library, out: Resolved) -> Any:
    """The criteria with templates expanded; anything not shaped like criteria is left for the schema."""
    if not isinstance(criteria, list):
        return criteria
    result: list[Any] = []
    for i, c in enumerate(criteria):
        if not isinstance(c, dict):
            result.append(c)
            continue
        entry = dict(c)
        rule = entry.get("rule")
        if isinstance(rule, dict) and "use" in rule:
            try:
                entry["rule"] = expand_rule(rule, library, str(entry.get("code", "")))
            except TemplateError as exc:
                out.problems.append((["criteria", i, "rule", "use"], str(exc)))
                entry["rule"] = {k: v for k, v in rule.items() if k not in ("use", "with")}
        result.append(entry)
    return result


_NAMED = (("issuer", "issuers"), ("period", "periods"), ("data_window", "periods"))


def _named(out: Resolved) -> None:
    """Put each named issuer or period (``issuer: own``) in place, from the framework's own table.

    Names are resolved last, on the whole framework, so a framework that extends another and
    redefines ``issuers.own`` changes every requirement that says ``own``.
    """
    meta = out.doc.get("framework") or {}
    criteria = out.doc.get("criteria")
    if not isinstance(meta, dict) or not isinstance(criteria, list):
        return
    for i, c in enumerate(criteria):
        rule = c.get("rule") if isinstance(c, dict) else None
        if not isinstance(rule, dict):
            continue
        places = [(["criteria", i, "rule"], rule)]
        places += [(["criteria", i, "rule", "requires", j], r) for j, r in enumerate(rule.get("requires") or [])
                   if isinstance(r, dict)]
        for path, holder in places:
            for key, table in _NAMED:
                name = holder.get(key)
                if not isinstance(name, str):
                    continue
                known = meta.get(table) or {}
                if name in known:
                    holder[key] = copy.deepcopy(known[name])
                else:
                    code = c.get("code", "?")
                    where = ["criteria", out.origin[code], *path[2:], key] if code in out.origin else ["extends"]
                    out.problems.append((where, f"{key} '{name}' of {code} is not defined under framework.{table} "
                                                f"({', '.join(sorted(known)) or 'none defined'})"))
                    del holder[key]


def _override(base: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in entry.items():
        if key == "rule" and isinstance(value, dict) and isinstance(base.get("rule"), dict):
            changed = "archetype" in value and value["archetype"] != base["rule"].get("archetype")
            out["rule"] = copy.deepcopy(value) if changed else deep_merge(base["rule"], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _insertion_point(criteria: list[dict[str, Any]], code: str) -> int:
    """After the last criterion of the new one's parent subtree (table order), else at the end."""
    parent = code.rsplit(".", 1)[0] if "." in code else None
    last = None
    for i, c in enumerate(criteria):
        other = str(c.get("code", ""))
        if parent is None or other == parent or other.startswith(parent + "."):
            last = i
    return len(criteria) if last is None or parent is None else last + 1


def _origins(criteria: Any) -> dict[str, int]:
    if not isinstance(criteria, list):
        return {}
    return {str(c["code"]): i for i, c in enumerate(criteria) if isinstance(c, dict) and "code" in c}


def _drop(out: Resolved, data: dict[str, Any]) -> None:
    codes = data.get("drop") or []
    if not isinstance(codes, list) or not codes:
        return
    criteria = out.doc.get("criteria") or []
    present = {str(c.get("code")) for c in criteria if isinstance(c, dict)}
    for j, code in enumerate(codes):
        if str(code) not in present:
            out.problems.append((["drop", j], f"drop names unknown criterion {code}"))
    gone = [str(c) for c in codes]
    out.doc["criteria"] = [c for c in criteria if not isinstance(c, dict) or not any(
        str(c.get("code")) == g or str(c.get("code")).startswith(g + ".") for g in gone)]
    out.doc["drop"] = list(codes)
