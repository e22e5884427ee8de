"""`verifier`: the console command. Core commands here; service commands register themselves.

Exit codes: 0 done; 2 bad input (a file or submission could not be used; the message names it);
3 an internal error (reported in one line, never a traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from verifier.errors import VerifierError
from verifier.pipeline import Progress

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 2, 3


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * p.done / p.total) if p.total else width
        bar = "█" * filled + "░" * (width - filled)
        label = {"read": "Đang đọc", "evaluate": "Đang chấm", "done": "Xong"}.get(p.stage, p.stage)
        current = (p.current[-40:]) if p.current else ""
        sys.stderr.write(f"\r{label} [{bar}] {p.done}/{p.total} {current:<40}")
        if p.stage == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()


def _displayable(text: str) -> str:
    """Text any UTF-8 stream can take: a file name that was not UTF-8 shows U+FFFD (fuzz finding F09)."""
    from verifier.read import safe_name

    return safe_name(text)


def _error_line(line: str) -> str:
    """One message, one line on stderr, whatever a file name or library message holds."""
    return " ".join(_displayable(line).split()) + "\n"


def _write(text: str, out: str | None) -> None:
    text = _displayable(text)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def _expand(inputs: Sequence[str]) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files += [(p, p.as_posix()) for p in sorted(path.rglob("*"))
                      if p.is_file() and not p.name.startswith(".")]
        else:
            files.append((path, path.as_posix()))
    return files


def cmd_extract(args: argparse.Namespace) -> int:
    from verifier.cache import ExtractionCache, default_cache_dir
    from verifier.limits import ReadSettings
    from verifier.pipeline import complete_all, extract_all
    from verifier.report.extract_json import evidence_to_dict
    from verifier.report.table import extract_table

    files = _expand(args.files)
    missing = [rel for p, rel in files if not p.exists()]
    for rel in missing:
        sys.stderr.write(_error_line(f"[E_NOT_FOUND] Không tìm thấy tệp {rel} / File not found: {rel}"))
    files = [(p, rel) for p, rel in files if p.exists()]
    cache = None if args.no_cache else ExtractionCache(default_cache_dir())
    bar = ProgressBar(not args.quiet)
    # extract shows each file's text and citations: every page read in full (docs/reading.md)
    settings = dataclasses.replace(ReadSettings.from_env(), full_text=True, whole_page_ocr=True)
    items = extract_all(files, settings, cache=cache, jobs=args.jobs, progress=bar)
    items = complete_all(files, items, None, settings, cache=cache, jobs=args.jobs)   # header-first cache entries
    bar(Progress(len(files), len(files), "", "done"))
    if args.format == "json":
        _write(json.dumps([evidence_to_dict(ev) for ev in items], ensure_ascii=False, indent=2), args.out)
    else:
        _write(extract_table(items), args.out)
    for ev in items:
        if ev.error is not None:
            sys.stderr.write(_error_line(ev.error.one_line()))
    return EXIT_BAD_INPUT if missing or any(ev.error is not None for ev in items) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from verifier.pipeline import check_submission
    from verifier.report.json_report import report_to_dict
    from verifier.report.table import check_table

    folder = Path(args.submission)
    if not folder.is_dir():
        sys.stderr.write(f"[E_SUBMISSION] Không tìm thấy thư mục hồ sơ {folder} / "
                         f"Submission folder not found: {folder}\n")
        return EXIT_BAD_INPUT
    from verifier.limits import ReadSettings

    settings = ReadSettings.from_env()
    if args.full_text:
        settings = dataclasses.replace(settings, full_text=True)
    report = check_submission(folder, settings=settings, framework=args.framework, province=args.province,
                              use_cache=not args.no_cache, jobs=args.jobs,
                              rules_dir=Path(args.rules_dir) if args.rules_dir else None,
                              progress=ProgressBar(not args.quiet))
    # The report carries each unreadable file as a finding; stderr says so too, a line a file, so a
    # script sees it without parsing the report. The check itself goes on: exit 0 with its report.
    for status in report.files:
        if not status.ok and (line := status.error_line()):
            sys.stderr.write(_error_line(line))
    if args.format == "json":
        _write(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2), args.out)
    elif args.format == "xlsx":
        from verifier.report.xlsx_export import write_report_xlsx

        if not args.out:
            sys.stderr.write("[E_USAGE] --format xlsx cần --out TỆP / --format xlsx needs --out FILE\n")
            return EXIT_BAD_INPUT
        write_report_xlsx(report, Path(args.out))
    else:
        _write(check_table(report), args.out)
    return EXIT_OK


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from verifier.rules import lint_framework

    worst = EXIT_OK
    for raw in args.files:
        issues = lint_framework(Path(raw))
        for issue in issues:
            sys.stdout.write(f"{raw}:{issue.line}:{issue.column}: {issue.path}: {issue.message}\n")
        if issues:
            worst = EXIT_BAD_INPUT
        else:
            sys.stdout.write(f"{raw}: OK\n")
    return worst


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="verifier", description="PAR evidence verifier (Chỉ số CCHC)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read evidence files: text, number, date, issuer, citations")
    p.add_argument("files", nargs="+", help="files or folders")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    p.add_argument("--no-cache", action="store_true", help="re-read every file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("check", help="verify a whole submission folder")
    p.add_argument("submission")
    p.add_argument("--format", choices=["json", "table", "xlsx"], default="table")
    p.add_argument("--out")
    p.add_argument("--framework", help="e.g. kontum/district-2023 (default: chosen from the table)")
    p.add_argument("--province", help="the unit's province (default: found from the unit's name)")
    p.add_argument("--rules-dir")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--full-text", action="store_true",
                   help="read every scanned page in full now (default: header-first, the rest only where a "
                        "rule needs it; VERIFIER_FULL_TEXT=1 does the same)")
    p.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="rule files").add_subparsers(dest="rules_command", required=True)
    p = rules.add_parser("lint", help="validate rule files against the schema")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_rules_lint)
    from cli import rules_cmds

    rules_cmds.register(rules)

    # The service commands are optional in a core-only checkout; a broken module must still fail loudly.
    if importlib.util.find_spec("cli.service_cmds") is not None:
        from cli import service_cmds

        service_cmds.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except VerifierError as err:
        sys.stderr.write(_error_line(err.one_line()))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line, never a traceback
        sys.stderr.write(_error_line(f"[E_INTERNAL] Lỗi nội bộ / Internal error: {type(exc).__name__}: {exc}"))
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
