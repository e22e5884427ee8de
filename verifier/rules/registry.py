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
class Unit:
    """A unit the registry knows, with its history when a reorganisation created or ended it.

    ``created``: the day it began (a commune formed by merging others on 01/07/2025), with the
    ``predecessors`` it was formed from (names, as listed under their own province); ``until``: its
    last day. A unit listed without either existed throughout the years the registry covers.
    """

    name: str
    level: str
    created: dt.date | None = None
    until: dt.date | None = None
    predecessors: tuple[str, ...] = ()

    def existed_during(self, year: int) -> bool:
        return ((self.created is None or self.created <= dt.date(year, 12, 31))
                and (self.until is None or self.until >= dt.date(year, 1, 1)))


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
    records: tuple[Unit, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.former_names)

    def existed_in(self, year: int) -> bool:
        """Whether it still existed on 1 January of ``year`` (a year it could issue a framework for)."""
        return self.until is None or dt.date(year, 1, 1) <= self.until

    def appraises(self, year: int) -> bool:
        """Whether it still existed at the end of ``year``, when year ``year`` is appraised. A province
        merged on 1 July 2025 does not appraise 2025: the province it joined appraises every unit of
        that year, its own and those it received (docs/frameworks.md, "Transition years")."""
        return self.until is None or dt.date(year, 12, 31) <= self.until


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

    def unit(self, name: str, year: int | None = None) -> tuple[Province, Unit] | None:
        """A listed unit by name (any case or accent form), with the province that lists it. A new
        commune often keeps the name of one it was formed from: with ``year``, the one that existed
        then is preferred."""
        bare = _UNIT_PREFIX.sub("", fold(one_line(name)))
        found = [(p, u) for p in self.provinces for u in p.records if bare == fold(u.name)]
        if year is not None:
            found.sort(key=lambda pu: not pu[1].existed_during(year))
        return found[0] if found else None

    def successor_unit(self, name: str) -> tuple[Province, Unit] | None:
        """The unit formed from ``name`` in a reorganisation (it lists ``name`` among its predecessors)."""
        key = fold(one_line(name))
        for p in self.provinces:
            for u in p.records:
                if any(key == fold(x) for x in u.predecessors):
                    return p, u
        return None

    def successor(self, key: str, year: int) -> Province | None:
        """The province that appraises a unit of ``key`` for ``year`` (follows mergers, including one
        in the middle of ``year``: see :meth:`Province.appraises`)."""
        p = self.province(key)
        seen: set[str] = set()
        while p is not None and not p.appraises(year) and p.merged_into and p.key not in seen:
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
    names = {fold(_unit_name(u)) for p in data["provinces"] for units in p.get("units", {}).values() for u in units}
    for p in data["provinces"]:
        for units in p.get("units", {}).values():
            for u in units:
                if not isinstance(u, dict):
                    continue
                if "created" in u and "until" in u and u["until"] < u["created"]:
                    out.append(f"{p['key']}: unit {u['name']} ends before it is created")
                for pred in u.get("predecessors", []):
                    if fold(pred) not in names:
                        out.append(f"{p['key']}: unit {u['name']} is formed from {pred}, which no province lists")
                if u.get("predecessors") and "created" not in u:
                    out.append(f"{p['key']}: unit {u['name']} has predecessors but no created date")
    return out


def _unit_name(u: Any) -> str:
    return str(u["name"]) if isinstance(u, dict) else str(u)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _unit(level: str, u: Any) -> Unit:
    if not isinstance(u, dict):
        return Unit(one_line(str(u)), level)
    return Unit(one_line(u["name"]), level, _day(u.get("created")), _day(u.get("until")),
                tuple(one_line(x) for x in u.get("predecessors", ())))


def _build(data: dict[str, Any], path: str) -> Registry:
    levels = tuple(Level(lv["key"], one_line(lv["label"]), tuple(lv["units"]), _day(lv.get("until")))
                   for lv in data["levels"])
    provinces = tuple(
        Province(key=p["key"], name=one_line(p["name"]), type=p["type"], gso_code=p.get("gso_code"),
                 former_names=tuple(one_line(n) for n in p.get("former_names", ())),
                 absorbed=tuple(p.get("absorbed", ())), until=_day(p.get("until")),
                 merged_into=p.get("merged_into"),
                 units={k: tuple(one_line(_unit_name(n)) for n in v) for k, v in p.get("units", {}).items()},
                 records=tuple(_unit(level, u) for level, v in p.get("units", {}).items() for u in v))
        for p in data["provinces"])
    return Registry(levels, provinces, path)
