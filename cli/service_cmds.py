"""Service commands of ``verifier``: serve, worker, submit, token, audit, db.

Service modules are imported inside the command functions, so ``verifier check`` never loads
Celery, SQLAlchemy or FastAPI. Expected failures (bad configuration, unreachable database or
server, a refused upload) print one line in Vietnamese and English and exit 2.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_BAD = 0, 1, 2


def _fail(vi: str, en: str, code: str = "E_SERVICE") -> int:
    sys.stderr.write(f"[{code}] {vi} / {en}\n")
    return EXIT_BAD


def _guarded(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the failures a person can fix into one line and exit 2."""

    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from service.config import ConfigError

        try:
            return fn(args)
        except ConfigError as exc:
            return _fail("Cấu hình không hợp lệ", str(exc), "E_CONFIG")
        except (OperationalError, ProgrammingError) as exc:
            first = str(exc.orig or exc).splitlines()[0]
            return _fail("Không dùng được cơ sở dữ liệu (đã chạy 'verifier db upgrade'?)",
                         f"Database unavailable or not migrated: {first}", "E_DATABASE")

    run.__name__ = fn.__name__
    return run


def _settings() -> Any:
    from service.config import load_settings

    return load_settings()


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.api.app import create_app

    uvicorn.run(create_app(_settings()), host=args.host, port=args.port, log_level=args.log_level)
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.broker_url:
        return _fail("Chưa đặt VERIFIER_BROKER_URL; không cần worker khi chạy nội bộ",
                     "VERIFIER_BROKER_URL is not set; the in-process runner needs no worker", "E_CONFIG")
    from workers.app import app

    # The pipeline's queue first, then the low-priority lane (workers/celeryconfig.py).
    argv = ["worker", f"--concurrency={args.concurrency}", f"--loglevel={args.loglevel}",
            "-Q", "verifier,background"]
    if args.hostname:
        argv.append(f"--hostname={args.hostname}")
    app.worker_main(argv=argv)
    return EXIT_OK


