"""Loading a framework file into :mod:`verifier.rules.model`, and choosing the file for a unit.

A file is loaded only after :func:`lint_framework` finds nothing; otherwise a RuleError names
the file and every problem with its line. Text a person reads (titles, labels, opinions) is
normalised here, once; matching phrases are folded here, once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import RuleError
from verifier.rules.lint import lint_text
from verifier.rules.model import (
    Archetype,
    ChecklistItem,
    Confidence,
    Criterion,
    DateExpr,
    Deadline,
    DeadlineMode,
    Framework,
    Integrity,
    IssuerRule,
    Opinions,
    Params,
    Period,
    Requirement,
    Rule,
    Topic,
)
from verifier.text import fold, normalize, one_line

_DATE_RX = re.compile(r"^\{Y([+-][0-9])?\}-(\d{2})-(\d{2})$")


def load_framework(path: Path) -> Framework:
    """Read, validate and build a framework. Raises RuleError (with file:line) when invalid."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RuleError(file=str(path), detail=f"cannot read the file: {exc}") from exc
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Framework:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(file=path, detail=f"cannot read the file: {exc}") from exc
    issues = lint_text(text)
    if issues:
        detail = "; ".join(f"{path}:{i}" for i in issues[:20])
        if len(issues) > 20:
            detail += f"; … {len(issues) - 20} more"
        raise RuleError(file=path, detail=detail)
    data = yaml.safe_load(text)
    lines = _code_lines(text)
    return _framework(data, path, lines)


def find_framework(rules_dir: Path, *, province: str, level: str, year: int) -> Path:
    """rules/<province>/<level>-<year>.yaml; RuleError naming what exists when there is none."""
    rules_dir = Path(rules_dir)
    slug = re.sub(r"[^a-z0-9]", "", fold(province))
    candidate = rules_dir / slug / f"{level}-{year}.yaml"
    if candidate.is_file():
        return candidate
    available = sorted(str(p.relative_to(rules_dir)) for p in rules_dir.glob("*/*.yaml"))
    raise RuleError(file=str(candidate),
                    detail=f"no framework for {slug}/{level}-{year}; available: {', '.join(available) or '-'}")


_LEVELS: tuple[tuple[str, str], ...] = (
    # order matters: "thi xa" before "xa", "thanh pho" before anything containing "pho"
    (r"^(uy ban nhan dan |ubnd )?(huyen|thi xa|thanh pho|quan)\b", "district"),
    (r"^(uy ban nhan dan |ubnd )?(xa|phuong|thi tran)\b", "commune"),
    (r"^(so|ban|van phong|thanh tra|bo chi huy|cong an|ban quan ly)\b", "department"),
)


def level_of_unit(unit: str) -> str:
    """'Huyện Kon Rẫy' -> 'district'; 'Sở Nội vụ' -> 'department'; 'Xã Đăk Kôi' -> 'commune'."""
    key = fold(unit)
    for pattern, level in _LEVELS:
        if re.search(pattern, key):
            return level
    raise RuleError(file=unit, detail="cannot tell the administrative level of this unit "
                                      "(expected Huyện/Thành phố/Thị xã, Sở/Ban or Xã/Phường/Thị trấn)")


# --- building the model ---------------------------------------------------------------------


def _code_lines(text: str) -> dict[str, int]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "criteria" and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    for k, v in getattr(item, "value", []):
                        if k.value == "code":
                            lines[str(v.value)] = k.start_mark.line + 1
    return lines


