"""`verifier rules draft`: a first framework from any unit's scoring table.

The table gives the tree, titles and maxima; rules/library/draft.yaml gives the wording patterns
that guess each leaf's archetype and requirement (a plan by a deadline, a report series, a ratio,
a checklist of enumerated items, a per-item penalty, …). Every guessed rule says `confidence:
DRAFT` and the words it was guessed from; a leaf no pattern fits becomes `manual_review`. The
result lints clean, so an analyst can check it, tune it against past verdicts (`rules
calibrate`) and use it at once. :func:`agreement` measures a draft against a hand-written framework.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from verifier.assessment.model import AssessmentTable, Row
from verifier.rules import yamlio
from verifier.rules.library import library_dir
from verifier.rules.model import Framework
from verifier.text import fold, one_line

_DEADLINE = re.compile(r"truoc ngay (\d{1,2})/(\d{1,2})(?:/(\d{4}))?")
_POINTS = re.compile(r"tru\s+(\d+(?:[.,]\d+)?)\s*diem")
_CAP = re.compile(r"toi da(?: tru)?\s+(\d+(?:[.,]\d+)?)\s*diem|tru toi da\s+(\d+(?:[.,]\d+)?)")
_BAND = re.compile(r"(>=|≥|>|tren|tu)\s*(\d+(?:[.,]\d+)?)\s*%(?:\s*(?:den|-)\s*(?:duoi\s*)?\d+(?:[.,]\d+)?\s*%)?"
                   r"[^;\d]{0,40}?(\d+(?:[.,]\d+)?)\s*diem")
_ABOVE = (">", "tren")      # "trên 90%" exceeds the bound; "từ 70%" reaches it
_STEP = re.compile(r"()(\d+)\s*(?:lan|cuoc)[^;\d]{0,20}?(\d+(?:[.,]\d+)?)\s*diem")
_ITEM = re.compile(r"\((\d{1,2})\)\s*([^();]+)")


@dataclass(frozen=True)
class Guess:
    code: str
    pattern: str            # the pattern that fired, or "" for manual review
    words: tuple[str, ...]  # the words it was guessed from


def load_patterns(rules_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.load((library_dir(rules_dir) / "draft.yaml").read_text(encoding="utf-8"))
    return data


def parse_decision(text: str) -> dict[str, str]:
    """'2712/QĐ-UBND 31/10/2025' -> {number: '2712/QĐ-UBND', date: '2025-10-31'}."""
    m = re.match(r"\s*(\S+)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\s*$", text)
    if not m:
        raise ValueError(f"decision '{text}' is not 'NUMBER DD/MM/YYYY' (e.g. '2712/QĐ-UBND 31/10/2025')")
    day = dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    return {"number": m.group(1), "date": day.isoformat()}


def draft(table: AssessmentTable, *, province: str, level: str, year: int, decision: str | None,
          patterns: dict[str, Any], source: str) -> tuple[dict[str, Any], list[Guess]]:
    """The framework document (to be dumped as YAML) and, per leaf, what it was guessed from."""
    codes = [r.code for r in table.rows]
    leaves = {c for c in codes if not any(o.startswith(c + ".") for o in codes)}
    kinds = {r.code: _field_kind(r.title, patterns["fields"]) for r in table.rows if "." not in r.code}
    issuer = _issuer(patterns, level, table.unit)
    criteria: list[dict[str, Any]] = []
    guesses: list[Guess] = []
    for r in table.rows:
        entry: dict[str, Any] = {"code": r.code, "title": one_line(r.title), "max": _num(r.max_score)}
        kind = kinds.get(r.code.split(".")[0], "score")
        if "." not in r.code and kind != "score":
            entry["kind"] = kind
        if r.code in leaves:
            rule, guess = _guess(r, kind, patterns, issuer)
            entry["rule"] = rule
            guesses.append(guess)
        criteria.append(entry)
    meta: dict[str, Any] = {
        "id": f"{province}/{level}-{year}", "province": province, "level": level, "year": year,
        "version": f"{year}.draft",
        "title": f"DRAFT: bộ chỉ số CCHC ({level}) năm {year}, lập từ bảng chấm điểm của {table.unit or '?'}",
        "sources": [f"DRAFT from the scoring table {source} ({table.unit or '?'}, {table.year or '?'})"],
        "window": {"from": "{Y}-01-01", "to": "{Y}-12-31"},
        "appraisal_cutoff": "{Y}-12-31",
    }
    if decision:
        meta["decision"] = parse_decision(decision)
    if any(fold(r.title).count(p) for r in table.rows for p in patterns["not_assessed"]["full_marks"]):
        meta["not_applicable"] = "full_marks"
    return {"framework": meta, "criteria": criteria}, guesses


def dump(doc: dict[str, Any], guesses: list[Guess]) -> str:
    manual = sum(1 for g in guesses if not g.pattern)
    head = (f"# DRAFT written by `verifier rules draft`: {len(guesses)} leaves, {manual} left to manual review.\n"
            "# Every rule says confidence: DRAFT and the words it was guessed from. Check each one against the\n"
            "# province's decision, set the appraisal cut-off, then `verifier rules lint` and\n"
            "# `verifier rules calibrate` on past appraised tables (docs/frameworks.md).\n\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)


# --- guessing one leaf ----------------------------------------------------------------------


def _guess(r: Row, kind: str, patterns: dict[str, Any], issuer: dict[str, Any]) -> tuple[dict[str, Any], Guess]:
    title = fold(r.title)
    for p in patterns["patterns"]:
        if p.get("field") and p["field"] != kind:
            continue
        words = _when(p["when"], title)
        if words is None:
            continue
        rule = _build(p, r, title, issuer, patterns)
        if rule is None:
            continue
        rule["confidence"] = "DRAFT"
        rule["source"] = f"DRAFT ({p['name']}): guessed from «{', '.join(words)}» in the title"
        _not_assessed(rule, title, patterns)
        return rule, Guess(r.code, p["name"], tuple(words))
    rule = {"archetype": "manual_review", "confidence": "DRAFT",
            "source": "DRAFT: no wording pattern fits; the council decides until a rule is written",
            "expects": f"Tài liệu kiểm chứng cho: {one_line(r.title)[:160]}"}
    _not_assessed(rule, title, patterns)
    return rule, Guess(r.code, "", ())


def _when(cond: dict[str, list[str]], title: str) -> list[str] | None:
    if any(p in title for p in cond.get("none", [])):
        return None
    found = [p for p in cond.get("all", []) if p in title]
    if len(found) < len(cond.get("all", [])):
        return None
    for group in ("any", "also"):
        if group in cond:
            hit = next((p for p in cond[group] if p in title), None)
            if hit is None:
                return None
            found.append(hit)
    return found


def _build(p: dict[str, Any], r: Row, title: str, issuer: dict[str, Any],
           patterns: dict[str, Any]) -> dict[str, Any] | None:
    rule = dict(p["rule"])
    extract = p.get("extract", [])
    given: dict[str, Any] = {}
    if "per_item" in extract:
        points = _POINTS.search(title)
        cap = _CAP.search(title)
        if points is None:
            return None
        per_item = _dec(points.group(1))
        limit = _dec(next(g for g in cap.groups() if g)) if cap else per_item
        given = {"per_item": _num(per_item), "cap": _num(limit)}
    if "steps" in extract:
        steps = _steps(title, r.max_score, _STEP)
        if steps:
            given["steps"] = steps
    if "bands" in extract:
        bands = _steps(title, r.max_score, _BAND)
        if len(bands) < 2:
            return None
        rule["params"] = {"steps": bands}
    if "items" in extract:
        items = [(n, one_line(text)) for n, text in _ITEM.findall(one_line(r.title))]
        if len(items) < 2:
            return None
        rule["checklist"] = [{"id": f"item_{n}", "label": f"({n}) {text}",
                              "keywords": [" ".join(fold(text).split()[:4])]} for n, text in items]
        if any(w in title for w in patterns["checklist_in_explanation"]):
            rule["checklist_scope"] = "explanation"
        else:
            doc = next((d for d in patterns.get("checklist_documents", []) if d["noun"] in title), None)
            if doc is not None:
                rule["requires"] = [{"id": doc["id"], "label": _label(r.title, doc["noun"]) or doc["label"],
                                     "types": doc["types"], "issuer": issuer}]
    topic = _topic(title, patterns["subjects"]) if {"topic", "label"} & set(extract) else []
    if "deadline" in extract:
        deadline = _deadline(title + " " + fold(r.opinion), patterns.get("previous_year", []))
        if deadline:
            given["deadline"] = deadline
    if "with" in p:
        # The template's parameters, as the pattern writes them: "$label" is the title from the
        # pattern's document noun on, "$issuer" the level's issuer, "$topic" the subjects found
        # (or the pattern's `topic`), "$subject" the first one's short name (patterns `short_names`).
        label = (_label(r.title, p["noun"]) if p.get("noun") else "") or p.get("label", "")
        values = {"$label": label, "$issuer": issuer,
                  "$topic": topic or p.get("topic", []),
                  "$topic1": (topic or p.get("topic", [""]))[0],
                  "$subject": patterns.get("short_names", {}).get((topic or [""])[0])
                  or (topic or [p.get("subject", "")])[0]}
        given = {**{k: values.get(v, v) if isinstance(v, str) else v for k, v in p["with"].items()}, **given}
    use = rule.get("use")
    if use is not None and given:
        rule["with"] = given
    req = p.get("requirement")
    if req is not None:
        rule["requires"] = [{"id": "document", "label": (_label(r.title, req["noun"]) or req["label"]),
                             "types": req["types"], **({"wrong_types": req["wrong_types"]} if "wrong_types" in req
                                                       else {}),
                             "issuer": issuer,
                             **({"topic": {"all": topic, "scorer": "partial_ratio", "processor": "fold",
                                           "threshold": 90}} if topic else {}),
                             "period": {"from": "{Y}-01-01", "to": "{Y}-12-31"}}]
    return rule


def _steps(title: str, max_score: Decimal | None, rx: re.Pattern[str]) -> list[dict[str, Any]]:
    if not max_score:
        return []
    out = []
    for word, bound, points in rx.findall(title):
        fraction = min(_dec(points) / max_score, Decimal(1))
        key = "above" if word in _ABOVE else "at_least"
        out.append({key: _num(_dec(bound)), "fraction": _num(fraction.quantize(Decimal("0.0001")))})
    return out


def _topic(title: str, subjects: list[str]) -> list[str]:
    found: list[str] = []
    for s in sorted(subjects, key=len, reverse=True):
        if s in title and not any(s in f for f in found):
            found.append(s)
    return found[:2]


def _label(title: str, noun: str) -> str:
    """'Việc ban hành Kế hoạch CCHC hằng năm' -> 'Kế hoạch CCHC hằng năm' (the words from the noun on)."""
    words = one_line(title).split()
    folded = [fold(w) for w in words]
    n = len(noun.split())
    for i in range(len(words) - n + 1):
        if " ".join(folded[i:i + n]) == noun:
            text = " ".join(words[i:i + 14])
            text = re.split(r"[(:;]", text)[0].strip().rstrip(",.")
            return text[:1].upper() + text[1:]
    return ""


def _deadline(text: str, previous_year: list[str]) -> dict[str, Any] | None:
    m = _DEADLINE.search(text)
    if not m:
        return None
    day, month = int(m.group(1)), int(m.group(2))
    after = text[m.end():m.end() + 40]
    offset = "{Y-1}" if any(w in after for w in previous_year) else "{Y}"
    try:
        dt.date(2024, month, day)
    except ValueError:
        return None
    return {"date": f"{offset}-{month:02d}-{day:02d}", "mode": "ambiguous", "text": f"trước ngày {day}/{month}"}


def _not_assessed(rule: dict[str, Any], title: str, patterns: dict[str, Any]) -> None:
    phrases = [p for p in patterns["not_assessed"]["phrases"] if p in title]
    if phrases:
        rule["not_assessed_when"] = phrases


def _issuer(patterns: dict[str, Any], level: str, unit: str) -> dict[str, Any]:
    spec = patterns["issuers"].get(level) or patterns["issuers"]["default"]
    return {"any": [a.replace("{unit}", fold(unit)) for a in spec["any"]],
            "label": spec["label"].replace("{unit}", unit or "đơn vị")}


def _field_kind(title: str, words: dict[str, list[str]]) -> str:
    t = fold(title)
    bonus, penalty = any(w in t for w in words["bonus"]), any(w in t for w in words["penalty"])
    return "bonus" if bonus and not penalty else "penalty" if penalty and not bonus else "score"


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _num(value: Decimal | None) -> int | float:
    if value is None:
        return 0
    return int(value) if value == value.to_integral_value() else float(value)


# --- measuring a draft ----------------------------------------------------------------------


@dataclass(frozen=True)
class LeafAgreement:
    code: str
    drafted: str
    reference: str
    drafted_types: tuple[str, ...]
    reference_types: tuple[str, ...]

    @property
    def archetype_agrees(self) -> bool:
        return self.drafted == self.reference

    @property
    def agrees(self) -> bool:
        return self.archetype_agrees and self.drafted_types == self.reference_types


def agreement(drafted: Framework, reference: Framework) -> list[LeafAgreement]:
    """Per leaf of the reference: the drafted and the reference archetype and required document types."""
    out = []
    for c in reference.leaves():
        d = drafted.criterion(c.code)
        d_arch = d.rule.archetype.value if d is not None else "(missing)"
        out.append(LeafAgreement(c.code, d_arch, c.rule.archetype.value,
                                 _types(d.rule.requires) if d is not None else (), _types(c.rule.requires)))
    return out


def _types(requires: Any) -> tuple[str, ...]:
    return tuple(sorted({t for r in requires if r.required for t in r.types}))

