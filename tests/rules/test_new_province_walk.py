"""A province and level with no framework yet, walked from a scoring table to the council's page with
no Python change (docs/frameworks.md): Quảng Ngãi, which received Kon Tum on 01/07/2025, scoring
its communes for 2025.

    rules draft -> rules lint -> hand edits (YAML) -> rules lint -> rules calibrate -> check
    -> the embedded service scores an upload of that province with that framework -> council page

Everything runs on a copy of rules/ (VERIFIER_RULES_DIR), so the shipped rules are not touched. The
commune "Xã Thử Nghiệm" is fictional: the test registry says it was formed on 01/07/2025 from two
of Kon Rẫy's communes (the transition year of docs/frameworks.md). Its table is the Sơn La commune
sample's, renamed, with three born-digital documents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "sonla-commune-2025"
UNIT = "Xã Thử Nghiệm"
PREDECESSORS = ["Xã Đăk Kôi", "Xã Tân Lập"]           # Kon Rẫy communes listed under kontum
PASSWORD = "mat-khau-cua-thu-nghiem"
BASE = "http://testserver"


def _rules_copy(tmp: Path) -> Path:
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    registry = yaml.safe_load((rules / "provinces.yaml").read_text(encoding="utf-8"))
    by_key = {p["key"]: p for p in registry["provinces"]}
    kontum = by_key["kontum"]["units"]
    kontum["commune"] = [{"name": n, "until": "2025-06-30"} if n in PREDECESSORS else n for n in kontum["commune"]]
    by_key["quangngai"]["units"] = {"commune": [
        {"name": UNIT, "created": "2025-07-01", "predecessors": PREDECESSORS, "source": "fictional (test)"}]}
    (rules / "provinces.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return rules


def _submission(tmp: Path) -> Path:
    sub = tmp / "xa-thu-nghiem"
    (sub / "evidence").mkdir(parents=True)
    table = (SAMPLE / "assessment.tsv").read_text(encoding="utf-8")
    table = re.sub(r"^Đơn vị: .*$", f"Đơn vị: {UNIT}", table, count=1, flags=re.M)
    (sub / "assessment.tsv").write_text(table, encoding="utf-8")
    for rel in ("1.1.1/KH-12-CCHC-2025.pdf", "1.2/BC-45-CCHC-quy-III-2025.pdf", "1.2/BC-98-CCHC-nam-2025.pdf"):
        (sub / "evidence" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / "evidence" / rel, sub / "evidence" / rel)
    return sub


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.fixture()
def walk(tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    rules = _rules_copy(tmp_path)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VERIFIER_RULES_DIR": str(rules),
           "VERIFIER_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    yield rules, _submission(tmp_path), env


@pytest.mark.slow      # about a minute: five CLI runs and an in-process service run
def test_a_new_province_and_level_from_a_table_to_the_councils_page(walk: tuple[Path, Path, dict[str, str]],
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rules, sub, env = walk
    target = rules / "quangngai" / "commune-2025.yaml"
    assert not target.exists()                          # no framework for this province and level yet

    # 1. draft from the unit's table; it lints clean as written
    done = _cli("rules", "draft", str(sub / "assessment.tsv"), "--province", "Quảng Ngãi", "--level", "commune",
                "--year", "2025", "--out", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert "lints clean" in done.stderr
    assert _cli("rules", "lint", str(target), env=env).returncode == 0

    # 2. hand edits, as data: the transition year (the commune exists from 01/07/2025, the province's
    #    plan was re-issued in July), a rule for a leaf the draft left to manual review, a field cap
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    doc["framework"]["window"] = {"from": "{Y}-07-01", "to": "{Y}-12-31"}
    doc["framework"]["appraisal_cutoff"] = "{Y}-12-15"
    doc["framework"]["version"] = "2025.1"
    by = {c["code"]: c for c in doc["criteria"]}
    manual = [c for c in doc["criteria"] if c.get("rule", {}).get("archetype") == "manual_review"
              and c["code"].split(".")[0] not in ("9", "10")]
    assert manual, "the draft leaves something to manual review"
    manual[0]["rule"] = {"archetype": "binary_by_deadline", "confidence": "BG",
                         "source": "Edited by hand: the unit's own report of the year",
                         "requires": [{"id": "report", "label": "Báo cáo năm {Y}", "types": ["BC"],
                                       "issuer": {"any": ["ubnd xa"], "label": "UBND xã"},
                                       "period": {"from": "{Y}-07-01", "to": "{Y}-12-31"}}]}
    penalty = next(c for c in doc["criteria"] if c.get("kind") == "penalty")
    penalty["cap"] = 2
    target.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lint = _cli("rules", "lint", str(target), env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert by["1.1.1"]["rule"]["confidence"] == "DRAFT"

    # 3. calibrate against the council's column of the table
    cal = _cli("rules", "calibrate", "quangngai/commune-2025", str(sub), "--format", "json", "--jobs", "1", env=env)
    assert cal.returncode == 0, cal.stderr
    result = json.loads(cal.stdout)
    compared = result["submissions"][0]["compared"]
    assert len(compared) > 30 and result["framework"].startswith("quangngai/commune-2025")
    agreed = sum(c["agrees"] for c in compared)
    assert 0 < agreed <= len(compared)
    assert all(c["reason"] for c in compared if not c["agrees"])       # each disagreement says why

    # 4. check: the framework is chosen from the table alone (the unit is listed under Quảng Ngãi)
    out = tmp_path / "report.json"
    check = _cli("check", str(sub), "--format", "json", "--out", str(out), "--quiet", "--jobs", "1", env=env)
    assert check.returncode in (0, 1), check.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["framework"] == "quangngai/commune-2025@2025.1"
    kinds = {c["code"]: c["kind"] for c in report["criteria"]}
    assert kinds[penalty["code"]] == "penalty" and kinds["1"] == "score"
    edited = next(c for c in report["criteria"] if c["code"] == manual[0]["code"])
    assert edited["rule"] == "binary_by_deadline"

    # 5. the embedded service scores an upload under a Quảng Ngãi token with that framework, and the
    #    council of Quảng Ngãi sees it on its page
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", env["VERIFIER_CACHE_DIR"])
    monkeypatch.setenv("VERIFIER_RULES_DIR", str(rules))
    monkeypatch.setenv("VERIFIER_PROVINCE", "kontum")     # the deployment's default must not decide
    monkeypatch.setenv("VERIFIER_AUTH_FAILURES_PER_MINUTE", "1000")
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.auth.accounts import create_account
    from service.auth.tokens import Role, create_token
    from service.config import load_settings
    from service.storage.session import dispose_engines, session_scope

    settings = load_settings()
    try:
        with TestClient(create_app(settings), base_url=BASE) as client:
            with session_scope(settings.database_url) as s:
                token = create_token(s, Role.UNIT, unit=UNIT, province="quangngai")
                create_account(s, username="hoidong.qn", display_name="Hội đồng", password=PASSWORD,
                               role=Role.COUNCIL, province="quangngai", actor="test")
            headers = {"Authorization": f"Bearer {token}"}
            files = [("assessment", ("assessment.tsv", (sub / "assessment.tsv").read_bytes(), "text/plain"))]
            for path in sorted((sub / "evidence").rglob("*")):
                if path.is_file():
                    files.append(("evidence", (path.relative_to(sub / "evidence").as_posix(), path.read_bytes(),
                                               "application/pdf")))
            resp = client.post("/submissions", headers=headers, files=files)
            assert resp.status_code == 202, resp.text
            sub_id = resp.json()["id"]
            deadline = time.monotonic() + 300
            state = client.get(f"/submissions/{sub_id}", headers=headers).json()
            while state["status"] not in ("done", "failed"):
                assert time.monotonic() < deadline, "the in-process run did not finish"
                time.sleep(0.3)
                state = client.get(f"/submissions/{sub_id}", headers=headers).json()
            assert state["status"] == "done", state
            served = client.get(f"/submissions/{sub_id}/report", headers=headers).json()
            assert served["framework"] == "quangngai/commune-2025@2025.1"

            page = client.get("/ui/signin")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            signed = client.post("/ui/signin", data={"username": "hoidong.qn", "password": PASSWORD,
                                                     "csrf": csrf.group(1) if csrf else ""},
                                 headers={"Origin": BASE}, follow_redirects=False)
            assert signed.status_code == 303
            board = client.get("/ui/council?year=2025")
            assert board.status_code == 200 and UNIT in board.text
            review = client.get(f"/ui/council/{sub_id}/review")
            assert review.status_code == 200
            assert edited["title"][:30] in review.text
    finally:
        dispose_engines()


def test_a_commune_formed_in_2025_is_appraised_by_its_new_province(walk: tuple[Path, Path, dict[str, str]]) -> None:
    """Transition years: the registry says which unit was formed from which, and from when."""
    from verifier.errors import RuleError
    from verifier.rules.select import choose

    rules, _sub, _env = walk
    (rules / "quangngai" / "commune-2025.yaml").parent.mkdir(exist_ok=True)
    shutil.copy(ROOT / "rules" / "sonla" / "commune-2025.yaml", rules / "quangngai" / "commune-2025.yaml")
    text = (rules / "quangngai" / "commune-2025.yaml").read_text(encoding="utf-8")
    (rules / "quangngai" / "commune-2025.yaml").write_text(
        text.replace("id: sonla/commune-2025", "id: quangngai/commune-2025").replace("province: sonla",
                                                                                     "province: quangngai"),
        encoding="utf-8")
    new = choose(rules, province=None, level="commune", year=2025, unit=UNIT)
    assert new.path == rules / "quangngai" / "commune-2025.yaml"
    assert "formed on 2025-07-01 from Xã Đăk Kôi, Xã Tân Lập" in new.why
    # a predecessor's name for 2025 (it ended on 30/06): the unit it became, in the province it joined
    old = choose(rules, province=None, level="commune", year=2025, unit="Xã Đăk Kôi")
    assert old.path == new.path and f"became {UNIT}" in old.why
    # a Quảng Ngãi token does not change a predecessor's 2024: Kon Tum appraised it
    with pytest.raises(RuleError, match="kontum/commune-2024"):
        choose(rules, province="quangngai", level="commune", year=2024, unit="Xã Đăk Kôi")
    # the new commune has no 2024 of its own
    with pytest.raises(RuleError, match="exists from 2025-07-01"):
        choose(rules, province="quangngai", level="commune", year=2024, unit=UNIT)