def _framework(data: dict[str, Any], path: str, lines: dict[str, int]) -> Framework:
    meta = data["framework"]
    criteria = tuple(
        Criterion(code=c["code"], title=one_line(c["title"]), max_score=_dec(c["max"]),
                  rule=_rule(c.get("rule")), line=lines.get(c["code"], 0))
        for c in data["criteria"]
    )
    return Framework(
        id=meta["id"], province=meta["province"], level=meta["level"], year=int(meta["year"]),
        version=str(meta["version"]), title=one_line(meta["title"]),
        sources=tuple(one_line(s) for s in meta["sources"]),
        window=_period(meta["window"]), appraisal_cutoff=_date(meta["appraisal_cutoff"]),
        criteria=criteria, path=path,
        integrity=Integrity(**{k: int(v) for k, v in (meta.get("integrity") or {}).items()}),
    )


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _opt_dec(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _date(value: Any) -> DateExpr:
    if isinstance(value, dict):
        return DateExpr(int(value["year_offset"]), int(value["month"]), int(value["day"]))
    m = _DATE_RX.match(str(value))
    if not m:   # the schema has already refused it; this guards direct use
        raise RuleError(file=str(value), detail="not a relative date")
    return DateExpr(int(m.group(1) or 0), int(m.group(2)), int(m.group(3)))


def _period(value: dict[str, Any] | None) -> Period:
    assert value is not None
    return Period(_date(value["from"]), _date(value["to"]))


def _folded(values: list[str] | None) -> tuple[str, ...]:
    return tuple(fold(v) for v in values or ())


def _texts(values: list[str] | None) -> tuple[str, ...]:
    return tuple(normalize(v) for v in values or ())


def _topic(value: dict[str, Any] | None) -> Topic | None:
    if not value:
        return None
    return Topic(all=_folded(value.get("all")), any=_folded(value.get("any")), none=_folded(value.get("none")),
                 scorer=value["scorer"], processor=value["processor"], threshold=float(value["threshold"]))


def _issuer(value: dict[str, Any] | None) -> IssuerRule | None:
    if not value:
        return None
    return IssuerRule(any=_folded(value.get("any")), none=_folded(value.get("none")),
                      codes=_texts(value.get("codes")), label=normalize(value.get("label", "")))


def _requirement(value: dict[str, Any]) -> Requirement:
    deadline = value.get("deadline")
    return Requirement(
        id=value["id"], label=one_line(value["label"]),
        types=_texts(value.get("types")), wrong_types=_texts(value.get("wrong_types")),
        issuer=_issuer(value.get("issuer")), topic=_topic(value.get("topic")),
        count=int(value.get("count", 1)),
        period=_period(value["period"]) if value.get("period") else None,
        deadline=Deadline(_date(deadline["date"]), DeadlineMode(deadline.get("mode", "on_or_before")),
                          one_line(deadline.get("text", ""))) if deadline else None,
        required=bool(value.get("required", True)),
    )


def _rule(value: dict[str, Any] | None) -> Rule:
    if not value:
        return Rule(Archetype.SUM, Confidence.SEED, "parent: sum of its children (domain.md 0.2)")
    params = value.get("params") or {}
    opinion = value.get("opinion") or {}
    return Rule(
        archetype=Archetype(value["archetype"]),
        confidence=Confidence(value["confidence"]),
        source=one_line(value["source"]),
        requires=tuple(_requirement(r) for r in value.get("requires", ())),
        checklist=tuple(ChecklistItem(i["id"], one_line(i["label"]), _folded(i["keywords"]),
                                      _opt_dec(i.get("points"))) for i in value.get("checklist", ())),
        checklist_scope=value.get("checklist_scope", "documents"),
        params=Params(
            threshold=_opt_dec(params.get("threshold")), late_weight=_opt_dec(params.get("late_weight")),
            tolerance=_dec(params.get("tolerance", "1.0")), contradiction=_opt_dec(params.get("contradiction")),
            instructions=_opt_dec(params.get("instructions")), cap=_opt_dec(params.get("cap")),
            per_item=_opt_dec(params.get("per_item")),
        ),
        not_assessed_when=_folded(value.get("not_assessed_when")),
        also_from=tuple(value.get("also_from", ())),
        statistic=value.get("statistic"),
        data_window=_period(value["data_window"]) if value.get("data_window") else None,
        counts=tuple(value.get("counts", ())),
        expects=one_line(value.get("expects", "")),
        opinions=Opinions(pass_=one_line(opinion.get("pass", "")), fail=one_line(opinion.get("fail", ""))),
    )
