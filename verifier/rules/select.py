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
        (target, history), why = _in_year(registry, named, unit, year), f"tỉnh {named.name} (given)"
    else:
        found = registry.province_of_unit(unit) if unit else None
        if found is not None:
            (target, history), why = _in_year(registry, found, unit, year), f"unit {unit} is listed under {found.name}"
        else:
            target, history = _only_candidate(rules_dir, registry, level, year, unit), ""
            why = "the only framework for it"
    if target.key != (province or target.key) or _listed_key(registry, unit) not in (None, target.key):
        why += f"; in {year} the unit belonged to {target.name}"
    why += history
    path = _file(rules_dir, target.key, level, year, decision)
    return Choice(path, target.key, why)


def _listed_key(registry: Registry, unit: str) -> str | None:
    found = registry.province_of_unit(unit) if unit else None
    return found.key if found else None


def _in_year(registry: Registry, p: Province, unit: str, year: int) -> tuple[Province, str]:
    """The province that appraised this unit for ``year``, and the unit's history when it matters.

    A province merged during ``year`` does not appraise it: the province it joined does (every
    unit's 2025 assessment after the 1 July 2025 mergers). A unit formed on a day of ``year`` from
    others is appraised for ``year`` by the province that lists it; a unit that ended during
    ``year`` is appraised as the unit formed from it, when the registry says which.
    """
    history = ""
    owner = p
    found = registry.unit(unit, year) if unit else None
    if found is not None:
        listed, rec = found
        if rec.created is not None and year < rec.created.year:
            before = f" (formed from {', '.join(rec.predecessors)})" if rec.predecessors else ""
            raise RuleError(file=unit, detail=f"{rec.name} exists from {rec.created.isoformat()}{before}; it has "
                                              f"no assessment for {year}: submit its predecessors' own")
        if rec.until is not None and rec.until < dt.date(year, 12, 31):
            after = registry.successor_unit(rec.name)
            if after is not None:
                listed, rec = after
                history = f"; the unit became {rec.name} on {rec.created.isoformat() if rec.created else '?'}"
            else:
                history = f"; the unit ended on {rec.until.isoformat() if rec.until else '?'}"
        if rec.created is not None and rec.created.year == year and rec.predecessors:
            history += (f"; {rec.name} was formed on {rec.created.isoformat()} from "
                        f"{', '.join(rec.predecessors)}: their documents of {year} may be cited")
        if listed.key == p.key or listed.key in p.absorbed or p.key in listed.absorbed:
            owner = listed
    return registry.successor(owner.key, year) or owner, history


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
