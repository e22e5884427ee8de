"""The province registry (rules/provinces.yaml): names, history, unit levels and known units.

Everything the engine needs to know about places is read from there, never written in code: which
province a name means ("Thừa Thiên Huế" and "Huế" are one key), which level a unit is ("Xã …" is a
commune), which province a unit belonged to ("Huyện Kon Rẫy"), and what a merger did (a former
province keeps its key for the years it existed; later years belong to the province it joined).
The accent repair reads its place names from here too, so it knows every province (docs/frameworks.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from verifier.errors import RuleError
from verifier.rules import yamlio
from verifier.text import fold, one_line

PACKAGED_RULES = Path(__file__).resolve().parents[2] / "rules"
REGISTRY_FILE = "provinces.yaml"
REGISTRY_SCHEMA = PACKAGED_RULES / "provinces.schema.json"

# Words that precede a province's proper name and are not part of its key.
_PROVINCE_PREFIX = re.compile(r"^(uy ban nhan dan |ubnd )?(tinh|thanh pho|tp\.?)\s+")
_UNIT_PREFIX = re.compile(r"^(uy ban nhan dan |ubnd )")


def rules_dir() -> Path:
    """VERIFIER_RULES_DIR when set, else the rules/ folder shipped with the code."""
    configured = os.environ.get("VERIFIER_RULES_DIR")
    return Path(configured) if configured else PACKAGED_RULES


def slug(name: str) -> str:
    """'Tỉnh Kon Tum' -> 'kontum'; 'Thành phố Hồ Chí Minh' -> 'hochiminh'."""
    key = _PROVINCE_PREFIX.sub("", fold(name))
    return re.sub(r"[^a-z0-9]", "", key)


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    units: tuple[str, ...]            # accent-free first words of a unit's name
    until: dt.date | None = None


@dataclass(frozen=True)
class Province:
    key: str
    name: str
    type: str                         # tinh | thanh_pho
    gso_code: str | None = None
    former_names: tuple[str, ...] = ()
    absorbed: tuple[str, ...] = ()
    until: dt.date | None = None      # last day it existed (merged the next day)
    merged_into: str | None = None
    units: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.former_names)

    def existed_in(self, year: int) -> bool:
        """Whether it still existed on 1 January of ``year`` (a year it could be assessed for)."""
        return self.until is None or dt.date(year, 1, 1) <= self.until


@dataclass(frozen=True)
class Registry:
    levels: tuple[Level, ...]
    provinces: tuple[Province, ...]
    path: str = ""

    def province(self, name: str) -> Province | None:
        """A province by key, name or former name, in any case or accent form; None if unknown."""
        key = slug(name)
        for p in self.provinces:
            if key == p.key or any(key == slug(n) for n in p.names):
                return p
        return None

    def level(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    def level_of_unit(self, unit: str) -> str | None:
        """'Huyện Kon Rẫy' -> 'district', 'Sở Nội vụ' -> 'department'; None when no level says so."""
        name = _UNIT_PREFIX.sub("", fold(unit))
        matches = [(len(word), lv.key) for lv in self.levels for word in lv.units
                   if re.match(rf"{re.escape(word)}\b", name)]
        # the longest first word wins: "thi xa" is a district, not a commune ("xa")
        return max(matches)[1] if matches else None

    def province_of_unit(self, unit: str) -> Province | None:
        """The province a unit name belongs to: a listed unit, or a province named in it."""
        key = fold(one_line(unit))
        bare = _UNIT_PREFIX.sub("", key)
        for p in self.provinces:
            for names in p.units.values():
                if any(bare == fold(n) for n in names):
                    return p
        for p in self.provinces:
            for n in p.names:
                if re.search(rf"\b(tinh|thanh pho)\s+{re.escape(fold(n))}\b", key):
                    return p
        return None

    def successor(self, key: str, year: int) -> Province | None:
        """The province whose framework covers a unit of ``key`` in ``year`` (follows mergers)."""
        p = self.province(key)
        seen: set[str] = set()
        while p is not None and not p.existed_in(year) and p.merged_into and p.key not in seen:
            seen.add(p.key)
            p = self.province(p.merged_into)
        return p

    def place_names(self) -> tuple[str, ...]:
        """Every province and unit name, for the accent repair."""
        out: list[str] = []
        for p in self.provinces:
            out.extend(p.names)
            for names in p.units.values():
                out.extend(names)
        return tuple(dict.fromkeys(out))


def load_registry(directory: Path | None = None) -> Registry:
    """The registry of ``directory`` (default: :func:`rules_dir`); RuleError naming the file if invalid."""
    base = Path(directory) if directory is not None else rules_dir()
    path = base / REGISTRY_FILE
    if not path.is_file():
        path = PACKAGED_RULES / REGISTRY_FILE
    try:
        stat = path.stat()
    except OSError as exc:
        raise RuleError(file=str(path), detail=f"cannot read the file: {exc}") from exc
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int) -> Registry:
    try:
        data = yamlio.load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(file=path, detail=f"cannot read the registry: {exc}") from exc
    problems = registry_problems(data)
    if problems:
        raise RuleError(file=path, detail="; ".join(problems[:10]))
    return _build(data, path)


@lru_cache(maxsize=1)
def registry_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REGISTRY_SCHEMA.read_text(encoding="utf-8"))
    return data


def registry_problems(data: Any) -> list[str]:
    """Schema errors, then what the schema cannot say: unique keys and a consistent merger history."""
    validator = jsonschema.Draft202012Validator(registry_schema())
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(data)]
    if errors:
        return errors
    out: list[str] = []
    keys = [p["key"] for p in data["provinces"]]
    out += [f"provinces: key {k} appears twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
    levels = [lv["key"] for lv in data["levels"]]
    out += [f"levels: key {k} appears twice" for k in sorted({k for k in levels if levels.count(k) > 1})]
    by_key = {p["key"]: p for p in data["provinces"]}
    for p in data["provinces"]:
        target = p.get("merged_into")
        if target is not None:
            if target not in by_key:
                out.append(f"{p['key']}: merged_into names unknown province {target}")
            elif p["key"] not in by_key[target].get("absorbed", []):
                out.append(f"{p['key']}: merged into {target}, but {target} does not list it under absorbed")
            if "until" not in p:
                out.append(f"{p['key']}: merged_into needs until (its last day)")
        for a in p.get("absorbed", []):
            if by_key.get(a, {}).get("merged_into") != p["key"]:
                out.append(f"{p['key']}: absorbs {a}, but {a} is not merged_into {p['key']}")
        for level in p.get("units", {}):
            if level not in levels:
                out.append(f"{p['key']}: units of unknown level {level}")
    return out


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _build(data: dict[str, Any], path: str) -> Registry:
    levels = tuple(Level(lv["key"], one_line(lv["label"]), tuple(lv["units"]), _day(lv.get("until")))
                   for lv in data["levels"])
    provinces = tuple(
        Province(key=p["key"], name=one_line(p["name"]), type=p["type"], gso_code=p.get("gso_code"),
                 former_names=tuple(one_line(n) for n in p.get("former_names", ())),
                 absorbed=tuple(p.get("absorbed", ())), until=_day(p.get("until")),
                 merged_into=p.get("merged_into"),
                 units={k: tuple(one_line(n) for n in v) for k, v in p.get("units", {}).items()})
        for p in data["provinces"])
    return Registry(levels, provinces, path)
