"""The core library knows nothing of Celery, HTTP or databases, nor of the service around it, and
no criterion code or place: those are data (rules/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from verifier.rules.registry import load_registry
from verifier.text import fold

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


# --- no criterion code and no place in the engine ---------------------------------------------
#
# Rules are data (rules/README.md): the engine must not know that "9." is Kon Tum's deduction field
# or that a unit lives in Kon Tum. Every string the code uses (docstrings excepted: they may cite an
# example) is checked against every province, former province and unit name of rules/provinces.yaml
# and against anything shaped like a criterion code ("1.1.1", "9.").

CODE = re.compile(r"(?<![\d.])[1-9]\d?\.(?:[1-9]\d?(?:\.[1-9]\d?){0,3})?(?![\w.%])")   # not 0.5, 1.5rem, v1.0


def _strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _places() -> re.Pattern[str]:
    registry = load_registry()
    names = {fold(n) for n in registry.place_names()} | {p.key for p in registry.provinces}
    # a unit's name without its type word ("huyen kon ray" -> "kon ray")
    names |= {n.split(" ", 1)[1] for n in list(names) if n.startswith(("huyen ", "xa ", "thi tran ", "thanh pho "))}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) > 3)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _offences(path: Path, places: re.Pattern[str]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for line, text in _strings(path):
        bad = {f"code {m.group(0)}" for m in CODE.finditer(text)}
        bad |= {f"place {m.group(0)}" for m in places.finditer(fold(text))}
        if bad:
            found.setdefault(line, set()).update(bad)
    return found


def test_no_criterion_code_or_place_name_in_the_engine() -> None:
    places = _places()
    offences = {f"{p.relative_to(ROOT)}:{line}": sorted(bad)
                for p in sorted((ROOT / "verifier").rglob("*.py")) for line, bad in _offences(p, places).items()}
    assert offences == {}


# --- no criterion title wording in the engine ----------------------------------------------------
#
# A field is found by what the framework says of it (`kind: penalty`), never by its title: the
# engine once found the deduction field by the words "điểm trừ". Every field title of every shipped
# framework (accent-folded) is forbidden in the engine's strings, and so are the words that name a
# bonus or penalty field in rules/library/draft.yaml (the drafter reads them from there). Only
# strings written accent-free count: the engine matches folded text (verifier.text.fold), so a
# matcher is written folded, while a message such as "Điểm trừ tự kê khai …" keeps its accents.


def _field_titles() -> re.Pattern[str]:
    titles: set[str] = set()
    for path in (ROOT / "rules").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("criteria"), list):
            titles |= {" ".join(fold(str(c["title"])).split()) for c in data["criteria"]
                       if isinstance(c, dict) and "title" in c and "." not in str(c.get("code", "."))}
    kinds = yaml.safe_load((ROOT / "rules" / "library" / "draft.yaml").read_text(encoding="utf-8"))["fields"]
    titles |= {fold(w) for words in kinds.values() for w in words}
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True) if " " in t)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _wording(path: Path, titles: re.Pattern[str]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for line, text in _strings(path):
        if fold(text) != " ".join(text.lower().split()):
            continue   # a message, not a matcher
        bad = {f"title {m.group(0)}" for m in titles.finditer(" ".join(fold(text).split()))}
        if bad:
            found.setdefault(line, set()).update(bad)
    return found


def test_no_field_title_wording_in_the_engine() -> None:
    titles = _field_titles()
    offences = {f"{p.relative_to(ROOT)}:{line}": sorted(bad)
                for p in sorted((ROOT / "verifier").rglob("*.py")) for line, bad in _wording(p, titles).items()}
    assert offences == {}


def test_the_title_checker_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docstrings may cite ĐIỂM TRỪ."""\nPENALTY = "diem tru"\nBONUS = "DIEM  THUONG"\n'
                   'FINE = "tru 0,5 diem"\nMESSAGE = "Điểm trừ tự kê khai"\n', encoding="utf-8")
    assert _wording(bad, _field_titles()) == {2: {"title diem tru"}, 3: {"title diem thuong"}}


def test_the_code_and_place_checker_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docstrings may cite 9.1 and Kon Tum."""\n'
                   'DEDUCTION = "9."\nPLACE = "UBND huyện Kon Rẫy"\nCODE = f"tiêu chí 1.1.1: {0.5:.2f}"\n'
                   'FINE = "0.005, 1.5rem, v1.0, 100%"\n', encoding="utf-8")
    found = _offences(bad, _places())
    assert sorted(found) == [2, 3, 4]
    assert found[2] == {"code 9."} and found[4] == {"code 1.1.1"}
    assert found[3] == {"place huyen kon ray"}
