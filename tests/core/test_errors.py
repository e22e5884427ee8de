from typing import Any

import pytest

from verifier import errors


def _leaf_classes() -> list[type[errors.VerifierError]]:
    out: list[type[errors.VerifierError]] = []
    stack: list[type[errors.VerifierError]] = [errors.VerifierError]
    while stack:
        cls = stack.pop()
        subs = cls.__subclasses__()
        stack.extend(subs)
        if not subs:
            out.append(cls)
    return out


def test_codes_are_unique_and_stable_shape() -> None:
    codes = [cls.code for cls in _leaf_classes()]
    assert len(codes) == len(set(codes))
    assert all(c.startswith("E_") and c.upper() == c for c in codes)


@pytest.mark.parametrize("cls", _leaf_classes(), ids=lambda c: c.__name__)
def test_every_error_names_the_file_in_both_languages(cls: type[errors.VerifierError]) -> None:
    params: dict[str, Any] = {"size": 1, "limit": 2, "pages": 3, "pixels": 4, "kind": "x", "page": 5, "attempts": 3,
              "entry": "../a.pdf"}
    err = cls("Kế hoạch 45.pdf", **params)
    line = err.one_line()
    assert "\n" not in line
    assert line.startswith(f"[{cls.code}]")
    assert err.message_vi.count("Kế hoạch 45.pdf") == 1
    assert err.message_en.count("Kế hoạch 45.pdf") == 1
    assert err.message_vi != err.message_en


def test_a_missing_parameter_never_breaks_the_message() -> None:
    err = errors.OcrTimeout("scan.pdf")
    assert "scan.pdf" in err.one_line() and "?" in err.message_en
