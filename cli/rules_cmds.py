"""`verifier rules draft` and `verifier rules calibrate`: starting and tuning a framework, no code.

    verifier rules draft TABLE --province P --level L --year Y [--decision "2712/QĐ-UBND 31/10/2025"] [--out F]
    verifier rules calibrate FRAMEWORK SUBMISSION... [--format text|json]

A SUBMISSION is a folder (assessment table + evidence/) or a bare table file; its table must carry
the council's scores ("Thẩm định"). Exit 0 when done, 2 when an input cannot be used (one line,
Vietnamese and English, naming it).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(rules: Any) -> None:
    """Add the commands to the `rules` sub-parser group of cli/main.py."""
    p = rules.add_parser("draft", help="draft a framework from a unit's scoring-table export (TSV/XLSX)")
    p.add_argument("table")
    p.add_argument("--province", required=True, help="a key or name of rules/provinces.yaml (e.g. sonla)")
    p.add_argument("--level", required=True, help="district, commune, department, … (rules/provinces.yaml)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--decision", help='the deciding document, e.g. "2712/QĐ-UBND 31/10/2025"')
    p.add_argument("--out", help="write the YAML here (default: stdout)")
    p.set_defaults(func=cmd_draft)

    p = rules.add_parser("calibrate", help="replay appraised submissions; agreement with the council per criterion")
    p.add_argument("framework", help="a rule file, or an id such as kontum/district-2023")
    p.add_argument("submissions", nargs="+", help="submission folders or appraised table files")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rules-dir")
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--jobs", type=int, default=None)
    p.set_defaults(func=cmd_calibrate)


def _fail(vi: str, en: str) -> int:
    sys.stderr.write(f"[E_USAGE] {vi} / {en}\n")
    return EXIT_BAD_INPUT


def cmd_draft(args: argparse.Namespace) -> int:
    from verifier.assessment import load_table
    from verifier.rules import lint_framework, load_registry
    from verifier.rules.draft import draft, dump, load_patterns, parse_decision
    from verifier.rules.registry import rules_dir

    table_path = Path(args.table)
    if not table_path.is_file():
        return _fail(f"Không tìm thấy bảng chấm điểm {table_path}", f"Scoring table not found: {table_path}")
    registry = load_registry()
    province = registry.province(args.province)
    if province is None:
        return _fail(f"Không có tỉnh {args.province} trong rules/provinces.yaml",
                     f"No province {args.province} in rules/provinces.yaml")
    if registry.level(args.level) is None:
        known = ", ".join(lv.key for lv in registry.levels)
        return _fail(f"Cấp {args.level} chưa có trong rules/provinces.yaml ({known})",
                     f"Level {args.level} is not in rules/provinces.yaml ({known})")
    if args.decision:
        try:
            parse_decision(args.decision)
        except ValueError as exc:
            return _fail(f"Số/ngày quyết định không đúng dạng: {args.decision}", str(exc))
    table = load_table(table_path)
    doc, guesses = draft(table, province=province.key, level=args.level, year=args.year, decision=args.decision,
                         patterns=load_patterns(rules_dir()), source=table_path.name)
    text = dump(doc, guesses)
    manual = sum(1 for g in guesses if not g.pattern)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        issues = lint_framework(out)
        for issue in issues:
            sys.stderr.write(f"{out}:{issue}\n")
        sys.stderr.write(f"{out}: {len(guesses)} leaves drafted, {manual} left to manual review"
                         f"{'' if issues else ', lints clean'}\n")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_calibrate(args: argparse.Namespace) -> int:
    from verifier.assessment import load_table
    from verifier.cache import ExtractionCache, default_cache_dir
    from verifier.limits import ReadSettings
    from verifier.pipeline import collect_files, extract_all
    from verifier.rules import load_framework
    from verifier.rules.registry import rules_dir
    from verifier.score.calibrate import Appraised, calibrate

    base = Path(args.rules_dir) if args.rules_dir else rules_dir()
    candidate = Path(args.framework)
    path = candidate if candidate.suffix in {".yaml", ".yml"} else base / f"{args.framework}.yaml"
    framework = load_framework(path)
    cache = None if args.no_cache else ExtractionCache(default_cache_dir())
    appraised = []
    for raw in args.submissions:
        where = Path(raw)
        if where.is_dir():
            table_path, files = collect_files(where)
            evidence = extract_all(files, ReadSettings.from_env(), cache=cache, jobs=args.jobs)
        elif where.is_file():
            table_path, evidence = where, []
        else:
            return _fail(f"Không tìm thấy hồ sơ {where}", f"Submission not found: {where}")
        table = load_table(table_path)
        if all(r.appraisal is None for r in table.rows):
            return _fail(f"Bảng {table_path} không có cột điểm thẩm định của Hội đồng",
                         f"Table {table_path} carries no council appraisal column")
        appraised.append(Appraised(str(raw), table, tuple(evidence)))
    result = calibrate(framework, appraised)
    if args.format == "json":
        sys.stdout.write(json.dumps(asdict(result), ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(render(result) + "\n")
    return EXIT_OK


def render(result: Any) -> str:
    """The calibration as a person reads it."""
    lines = [f"Framework {result.framework}: {len(result.submissions)} appraised submission(s)"]
    for s in result.submissions:
        lines.append(f"\n{s.unit} {s.year or ''} ({s.name}): {s.agreed} of {len(s.compared)} leaf criteria "
                     f"get the council's score")
        for c in s.compared:
            if not c.agrees:
                lines.append(f"  {c.code:<7} suggested {_num(c.suggested):>6}  council {_num(c.council):>6}  "
                             f"{c.reason}")
        if s.skipped:
            lines.append(f"  not compared (no council score, or a survey): {', '.join(s.skipped)}")
    lines.append("\nUnconfirmed parameters (BG/UNKNOWN): the values that agree with the council")
    for f in result.parameters:
        better = " <- other values agree more" if f.agree_best > f.agree_now else ""
        lines.append(f"  {f.code:<7} {f.parameter} = {f.current} ({f.confidence}): agrees {f.agree_now}/{f.out_of}; "
                     f"best {f.agree_best}/{f.out_of} with {', '.join(f.best_values)}{better}")
    total = result.compared
    pct = f" ({100 * result.agreed / total:.1f} %)" if total else ""
    lines.append(f"\nTotal: {result.agreed} of {total} leaf criteria agree with the council{pct}")
    return "\n".join(lines)


def _num(value: Any) -> str:
    return "—" if value is None else f"{value.normalize():f}".replace(".", ",")
