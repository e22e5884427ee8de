"""Province names shown to people, and what a dossier's framework is (its id@version and the document
that decided it).

Tokens, accounts and dossiers carry a province key ("kontum"); pages and exports show its name
("Kon Tum") from the province registry (rules/provinces.yaml, verifier/rules/registry.py). A key the
registry does not know is shown as it is.
"""

from __future__ import annotations

import functools
import logging

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


@functools.lru_cache(maxsize=256)
def framework_document(label: str | None) -> str:
    """'sonla/department-2025@2025.1' -> '2712/QĐ-UBND 15/11/2024' (the deciding document), or ''."""
    from verifier.rules.loader import load_framework

    if not label or "@" not in label or "/" not in label:
        return ""
    ident, version = label.rsplit("@", 1)
    key, stem = ident.split("/", 1)
    try:
        for path in sorted((rules_dir() / key).glob(f"{stem}*.yaml")):
            framework = load_framework(path)
            if framework.id == ident and framework.version == version and framework.decision is not None:
                return str(framework.decision)
    except Exception:  # the page shows the framework's label alone
        log.warning("could not read the framework %s", label, exc_info=True)
    return ""
