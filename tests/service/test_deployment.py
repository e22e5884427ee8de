"""The deployment files read as data, in every test run. The stack itself is started and tested on a
real Docker engine by scripts/compose-test (tests/docker/test_compose.py); these checks catch, without
an engine, the edits that would break it on one of the two compose versions we support."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.service.stack import REPO

pytestmark = pytest.mark.service

COMPOSE = REPO / "docker-compose.yml"
DEBIAN_OVERRIDE = REPO / "docker" / "compose.debian.yml"


def _load(path: Any) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_has_the_four_services_with_health_checks() -> None:
    services = _load(COMPOSE)["services"]
    assert set(services) == {"api", "worker", "redis", "postgres"}
    for name, svc in services.items():
        assert "test" in svc.get("healthcheck", {}), f"{name} has no health check"


def test_compose_file_keys_docker_compose_1_29_accepts() -> None:
    # Debian's docker-compose 1.29 rejects a top-level `name:` and the old `version:` 3 schema
    # would drop depends_on conditions; the project name comes from COMPOSE_PROJECT_NAME or -p.
    data = _load(COMPOSE)
    assert "name" not in data and "version" not in data
    assert {k for k in data if not k.startswith("x-")} == {"services", "volumes"}


def test_compose_start_order_waits_for_healthy_dependencies() -> None:
    services = _load(COMPOSE)["services"]
    for name in ("api", "worker"):
        deps = services[name]["depends_on"]
        assert {"postgres", "redis"} <= set(deps)
        assert all(dep["condition"] == "service_healthy" for dep in deps.values()), name
    assert services["worker"]["depends_on"]["api"]["condition"] == "service_healthy"   # migrations first


def test_compose_keeps_evidence_and_state_in_volumes() -> None:
    data = _load(COMPOSE)
    services = data["services"]
    assert "evidence:/srv/verifier" in services["api"]["volumes"]
    assert "evidence:/srv/verifier:ro" in services["worker"]["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    assert {"evidence", "pgdata", "redisdata"} <= set(data["volumes"])
    assert "--appendonly" in services["redis"]["command"]


def test_worker_is_confined() -> None:
    worker = _load(COMPOSE)["services"]["worker"]
    assert worker["read_only"] is True
    assert re.fullmatch(r"\d+[kmg]", str(worker["mem_limit"]))
    assert any(str(t).startswith("/tmp") for t in worker["tmpfs"])


def test_compose_secrets_have_no_defaults() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for secret in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", text)
        assert uses, secret
        assert all(u.startswith(":?") for u in uses), f"{secret} has a default or no guard: {uses}"


def test_debian_override_builds_the_same_services_from_the_same_base() -> None:
    base = _load(COMPOSE)["services"]
    override = _load(DEBIAN_OVERRIDE)["services"]
    assert set(override) == {"postgres", "redis"}
    for name, svc in override.items():
        assert name in base
        context = REPO / svc["build"]["context"]      # relative to the first file's folder
        assert (context / "Dockerfile").is_file(), context
        assert "BASE_IMAGE" in svc["build"]["args"]
        assert "ARG BASE_IMAGE" in (context / "Dockerfile").read_text(encoding="utf-8")


def test_dockerfile_builds_from_a_configurable_base_with_the_readers() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG BASE_IMAGE=", text, re.M) and "FROM ${BASE_IMAGE}" in text
    for package in ("libtesseract5", "tesseract-ocr-vie", "tesseract-ocr-osd", "poppler-utils",
                    "libreoffice-writer-nogui"):
        assert package in text, package
    assert "--no-index" in text                       # offline: from the wheelhouse only
    assert re.search(r"^USER (?!root)\S+", text, re.M), "the image must not run as root"
