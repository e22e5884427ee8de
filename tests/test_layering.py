"""The core library knows nothing of Celery, HTTP or databases, nor of the service around it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("celery", "kombu", "redis", "sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn",
             "httpx", "jinja2", "service", "workers", "cli")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_imports_no_service_piece() -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & set(FORBIDDEN))
                 for p in (ROOT / "verifier").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_checker_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy.orm\nfrom service.storage import models\n", encoding="utf-8")
    assert _imports(bad) & set(FORBIDDEN) == {"sqlalchemy", "service"}
