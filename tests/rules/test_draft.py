"""`verifier rules draft`: a framework from a scoring table, measured against hand-written rules.

Two figures, kept apart (docs/frameworks.md, "Drafting"):
* the Kon Rẫy 2023 table is what the wording patterns were tuned on, so agreement with the
  hand-written district-2023 there is a REGRESSION CHECK (measured 66/94 before tuning, 71/94 after,
  76/94 after a second round: scripts/measure_draft.py);
* tests/rules/fixtures/heldout_district.tsv holds criteria from other frameworks (Cà Mau 2013, a
  district digital-transformation index), labelled from their scoring text before the patterns ran:
  7/10 then. Its three misses were then fixed in rules/library/draft.yaml, so it too is only a
  regression check now. The held-out figure (the Sơn La tables, never tuned on) is
  scripts/measure_draft.py's, checked in tests/rules/test_measure_draft.py.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from verifier.assessment import load_table
from verifier.rules import Archetype, Confidence, lint_framework, load_framework
from verifier.rules.draft import agreement, draft, dump, load_patterns, parse_decision
from verifier.rules.registry import PACKAGED_RULES

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "sample_evidence" / "konray-2023" / "assessment.tsv"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _draft(table: Path, tmp: Path, province: str, level: str, year: int, decision: str | None = None) -> Path:
    doc, guesses = draft(load_table(table), province=province, level=level, year=year, decision=decision,
                         patterns=load_patterns(PACKAGED_RULES), source=table.name)
    out = tmp / province / f"{level}-{year}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(doc, guesses), encoding="utf-8")
    return out


def test_the_seed_draft_lints_clean_and_has_the_whole_tree(tmp_path: Path) -> None:
    path = _draft(SEED, tmp_path, "kontum", "district", 2023)
    assert lint_framework(path) == ()
    drafted = load_framework(path)
    seed = load_table(SEED)
    assert [(c.code, c.max_score) for c in drafted.criteria] == [(r.code, r.max_score) for r in seed.rows]
    leaves = drafted.leaves()
    assert all(c.rule.confidence is Confidence.DRAFT and c.rule.source.startswith("DRAFT") for c in leaves)
    guessed = [c for c in leaves if c.rule.archetype is not Archetype.MANUAL_REVIEW]
    assert all("guessed from «" in c.rule.source for c in guessed)
    # the field "9. ĐIỂM TRỪ" is found a penalty field from its title, its rows per-item penalties
    nine = drafted.criterion("9.4")
    assert nine is not None and nine.kind.value == "penalty" and nine.rule.archetype is Archetype.PENALTY_ITEMS
    assert (nine.rule.params.per_item, nine.rule.params.cap) == (Decimal("0.5"), Decimal(1))
    # "… thì được giảm trừ, không đánh giá tiêu chí này" becomes the not-assessed convention of the leaf
    na = drafted.criterion("3.3.2")
    assert na is not None and "khong danh gia tieu chi nay" in na.rule.not_assessed_when


def test_regression_agreement_with_the_hand_written_district_2023(tmp_path: Path) -> None:
    """Tuned on this table: a floor that must not fall, not an accuracy figure."""
    drafted = load_framework(_draft(SEED, tmp_path, "kontum", "district", 2023))
    rows = agreement(drafted, load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml"))
    assert len(rows) == 94
    assert sum(r.agrees for r in rows) >= 76
    by = {r.code: r for r in rows}
    assert by["1.1.1"].agrees and by["1.2.1"].agrees and by["9.4"].agrees
    # the inspection plan is the library's template, with the coverage threshold to confirm
    assert by["1.3.1"].agrees and drafted.criterion("1.3.1").rule.params.threshold == Decimal(30)  # type: ignore[union-attr]
    # a dossier indicator of Bộ chỉ số 766 is a ratio capped at 80 %
    assert by["3.3.5"].agrees and drafted.criterion("3.3.5").rule.params.threshold == Decimal(80)  # type: ignore[union-attr]
    assert by["1.2.1"].drafted_types == ("BC",)


def test_held_out_criteria_from_other_frameworks(tmp_path: Path) -> None:
    path = _draft(FIXTURES / "heldout_district.tsv", tmp_path, "camau", "district", 2024)
    assert lint_framework(path) == ()
    drafted = load_framework(path)
    expected = yaml.safe_load((FIXTURES / "heldout_expected.yaml").read_text(encoding="utf-8"))["expected"]
    got = {}
    for code in expected:
        c = drafted.criterion(code)
        assert c is not None, code
        got[code] = {"archetype": c.rule.archetype.value,
                     "types": sorted({t for r in c.rule.requires if r.required for t in r.types})}
    assert got == expected
    bands = drafted.criterion("1.1.4").rule.params.steps  # type: ignore[union-attr]
    assert [(s.at_least, s.fraction, s.strict) for s in bands] == [
        (Decimal(90), Decimal(1), True), (Decimal(70), Decimal("0.5"), False)]
    meetings = drafted.criterion("2.1").rule.params.steps  # type: ignore[union-attr]
    assert [(s.at_least, s.fraction) for s in meetings][:2] == [(Decimal(4), Decimal(1)), (Decimal(3), Decimal("0.75"))]


def test_a_new_level_drafts_the_tree_the_hand_edited_framework_keeps(tmp_path: Path) -> None:
    table = ROOT / "sample_evidence" / "sonla-commune-2025" / "assessment.tsv"
    path = _draft(table, tmp_path, "sonla", "commune", 2025, "2712/QĐ-UBND 31/10/2025")
    assert lint_framework(path) == ()
    drafted = load_framework(path)
    final = load_framework(ROOT / "rules" / "sonla" / "commune-2025.yaml")
    assert [(c.code, c.max_score, c.kind) for c in drafted.criteria] == [(c.code, c.max_score, c.kind)
                                                                           for c in final.criteria]
    assert drafted.decision is not None and final.decision is not None
    assert (drafted.decision.number, drafted.decision.date) == (final.decision.number, final.decision.date)


def test_decision_text() -> None:
    assert parse_decision("2712/QĐ-UBND 31/10/2025") == {"number": "2712/QĐ-UBND", "date": "2025-10-31"}
    assert parse_decision("2211/QĐ-UBND ngày 31/8/2025")["date"] == "2025-08-31"
    with pytest.raises(ValueError):
        parse_decision("2712/QĐ-UBND")


def test_the_command_writes_a_file_that_lints_clean(tmp_path: Path) -> None:
    out = tmp_path / "quangngai" / "commune-2026.yaml"
    done = subprocess.run([sys.executable, "-m", "cli.main", "rules", "draft", str(SEED), "--province", "Quảng Ngãi",
                           "--level", "commune", "--year", "2026", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "lints clean" in done.stderr and out.is_file()
    assert load_framework(out).id == "quangngai/commune-2026"
    bad = subprocess.run([sys.executable, "-m", "cli.main", "rules", "draft", str(SEED), "--province", "Atlantis",
                          "--level", "commune", "--year", "2026"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Atlantis" in bad.stderr
    assert "Traceback" not in bad.stderr
