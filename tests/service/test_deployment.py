"""The deployment files' structure (there is no Docker engine on the test machine, so the compose
file is checked as data: services, health checks, start order, volumes, secrets without defaults)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.service.stack import REPO

pytestmark = pytest.mark.service

COMPOSE = REPO / "docker-compose.yml"


def _compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_has_the_four_services_with_health_checks() -> None:
    services = _compose()["services"]
    assert isinstance(services, dict)
    assert set(services) == {"api", "worker", "redis", "postgres"}
    for name, svc in services.items():
        assert "test" in svc.get("healthcheck", {}), f"{name} has no health check"


def test_compose_start_order_waits_for_healthy_dependencies() -> None:
    services = _compose()["services"]
    assert isinstance(services, dict)
    for name in ("api", "worker"):
        deps = services[name]["depends_on"]
        assert {"postgres", "redis"} <= set(deps)
        assert all(dep["condition"] == "service_healthy" for dep in deps.values()), name


def test_compose_keeps_evidence_and_state_in_volumes() -> None:
    data = _compose()
    services = data["services"]
    assert isinstance(services, dict)
    assert any(str(v).startswith("evidence:") for v in services["api"]["volumes"])
    assert any(str(v).startswith("evidence:") for v in services["worker"]["volumes"])
    assert {"evidence", "pgdata", "redisdata"} <= set(data["volumes"])
    assert "--appendonly" in services["redis"]["command"]


def test_compose_secrets_have_no_defaults() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for secret in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", text)
        assert uses, secret
        assert all(u.startswith(":?") for u in uses), f"{secret} has a default or no guard: {uses}"


def test_dockerfile_installs_tesseract_vie_and_poppler() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "tesseract-ocr-vie" in text and "poppler-utils" in text
    assert re.search(r"^USER (?!root)\S+", text, re.M), "the image must not run as root"
