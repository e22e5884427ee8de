"""Loading a framework file into :mod:`verifier.rules.model`, and choosing the file for a unit.

A file is loaded only after :func:`lint_framework` finds nothing; otherwise a RuleError names
the file and every problem with its line. Text a person reads (titles, labels, opinions) is
normalised here, once; matching phrases are folded here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import RuleError
from verifier.rules import yamlio
from verifier.rules.library import load_library
from verifier.rules.lint import lint_text
from verifier.rules.model import (
    Archetype,
    ChecklistItem,
    Confidence,
    Criterion,
    DateExpr,
    Deadline,
    DeadlineMode,
    Decision,
    EvidenceSource,
    FieldKind,
    Framework,
    FuzzyMatch,
    Integrity,
    IssuerRule,
    Matching,
    NotApplicable,
    Opinions,
    Params,
    Period,
    Requirement,
    Rule,
    StatisticsSheet,
    Step,
    TaskSheet,
    Topic,
    Workbooks,
)
from verifier.rules.registry import PACKAGED_RULES, Registry, load_registry
from verifier.rules.resolve import resolve, rules_root_of
from verifier.text import fold, normalize, one_line

_DATE_RX = re.compile(r"^\{Y([+-][0-9])?\}-(\d{2})-(\d{2})$")


def load_framework(path: Path) -> Framework:
    """Read, validate and build a framework. Raises RuleError (with file:line) when invalid."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RuleError(file=str(path), detail=f"cannot read the file: {exc}") from exc
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size, _rules_stamp(path))


def _rules_stamp(path: Path) -> int:
    """The newest change in the rules folder: a parent framework or the library may have changed."""
    return _folder_stamp(rules_root_of(path))


def _folder_stamp(root: Path) -> int:
    return max((p.stat().st_mtime_ns for p in root.rglob("*.yaml")), default=0)


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int, stamp: int) -> Framework:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(file=path, detail=f"cannot read the file: {exc}") from exc
    issues = lint_text(text, Path(path))
    if issues:
        detail = "; ".join(f"{path}:{i}" for i in issues[:20])
        if len(issues) > 20:
            detail += f"; … {len(issues) - 20} more"
        raise RuleError(file=path, detail=detail)
    data = yamlio.load(text)
    resolved = resolve(data, Path(path))
    return _framework(resolved.doc, path, _code_lines(text))


def default_workbooks() -> Workbooks:
    """Workbook columns of the packaged library defaults, for callers that have no framework."""
    return _default_workbooks(_folder_stamp(PACKAGED_RULES / "library"))


@lru_cache(maxsize=2)
def _default_workbooks(stamp: int) -> Workbooks:
    return _workbooks(load_library(PACKAGED_RULES).defaults["framework"]["workbooks"])


def level_of_unit(unit: str, registry: Registry | None = None) -> str:
    """'Huyện Kon Rẫy' -> 'district'; 'Sở Nội vụ' -> 'department'; 'Xã Đăk Kôi' -> 'commune'."""
    level = (registry or load_registry()).level_of_unit(unit)
    if level is None:
        raise RuleError(file=unit, detail="cannot tell the administrative level of this unit "
                                          "(expected Huyện/Thành phố/Thị xã, Sở/Ban or Xã/Phường/Thị trấn, "
                                          "or a level added to rules/provinces.yaml)")
    return level


# --- building the model ---------------------------------------------------------------------


def _code_lines(text: str) -> dict[str, int]:
    root = yamlio.compose(text)
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
    kinds = {c["code"]: FieldKind(c.get("kind", "score")) for c in data["criteria"] if "." not in c["code"]}
    criteria = tuple(
        Criterion(code=c["code"], title=one_line(c["title"]), max_score=_dec(c["max"]),
                  rule=_rule(c.get("rule")), line=lines.get(c["code"], 0),
                  kind=kinds.get(c["code"].split(".")[0], FieldKind.SCORE), cap=_opt_dec(c.get("cap")))
        for c in data["criteria"]
    )
    decision = meta.get("decision")
    return Framework(
        id=meta["id"], province=meta["province"], level=meta["level"], year=int(meta["year"]),
        version=str(meta["version"]), title=one_line(meta["title"]),
        sources=tuple(one_line(s) for s in meta["sources"]),
        window=_period(meta["window"]), appraisal_cutoff=_date(meta["appraisal_cutoff"]),
        criteria=criteria, matching=_matching(meta["matching"]), workbooks=_workbooks(meta["workbooks"]),
        not_applicable=NotApplicable(meta["not_applicable"]), path=path,
        decision=Decision(one_line(decision["number"]), dt.date.fromisoformat(str(decision["date"])),
                          one_line(decision.get("replaces", ""))) if decision else None,
        extends=data.get("extends"),
        integrity=Integrity(**{k: int(v) for k, v in (meta.get("integrity") or {}).items()}),
        body_text=frozenset((meta.get("reading") or {}).get("body_text", ())),
    )


def _matching(value: dict[str, Any]) -> Matching:
    def one(v: dict[str, Any]) -> FuzzyMatch:
        return FuzzyMatch(v["scorer"], float(v["threshold"]))

    return Matching(not_assessed=one(value["not_assessed"]), checklist=one(value["checklist"]))


def _workbooks(value: dict[str, Any]) -> Workbooks:
    s, t = value["statistics"], value["tasks"]
    return Workbooks(
        statistics=StatisticsSheet(**{k: _texts(s[k]) for k in (
            "code", "indicator", "numerator", "denominator", "percent", "start", "end", "source")}),
        tasks=TaskSheet(task=_texts(t["task"]), assigned_by=_texts(t["assigned_by"]), deadline=_texts(t["deadline"]),
                        done_on=_texts(t["done_on"]), status=_texts(t["status"]),
                        done_words=_folded(t["done_words"]), not_done_words=_folded(t["not_done_words"]),
                        late_words=_folded(t["late_words"])),
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


def _step(value: dict[str, Any]) -> Step:
    if "above" in value:
        return Step(_dec(value["above"]), _dec(value["fraction"]), strict=True)
    return Step(_dec(value["at_least"]), _dec(value["fraction"]))


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
            contradiction_kinds=tuple(params.get("contradiction_kinds", ())),
            instructions_kinds=tuple(params.get("instructions_kinds", ())),
            steps=tuple(sorted((_step(x) for x in params.get("steps", ())),
                               key=lambda st: (st.at_least, st.strict), reverse=True)),
            late_fraction=_opt_dec(params.get("late_fraction")),
            count_words=_folded(params.get("count_words")),
        ),
        not_assessed_when=_folded(value.get("not_assessed_when")),
        also_from=tuple(value.get("also_from", ())),
        statistic=value.get("statistic"),
        data_window=_period(value["data_window"]) if value.get("data_window") else None,
        counts=tuple(value.get("counts", ())),
        expects=one_line(value.get("expects", "")),
        opinions=Opinions(pass_=one_line(opinion.get("pass", "")), fail=one_line(opinion.get("fail", ""))),
        not_applicable=NotApplicable(value["not_applicable"]) if value.get("not_applicable") else None,
        evidence=EvidenceSource(value.get("evidence", "documents")),
        scored_by=one_line(value.get("scored_by", "")),
        body_text=value.get("body_text"),
    )
