"""rules/provinces.yaml: the 34 provincial units since the 2025 merger, their history, unit levels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from verifier.errors import RuleError
from verifier.rules import lint_framework, load_registry
from verifier.rules.registry import registry_problems

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "rules" / "provinces.yaml"

# Written from the annex of Nghị quyết 60-NQ/TW as printed by the press (not from the registry file):
# the 23 receiving provinces and the number of provinces each absorbed.
MERGED = {"tuyenquang": 1, "laocai": 1, "thainguyen": 1, "phutho": 2, "bacninh": 1, "hungyen": 1, "haiphong": 1,
          "ninhbinh": 2, "quangtri": 1, "danang": 1, "quangngai": 1, "gialai": 1, "khanhhoa": 1, "lamdong": 2,
          "daklak": 1, "hochiminh": 2, "dongnai": 1, "tayninh": 1, "cantho": 2, "vinhlong": 2, "dongthap": 1,
          "camau": 1, "angiang": 1}


def test_the_registry_lints_clean() -> None:
    assert lint_framework(REGISTRY) == ()


def test_34_units_since_the_merger_and_63_before() -> None:
    reg = load_registry()
    assert sum(p.existed_in(2026) for p in reg.provinces) == 34
    assert sum(p.existed_in(2024) for p in reg.provinces) == 63
    for key, n in MERGED.items():
        p = reg.province(key)
        assert p is not None and len(p.absorbed) == n, key


def test_kon_tum_history_is_data() -> None:
    reg = load_registry()
    kontum = reg.province("Tỉnh Kon Tum")
    assert kontum is not None and kontum.merged_into == "quangngai" and kontum.until == dt.date(2025, 6, 30)
    assert reg.successor("kontum", 2024).key == "kontum"  # type: ignore[union-attr]
    # merged on 01/07/2025: Quảng Ngãi appraises 2025 for every unit (a transition year), although
    # Kon Tum still existed on 1 January 2025 and could have issued a 2025 framework
    assert kontum.existed_in(2025) and not kontum.appraises(2025)
    assert reg.successor("kontum", 2025).key == "quangngai"  # type: ignore[union-attr]
    assert reg.successor("kontum", 2026).key == "quangngai"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "key"), [
    ("Thừa Thiên Huế", "hue"), ("Thành phố Hồ Chí Minh", "hochiminh"), ("TP. HCM", "hochiminh"),
    ("tỉnh Sơn La", "sonla"), ("BA RIA - VUNG TAU", "bariavungtau"), ("Đắk Lắk", "daklak"),
])
def test_province_by_any_name(name: str, key: str) -> None:
    p = load_registry().province(name)
    assert p is not None and p.key == key


@pytest.mark.parametrize(("unit", "level"), [
    ("Huyện Kon Rẫy", "district"), ("Thị xã Buôn Hồ", "district"), ("UBND thành phố Kon Tum", "district"),
    ("Xã Mường Mẫu", "commune"), ("Phường Tô Hiệu", "commune"), ("Đặc khu Phú Quốc", "commune"),
    ("Sở Tư pháp tỉnh Sơn La", "department"), ("Trung tâm Phục vụ hành chính công", "public_service_unit"),
    ("Công ty ABC", None),
])
def test_level_of_unit_comes_from_the_levels_list(unit: str, level: str | None) -> None:
    assert load_registry().level_of_unit(unit) == level


@pytest.mark.parametrize(("unit", "key"), [
    ("Huyện Kon Rẫy", "kontum"), ("UBND xã Đăk Kôi", "kontum"), ("Sở Tư pháp tỉnh Sơn La", "sonla"),
    ("Xã Mường Mẫu", None),
])
def test_province_of_a_unit(unit: str, key: str | None) -> None:
    p = load_registry().province_of_unit(unit)
    assert (p.key if p else None) == key


def test_an_inconsistent_history_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    kontum = next(p for p in data["provinces"] if p["key"] == "kontum")
    kontum["merged_into"] = "gialai"                     # but gialai does not list it as absorbed
    data["provinces"].append({"key": "sonla", "name": "Sơn La bis", "type": "tinh"})
    problems = registry_problems(data)
    assert "kontum: merged into gialai, but gialai does not list it under absorbed" in problems
    assert "quangngai: absorbs kontum, but kontum is not merged_into quangngai" in problems
    assert "provinces: key sonla appears twice" in problems
    (tmp_path / "provinces.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_registry(tmp_path)
    assert "gialai" in err.value.message_en


def test_a_schema_error_in_the_registry_has_its_line(tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8").replace("{key: sonla, name: \"Sơn La\", type: tinh",
                                                        "{key: sonla, name: \"Sơn La\", type: tỉnh")
    bad = tmp_path / "provinces.yaml"
    bad.write_text(text, encoding="utf-8")
    issues = lint_framework(bad)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "key: sonla" in ln)
    assert [(i.line, i.path) for i in issues] == [(line, f"provinces[{_index(text, 'sonla')}].type")]


def _index(text: str, key: str) -> int:
    data = yaml.safe_load(text)
    return next(i for i, p in enumerate(data["provinces"]) if p["key"] == key)