def _zip_folder(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                zf.write(path, path.relative_to(folder).as_posix())
    return buf.getvalue()


def _progress_line(state: dict[str, Any]) -> str:
    progress = state.get("progress") or {}
    done, total = progress.get("files_done", 0), progress.get("files_total", 0)
    width = 30
    filled = int(width * done / total) if total else 0
    label = {"queued": "Đang chờ", "extract": "Đang đọc", "evaluate": "Đang chấm", "done": "Xong"}.get(
        state.get("stage") or "", state.get("stage") or "")
    return f"\r{label:<10} [{'█' * filled}{'░' * (width - filled)}] {done}/{total}"


def cmd_submit(args: argparse.Namespace) -> int:
    import httpx

    folder = Path(args.folder)
    if not folder.is_dir():
        return _fail(f"Không tìm thấy thư mục hồ sơ {folder}", f"Submission folder not found: {folder}",
                     "E_SUBMISSION")
    if not args.token.isascii() or not args.token.isprintable():
        return _fail("Token không hợp lệ (chỉ gồm chữ, số không dấu)", "Invalid token (ASCII letters and digits only)",
                     "E_TOKEN")
    headers = {"Authorization": f"Bearer {args.token}"}
    data = {"unit": args.unit} if args.unit else {}
    try:
        with httpx.Client(base_url=args.server.rstrip("/"), headers=headers, timeout=args.timeout) as client:
            resp = client.post("/submissions", data=data,
                               files={"archive": (f"{folder.name}.zip", _zip_folder(folder), "application/zip")})
            if resp.status_code != 202:
                return _http_fail(resp)
            sub_id = resp.json()["id"]
            sys.stderr.write(f"Mã hồ sơ / submission id: {sub_id}\n")
            deadline = time.monotonic() + args.wait
            while True:
                state = client.get(f"/submissions/{sub_id}")
                if state.status_code != 200:
                    return _http_fail(state)
                body = state.json()
                if sys.stderr.isatty():
                    sys.stderr.write(_progress_line(body))
                    sys.stderr.flush()
                if body.get("status") in ("done", "failed"):
                    break
                if time.monotonic() > deadline:
                    return _fail("Hết thời gian chờ kết quả", f"No result after {args.wait}s", "E_TIMEOUT")
                time.sleep(args.interval)
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            if body["status"] == "failed":
                latest = body["runs"][-1] if body.get("runs") else {}
                sys.stderr.write(f"{latest.get('error')}\n")
                return EXIT_BAD
            report = client.get(f"/submissions/{sub_id}/report")
            if report.status_code != 200:
                return _http_fail(report)
            sys.stdout.write(json.dumps(report.json(), ensure_ascii=False, indent=2) + "\n")
            return EXIT_OK
    except httpx.HTTPError as exc:
        return _fail(f"Không kết nối được máy chủ {args.server}", f"Cannot reach {args.server}: {exc}",
                     "E_NETWORK")


def _http_fail(resp: Any) -> int:
    try:
        detail = resp.json()
        detail = detail.get("detail", detail) if isinstance(detail, dict) else detail
    except ValueError:
        detail = {"message_en": resp.text[:200]}
    if isinstance(detail, dict):
        return _fail(str(detail.get("message_vi", "Máy chủ từ chối")),
                     f"HTTP {resp.status_code}: {detail.get('message_en', detail)}", str(detail.get("code", "E_HTTP")))
    return _fail("Máy chủ từ chối yêu cầu", f"HTTP {resp.status_code}: {detail}", "E_HTTP")


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def cmd_token_create(args: argparse.Namespace) -> int:
    from service.auth.tokens import Role, TokenError, create_token
    from service.storage.session import session_scope

    settings = _settings()
    role = Role(args.role)
    province = args.province or (settings.province if role in (Role.UNIT, Role.COUNCIL) else None)
    try:
        with session_scope(settings.database_url) as s:
            secret = create_token(s, role, unit=args.unit, unit_id=args.unit_id, province=province, label=args.label,
                                  actor=_actor(), days=args.days or settings.token_days)
    except TokenError as exc:
        return _fail("Thiếu hoặc sai thông tin để tạo token", str(exc), "E_TOKEN")
    sys.stdout.write(secret + "\n")
    sys.stderr.write("Token chỉ hiện một lần; hãy lưu lại / The token is shown only once; keep it safe\n")
    return EXIT_OK


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from service.auth.tokens import TokenError, revoke_token
    from service.storage.session import session_scope

    try:
        with session_scope(_settings().database_url) as s:
            row = revoke_token(s, args.token[:32], actor=_actor())
            prefix = row.prefix
    except TokenError as exc:
        return _fail("Không tìm thấy token", str(exc), "E_TOKEN")
    sys.stdout.write(f"revoked {prefix}\n")
    return EXIT_OK


def cmd_token_list(args: argparse.Namespace) -> int:
    from service.auth.tokens import list_tokens
    from service.storage.session import session_scope

    with session_scope(_settings().database_url) as s:
        for t in list_tokens(s, args.province, limit=args.limit):
            state = "revoked" if t.revoked_at else (f"expires {t.expires_at:%Y-%m-%d}" if t.expires_at else "no expiry")
            sys.stdout.write(f"{t.id}\t{t.prefix}\t{t.role}\t{t.unit or t.province or '*'}\t{state}\t{t.label}\n")
    return EXIT_OK


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu / password: ")
    if getpass.getpass("Nhập lại / again: ") != first:
        raise ValueError("mật khẩu nhập lại không khớp / the passwords differ")
    return first


def cmd_account_create(args: argparse.Namespace) -> int:
    from service.auth.accounts import AccountError, create_account
    from service.auth.tokens import Role
    from service.storage.session import session_scope

    settings = _settings()
    role = Role(args.role)
    try:
        password = _password(args)
        with session_scope(settings.database_url) as s:
            province = args.province or (settings.province if role in (Role.UNIT, Role.COUNCIL) else None)
            unit_id = args.unit_id
            if role is Role.UNIT and unit_id is None and args.unit:
                from service.workflow import units

                unit_id = units.ensure(s, province or settings.province, args.unit, actor=_actor()).id
            account = create_account(s, username=args.username, display_name=args.name or args.username,
                                     password=password, role=role, unit_id=unit_id, province=province,
                                     actor=_actor())
            shown = f"{account.username} ({account.role}{', ' + account.province if account.province else ''})"
    except (AccountError, ValueError) as exc:
        vi, _, en = str(exc).partition(" / ")
        return _fail(vi, en or vi, "E_ACCOUNT")
    sys.stdout.write(f"created {shown}\n")
    return EXIT_OK


def cmd_account_passwd(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from service.auth.accounts import AccountError, normal_username, set_password
    from service.storage.models import Account
    from service.storage.session import session_scope

    try:
        password = _password(args)
        with session_scope(_settings().database_url) as s:
            account = s.execute(select(Account).where(Account.username == normal_username(args.username))
                                ).scalar_one_or_none()
            if account is None:
                return _fail("Không có tài khoản này", f"No account {args.username!r}", "E_ACCOUNT")
            set_password(s, account, password, actor=_actor())
    except (AccountError, ValueError) as exc:
        vi, _, en = str(exc).partition(" / ")
        return _fail(vi, en or vi, "E_ACCOUNT")
    sys.stdout.write("password changed; the account's sessions ended\n")
    return EXIT_OK


def cmd_unit_add(args: argparse.Namespace) -> int:
    from service.storage.session import session_scope
    from service.workflow import units

    settings = _settings()
    try:
        with session_scope(settings.database_url) as s:
            unit = units.ensure(s, args.province or settings.province, args.name, actor=_actor())
            sys.stdout.write(f"{unit.id}\t{unit.province}\t{unit.name}\n")
    except units.UnitError as exc:
        vi, _, en = str(exc).partition(" / ")
        return _fail(vi, en or vi, "E_UNIT")
    return EXIT_OK


def cmd_unit_list(args: argparse.Namespace) -> int:
    from service.storage.session import session_scope
    from service.workflow import units

    with session_scope(_settings().database_url) as s:
        for unit in units.search(s, args.province, args.search or "", limit=10_000):
            sys.stdout.write(f"{unit.id}\t{unit.province}\t{unit.name}\n")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Verify the whole chain, compare it with the signed checkpoint file, and write a new one."""
    from service.audit.checkpoint import write_checkpoint

    settings = _settings()
    report, warning = write_checkpoint(settings.database_url, settings, full=True)
    if warning:
        sys.stderr.write(f"warning: {warning}\n")
    if report.problem is None:
        sys.stdout.write(f"OK: {report.entries} entries, head {report.head_hash}; checkpoint written to "
                         f"{settings.audit_checkpoint_file}\n")
        return EXIT_OK
    p = report.problem
    sys.stdout.write(f"TAMPERED: entry {p.seq} {p.tamper.value} ({p.detail}) / "
                     f"Nhật ký bị sửa: mục {p.seq} ({p.tamper.value})\n")
    return EXIT_FAIL


def cmd_audit_query(args: argparse.Namespace) -> int:
    from service.audit.labels import actor_names
    from service.audit.log import Action, append
    from service.audit.query import AuditFilter, BadFilter, query, to_csv, to_json
    from service.storage.session import session_scope

    f = AuditFilter(unit=args.unit, year=args.year, criterion=args.criterion, kind=args.kind, actor=args.actor,
                    action=args.action, since=args.since, until=args.until, limit=args.limit)
    with session_scope(_settings().database_url) as s:
        try:
            entries = query(s, f)
        except BadFilter as exc:
            return _fail("Giá trị lọc không hợp lệ", f"Invalid filter value: {exc}", "E_FILTER")
        text = (to_csv(entries, actor_names(s, {e.actor for e in entries})) if args.format == "csv"
                else to_json(entries) + "\n")
        append(s, Action.AUDIT_QUERY, f"cli:{getpass.getuser()}", unit=args.unit, year=args.year,
               criterion=args.criterion, kind=args.kind,
               details={"filter": f.as_dict(), "format": args.format, "returned": len(entries)})
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from service.storage.session import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    sys.stdout.write(f"database at head: {settings.database_url.split('@')[-1]}\n")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="run the HTTP API (OpenAPI at /docs)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=_guarded(cmd_serve))

    p = sub.add_parser("worker", help="run a Celery worker (needs VERIFIER_BROKER_URL)")
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--loglevel", default="INFO")
    p.add_argument("--hostname", default=None)
    p.set_defaults(func=_guarded(cmd_worker))

    p = sub.add_parser("submit", help="upload a submission folder to a server and print its report")
    p.add_argument("folder")
    p.add_argument("--server", required=True, help="e.g. http://127.0.0.1:8000")
    p.add_argument("--token", required=True)
    p.add_argument("--unit", help="council tokens: the unit submitted for")
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--wait", type=float, default=3600.0, help="seconds to wait for the report")
    p.add_argument("--timeout", type=float, default=300.0, help="HTTP timeout per request")
    p.set_defaults(func=cmd_submit)

    token = sub.add_parser("token", help="API tokens").add_subparsers(dest="token_command", required=True)
    p = token.add_parser("create", help="create a token (printed once)")
    p.add_argument("--role", required=True, choices=["unit", "council", "auditor", "admin"])
    p.add_argument("--unit", help="the unit's exact name (created when the province has none of that name)")
    p.add_argument("--unit-id", type=int)
    p.add_argument("--province")
    p.add_argument("--label", default="")
    p.add_argument("--days", type=int, help="lifetime in days (default VERIFIER_TOKEN_DAYS, 365)")
    p.set_defaults(func=_guarded(cmd_token_create))
    p = token.add_parser("revoke", help="revoke a token by its id or the prefix the log shows")
    p.add_argument("token")
    p.set_defaults(func=_guarded(cmd_token_revoke))
    p = token.add_parser("list", help="list tokens (newest first)")
    p.add_argument("--province")
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=_guarded(cmd_token_list))

    account = sub.add_parser("account", help="named accounts for the web pages").add_subparsers(
        dest="account_command", required=True)
    p = account.add_parser("create", help="create an account (the first admin, or any)")
    p.add_argument("--username", required=True)
    p.add_argument("--name", help="the person's name as shown")
    p.add_argument("--role", required=True, choices=["unit", "council", "auditor", "admin"])
    p.add_argument("--province")
    p.add_argument("--unit", help="unit accounts: the unit's exact name")
    p.add_argument("--unit-id", type=int)
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(func=_guarded(cmd_account_create))
    p = account.add_parser("passwd", help="set an account's password (ends its sessions)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_guarded(cmd_account_passwd))

    unit = sub.add_parser("unit", help="units of a province").add_subparsers(dest="unit_command", required=True)
    p = unit.add_parser("add", help="add a unit (its exact name)")
    p.add_argument("name")
    p.add_argument("--province")
    p.set_defaults(func=_guarded(cmd_unit_add))
    p = unit.add_parser("list", help="list units, optionally by part of the name")
    p.add_argument("--province")
    p.add_argument("--search")
    p.set_defaults(func=_guarded(cmd_unit_list))

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", required=True)
    p = audit.add_parser("verify", help="check the whole hash chain against the signed checkpoint file, then "
                                        "write a new checkpoint; exit 1 naming the first bad entry")
    p.set_defaults(func=_guarded(cmd_audit_verify))
    p = audit.add_parser("query", help="filter the log; CSV or JSON")
    for name in ("unit", "criterion", "kind", "actor", "action", "since", "until", "out"):
        p.add_argument(f"--{name}")
    p.add_argument("--year", type=int)
    p.add_argument("--limit", type=int, default=100_000)
    p.add_argument("--format", choices=["csv", "json"], default="json")
    p.set_defaults(func=_guarded(cmd_audit_query))

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    p = db.add_parser("upgrade", help="apply migrations (alembic upgrade head)")
    p.set_defaults(func=_guarded(cmd_db_upgrade))
