"""Province names shown to people, and what a dossier's framework is (its id@version and the document
that decided it).

Tokens, accounts and dossiers carry a province key ("kontum"); pages and exports show its name
("Kon Tum") from the province registry (rules/provinces.yaml, verifier/rules/registry.py). A key the
registry does not know is shown as it is.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from verifier.rules.model import Framework
from verifier.rules.registry import load_registry, rules_dir

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=256)
def province_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        found = load_registry().province(code)
    except Exception:  # a broken registry must not break a page: show the key
        log.warning("province registry unreadable", exc_info=True)
        return code
    return found.name if found is not None else code


def framework_of(label: str | None) -> Framework | None:
    """The framework a report names ('kontum/district-2023@2023.1'): the rule file under rules/<province>/
    whose id and version are those of the label; None when no file has them (a framework edited since
    the run, or a label from elsewhere). The loader caches parsed files."""
    from verifier.rules.loader import load_framework

    if not label or "@" not in label or "/" not in label:
        return None
    ident, version = label.rsplit("@", 1)
    key, stem = ident.split("/", 1)
    try:
        for path in sorted((rules_dir() / key).glob(f"{stem}*.yaml")):
            framework = load_framework(path)
            if framework.id == ident and framework.version == version:
                return framework
    except Exception:  # the caller says what it cannot do without the framework
        log.warning("could not read the framework %s", label, exc_info=True)
    return None


@functools.lru_cache(maxsize=256)
def framework_document(label: str | None) -> str:
    """'sonla/department-2025@2025.1' -> '2712/QĐ-UBND 15/11/2024' (the deciding document), or ''."""
    framework = framework_of(label)
    return str(framework.decision) if framework is not None and framework.decision is not None else ""


@dataclass(frozen=True)
class FrameworkCheck:
    """Whether a dossier was scored with its own framework: the one its province (per the registry's
    history), its unit's level and its year select (verifier/rules/select.py)."""

    expected: str | None       # 'kontum/district-2023@2023.1', None when none can be selected
    used: str                  # what the report names
    why: str = ""              # why none could be selected

    @property
    def matches(self) -> bool:
        return self.expected is not None and self.expected == self.used


@functools.lru_cache(maxsize=512)
def check_framework(used: str, province: str, unit: str, year: int | None) -> FrameworkCheck:
    from verifier.errors import RuleError
    from verifier.rules.loader import level_of_unit, load_framework
    from verifier.rules.select import choose

    if year is None:
        return FrameworkCheck(None, used, "năm chưa rõ / the year is not known")
    try:
        level = level_of_unit(unit)
        chosen = choose(rules_dir(), province=province, level=level, year=year, unit=unit)
        framework = load_framework(chosen.path)
    except RuleError as exc:
        return FrameworkCheck(None, used, exc.detail or str(exc))
    except Exception as exc:  # a broken rule file must not break the page: it says so instead
        log.warning("could not select the framework of %s %s", unit, year, exc_info=True)
        return FrameworkCheck(None, used, str(exc)[:200])
    return FrameworkCheck(f"{framework.id}@{framework.version}", used)
