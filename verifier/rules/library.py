"""The shared library of a rules folder: framework defaults and named requirement templates.

``rules/library/defaults.yaml`` holds what every framework gets unless it says otherwise (fuzzy
thresholds, workbook column names, the not-applicable convention); ``rules/library/templates.yaml``
holds rule fragments a criterion uses by name with its own parameters (plan by a deadline, the
periodic report series, …). Expansion is plain data substitution, so a template cannot run code.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import RuleError
from verifier.rules import yamlio
from verifier.rules.registry import PACKAGED_RULES

LIBRARY = "library"
_PARAM = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")


class TemplateError(ValueError):
    """A template cannot be expanded: unknown name, missing or unknown parameter."""


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    required: tuple[str, ...]
    defaults: dict[str, Any]
    rule: dict[str, Any]


@dataclass(frozen=True)
class Library:
    defaults: dict[str, Any]
    templates: dict[str, Template]


def library_dir(rules_dir: Path) -> Path:
    """The library next to a rules folder's provinces, or the packaged one."""
    own = Path(rules_dir) / LIBRARY
    return own if own.is_dir() else PACKAGED_RULES / LIBRARY


def load_library(rules_dir: Path) -> Library:
    folder = library_dir(rules_dir)
    stamps = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))
    return _load(str(folder), stamps)


@lru_cache(maxsize=8)
def _load(folder: str, stamps: tuple[tuple[str, int], ...]) -> Library:
    def read(name: str) -> dict[str, Any]:
        path = Path(folder) / name
        if not path.is_file():
            return {}
        try:
            data = yamlio.load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RuleError(file=str(path), detail=f"cannot read the library: {exc}") from exc
        if not isinstance(data, dict):
            raise RuleError(file=str(path), detail="the library file must be a mapping")
        return data

    templates = {}
    for name, t in (read("templates.yaml").get("templates") or {}).items():
        templates[name] = Template(name, str(t.get("description", "")), tuple(t.get("required", ())),
                                   dict(t.get("defaults") or {}), dict(t["rule"]))
    return Library(defaults=read("defaults.yaml"), templates=templates)


def deep_merge(base: Any, over: Any) -> Any:
    """``over`` on top of ``base``: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = deep_merge(base[k], v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(over)


def expand_rule(rule: dict[str, Any], library: Library, code: str) -> dict[str, Any]:
    """A rule with ``use:`` replaced by its template, filled with ``with:``; other keys win."""
    name = rule.get("use")
    if name is None:
        return rule
    template = library.templates.get(str(name))
    if template is None:
        known = ", ".join(sorted(library.templates)) or "-"
        raise TemplateError(f"unknown template '{name}'; the library has: {known}")
    given = dict(rule.get("with") or {})
    allowed = set(template.required) | set(template.defaults)
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise TemplateError(f"template '{name}' has no parameter {', '.join(unknown)}; "
                            f"it takes: {', '.join(sorted(allowed))}")
    missing = [p for p in template.required if p not in given]
    if missing:
        raise TemplateError(f"template '{name}' needs {', '.join(missing)}")
    values = {"code": code, **template.defaults, **given}
    # defaults may refer to other parameters ("statistic: ${code}")
    values = {k: _fill(v, values) for k, v in values.items()}
    body = _fill(template.rule, values)
    own = {k: v for k, v in rule.items() if k not in ("use", "with")}
    merged: dict[str, Any] = deep_merge(body, own)
    return merged


def _fill(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, str):
        whole = _PARAM.fullmatch(value)
        if whole:
            return copy.deepcopy(values.get(whole.group(1), value))
        return _PARAM.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), value)
    if isinstance(value, dict):
        out = {k: _fill(v, values) for k, v in value.items()}
        # an omitted optional parameter leaves its key out, and an emptied mapping with it
        return {k: v for k, v in out.items() if v is not None and v != {}}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value
