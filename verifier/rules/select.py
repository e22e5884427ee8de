"""Which framework scores a submission: its province, its unit's level, its year, the latest decision.

The province comes from the caller (the service knows it from the unit's token) or from the table
(a unit listed in rules/provinces.yaml, or "tỉnh X" in its name). History is data: a unit of a
province merged in 2025 is scored for 2024 with its former province's framework, and for 2026
with the receiving province's. When a province issued two decisions for one level and year (Sơn
La 2211/QĐ-UBND, replaced by 2712/QĐ-UBND), the later decision wins unless one is asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import RuleError
from verifier.rules import yamlio
from verifier.rules.registry import Province, Registry, load_registry
from verifier.text import fold


@dataclass(frozen=True)
class Choice:
    path: Path
    province: str
    why: str          # how the province was chosen, for the report and the CLI


def find_framework(rules_dir: Path, *, province: str, level: str, year: int, decision: str | None = None,
                   unit: str = "") -> Path:
    """rules/<province>/<level>-<year>[-<decision>].yaml; RuleError naming what exists when there is none."""
    return choose(rules_dir, province=province, level=level, year=year, decision=decision, unit=unit).path


def choose(rules_dir: Path, *, province: str | None, level: str, year: int, decision: str | None = None,
           unit: str = "") -> Choice:
    rules_dir = Path(rules_dir)
    registry = load_registry(rules_dir)
    if province:
        named = registry.province(province)
        if named is None:
            raise RuleError(file=province, detail=f"unknown province '{province}'; rules/provinces.yaml knows "
                                                  f"{', '.join(p.key for p in registry.provinces)}")
        target, why = _in_year(registry, named, unit, year), f"tỉnh {named.name} (given)"
    else:
        found = registry.province_of_unit(unit) if unit else None
        if found is not None:
            target, why = _in_year(registry, found, unit, year), f"unit {unit} is listed under {found.name}"
        else:
            target, why = _only_candidate(rules_dir, registry, level, year, unit), "the only framework for it"
    if target.key != (province or target.key):
        why += f"; in {year} the unit belonged to {target.name}"
    path = _file(rules_dir, target.key, level, year, decision)
    return Choice(path, target.key, why)


def _in_year(registry: Registry, p: Province, unit: str, year: int) -> Province:
    """Follow the province's history to the one that scored this unit in ``year``."""
    if unit:
        former = registry.province_of_unit(unit)
        if former is not None and former.key in p.absorbed and former.existed_in(year):
            return former
    return registry.successor(p.key, year) or p


def _only_candidate(rules_dir: Path, registry: Registry, level: str, year: int, unit: str) -> Province:
    keys = sorted({f.parent.name for f in rules_dir.glob(f"*/{level}-{year}*.yaml")})
    provinces = [p for k in keys if (p := registry.province(k)) is not None]
    if len(provinces) == 1:
        return provinces[0]
    have = ", ".join(keys) or "none"
    raise RuleError(file=unit or "?", detail=f"cannot tell the province of this unit (frameworks for "
                                              f"{level}-{year}: {have}); pass --province or --framework")


def _file(rules_dir: Path, key: str, level: str, year: int, decision: str | None) -> Path:
    candidates = sorted((rules_dir / key).glob(f"{level}-{year}.yaml")) + \
        sorted((rules_dir / key).glob(f"{level}-{year}-*.yaml"))
    if decision:
        wanted = fold(decision).split()[0]
        candidates = [c for c in candidates
                      if fold(_decision(c)[0]).startswith(wanted) or c.stem.endswith("-" + wanted)]
    if not candidates:
        available = sorted(str(p.relative_to(rules_dir)) for p in rules_dir.glob("*/*.yaml")
                           if p.parent.name != "library")
        asked = f"{key}/{level}-{year}" + (f" ({decision})" if decision else "")
        raise RuleError(file=str(rules_dir / key / f"{level}-{year}.yaml"),
                        detail=f"no framework for {asked}; available: {', '.join(available) or '-'}")
    # the latest decision wins; a file with no decision counts as the oldest
    return max(candidates, key=lambda c: (_decision(c)[1] or dt.date.min, c.name))


def _decision(path: Path) -> tuple[str, dt.date | None]:
    try:
        data: Any = yamlio.load(path.read_text(encoding="utf-8"))
        d = (data.get("framework") or {}).get("decision") or {}
        return str(d.get("number", "")), dt.date.fromisoformat(str(d["date"])) if "date" in d else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError, ValueError):
        return "", None
