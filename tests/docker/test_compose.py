"""docker-compose.yml, started for real: a Docker engine, the images built from this checkout, the
four containers. Run by scripts/compose-test, which installs Docker when missing, starts the
engine, prepares the base image and the wheelhouse, and sets VERIFIER_COMPOSE_TEST=1.

The stack runs with the compose file's own settings (production time limits, visibility timeout,
attempts); only the secrets, the published port and the project name come from the test.
The tests run in file order and share one stack: secrets refused, health, readers in the image,
worker confinement, a submission over HTTP with a worker restart mid-run compared with the
embedded ``verifier check``, the audit chain checked inside the API container, volumes across
``down`` / ``up``. Timings go to test-artifacts/compose-test.json (the README quotes them).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.service.stack import REPO, SAMPLE, free_port, small_submission

pytestmark = [pytest.mark.docker, pytest.mark.slow]

if os.environ.get("VERIFIER_COMPOSE_TEST") != "1":
    pytest.skip("needs a Docker engine and prepared images: run scripts/compose-test", allow_module_level=True)

COMPOSE_FILE = REPO / "docker-compose.yml"
DEBIAN_OVERRIDE = REPO / "docker" / "compose.debian.yml"
SERVICES = ("postgres", "redis", "api", "worker")
TIMINGS = REPO / "test-artifacts" / "compose-test.json"
VERIFIER = str(Path(sys.executable).with_name("verifier"))
HEALTH_TIMEOUT_S = 600.0
RUN_TIMEOUT_S = 1500.0


def _record(**figures: float) -> None:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS.read_text(encoding="utf-8")) if TIMINGS.is_file() else {}
    data.update({k: round(v, 1) for k, v in figures.items()})
    TIMINGS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


class Compose:
    """One compose project: the binary the machine has (v2 plugin or docker-compose 1.29)."""

    def __init__(self, project: str, env: dict[str, str]) -> None:
        self.project = project
        self.env = env
        self.url = f"http://127.0.0.1:{env.get('VERIFIER_API_PORT', '8000')}"
        binary = shlex.split(os.environ.get("VERIFIER_COMPOSE", "docker-compose"))
        files = ["-f", str(COMPOSE_FILE)]
        if os.environ.get("VERIFIER_DOCKER_OFFLINE", "1") == "1":
            files += ["-f", str(DEBIAN_OVERRIDE)]
        self.base = [*binary, "-p", project, *files]

    def run(self, *args: str, check: bool = True, timeout: float = 900,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*self.base, *args], cwd=REPO, env=env or self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"compose {' '.join(args)} exited {done.returncode}:\n"
                                 f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def exec(self, service: str, *cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("exec", "-T", service, *cmd, check=check, timeout=300)

    def container(self, service: str) -> str:
        cid = self.run("ps", "-q", service).stdout.strip()
        assert cid, f"no container for {service}"
        return cid

    def inspect(self, service: str) -> dict[str, Any]:
        out = subprocess.run(["docker", "inspect", self.container(service)], capture_output=True, text=True,
                             check=True).stdout
        data = json.loads(out)[0]
        assert isinstance(data, dict)
        return data

    def health(self, service: str) -> str:
        state = self.inspect(service)["State"]
        return str(state.get("Health", {}).get("Status", "none")) if state.get("Running") else "stopped"

    def wait_healthy(self, services: tuple[str, ...] = SERVICES) -> float:
        start = time.monotonic()
        while time.monotonic() - start < HEALTH_TIMEOUT_S:
            states = {s: self.health(s) for s in services}
            if all(v == "healthy" for v in states.values()):
                return time.monotonic() - start
            time.sleep(2)
        logs = self.run("logs", "--tail", "40", check=False).stdout
        raise AssertionError(f"not healthy after {HEALTH_TIMEOUT_S}s: {states}\n{logs[-6000:]}")

    def project_objects(self) -> dict[str, list[str]]:
        label = f"label=com.docker.compose.project={self.project}"
        found = {}
        for kind, cmd in (("containers", ["ps", "-aq"]), ("volumes", ["volume", "ls", "-q"]),
                          ("networks", ["network", "ls", "-q"])):
            out = subprocess.run(["docker", *cmd, "--filter", label], capture_output=True, text=True,
                                 check=True).stdout
            found[kind] = out.split()
        return found


def _compose_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VERIFIER_", "COMPOSE_")) and k not in ("DATABASE_URL", "POSTGRES_PASSWORD",
                                                                      "REDIS_PASSWORD")}
    env["BASE_IMAGE"] = os.environ.get("BASE_IMAGE", "debian:bookworm-slim")
    env.update(extra)
    return env


@dataclass
class Embedded:
    """`verifier check` of the sample, run in this checkout while the images build."""

    proc: subprocess.Popen[bytes]
    path: Path

    def report(self) -> dict[str, Any]:
        assert self.proc.wait(timeout=RUN_TIMEOUT_S) == 0, "verifier check failed"
        data = json.loads(self.path.read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        return data


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    tmp = tmp_path_factory.mktemp("embedded")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFIER_")}
    env["VERIFIER_CACHE_DIR"] = str(tmp / "cache")            # cold: nothing read before
    with (tmp / "report.json").open("wb") as out:
        proc = subprocess.Popen([VERIFIER, "check", str(SAMPLE), "--format", "json"], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.DEVNULL)
    yield Embedded(proc, tmp / "report.json")
    if proc.poll() is None:
        proc.kill()
    proc.wait()


@pytest.fixture(scope="module")
def stack(embedded: Embedded) -> Iterator[Compose]:
    project = os.environ.get("VERIFIER_COMPOSE_PROJECT") or f"pvtest{secrets.token_hex(3)}"
    port = free_port()
    compose = Compose(project, _compose_env(POSTGRES_PASSWORD=secrets.token_urlsafe(24),
                                            REDIS_PASSWORD=secrets.token_urlsafe(24),
                                            VERIFIER_API_PORT=str(port)))
    try:
        start = time.monotonic()
        compose.run("build", timeout=3600)
        _record(compose_build_s=time.monotonic() - start)
        start = time.monotonic()
        compose.run("up", "-d", timeout=HEALTH_TIMEOUT_S)
        compose.wait_healthy()
        _record(up_to_healthy_s=time.monotonic() - start)
        yield compose
    finally:
        compose.run("down", "-v", "--remove-orphans", "--timeout", "60", check=False)
        left = compose.project_objects()
        assert not any(left.values()), f"compose down left {left}"


def _mem_limit_bytes() -> int:
    raw = str(yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))["services"]["worker"]["mem_limit"])
    match = re.fullmatch(r"(\d+)([kmg]?)b?", raw.lower())
    assert match, raw
    number, unit = match.groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def _evidence_count() -> int:
    return sum(1 for p in (SAMPLE / "evidence").rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["POSTGRES_PASSWORD", "REDIS_PASSWORD"])
def test_compose_refuses_to_start_without_a_secret(missing: str) -> None:
    project = f"pvnosecret{secrets.token_hex(3)}"
    secrets_set = {"POSTGRES_PASSWORD": "p" * 20, "REDIS_PASSWORD": "r" * 20}
    for value in ("", None):        # empty counts as unset
        env = _compose_env(**{k: v for k, v in secrets_set.items() if k != missing})
        if value is not None:
            env[missing] = value
        compose = Compose(project, env)
        done = compose.run("up", "-d", "--no-build", check=False, timeout=120)
        assert done.returncode != 0
        assert missing in done.stderr + done.stdout
        assert compose.project_objects()["containers"] == [], "a container was created without the secret"


def test_every_service_has_a_health_check_and_is_healthy(stack: Compose) -> None:
    # "none" would mean no health check: compose would then start dependants without waiting.
    assert {s: stack.health(s) for s in SERVICES} == dict.fromkeys(SERVICES, "healthy")


def _seconds(value: str) -> float:
    match = re.fullmatch(r"(\d+)(s|m)", value)
    assert match, value
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


@pytest.mark.parametrize("dependency", ["postgres", "redis"])
def test_api_health_follows_the_database_and_the_broker(stack: Compose, dependency: str) -> None:
    # /health is readiness (503 without the database or the broker) and /live liveness (docs/service.md);
    # an API from before that split has no /live and only liveness to offer.
    if httpx.get(f"{stack.url}/live", timeout=10).status_code == 404:
        pytest.skip("this API's /health is liveness only: no readiness to follow")
    check = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))["services"]["api"]["healthcheck"]
    bound = (_seconds(check["interval"]) + _seconds(check["timeout"])) * (check["retries"] + 1) + 30
    stack.run("stop", dependency)
    try:
        start = time.monotonic()
        while stack.health("api") != "unhealthy":
            assert time.monotonic() - start < bound, f"the API stayed healthy without {dependency}"
            time.sleep(2)
    finally:
        stack.run("start", dependency)
    stack.wait_healthy()


def test_the_image_reads_what_the_workers_need(stack: Compose, tmp_path: Path) -> None:
    langs = stack.exec("worker", "tesseract", "--list-langs").stdout.split()
    assert {"vie", "osd"} <= set(langs)
    assert stack.exec("worker", "pdftoppm", "-v", check=False).returncode == 0
    # A legacy .doc made in the worker by LibreOffice from a sample DOCX, then read by the reader
    # (LibreOffice again) under the worker's read-only root: same identity as the DOCX read here.
    docx = sorted((SAMPLE / "evidence").rglob("*.docx"))[0]
    worker = stack.container("worker")
    subprocess.run(["docker", "exec", "-i", worker, "sh", "-c", "cat > /tmp/probe.docx"],
                   input=docx.read_bytes(), check=True, capture_output=True)
    stack.exec("worker", "soffice", "--headless", "--norestore", "-env:UserInstallation=file:///tmp/lo-probe",
               "--convert-to", "doc", "--outdir", "/tmp", "/tmp/probe.docx")
    in_image = json.loads(stack.exec("worker", "verifier", "extract", "/tmp/probe.doc", "--format", "json").stdout)
    here = json.loads(subprocess.run([VERIFIER, "extract", str(docx), "--format", "json"], cwd=REPO,
                                     capture_output=True, text=True, check=True).stdout)
    fields = ("number", "type", "issuer", "date")
    got = in_image[0] if isinstance(in_image, list) else in_image
    want = here[0] if isinstance(here, list) else here
    assert want.get("number"), want
    assert {f: got.get(f) for f in fields} == {f: want.get(f) for f in fields}


def test_worker_root_is_read_only_and_memory_is_capped(stack: Compose) -> None:
    info = stack.inspect("worker")
    assert info["HostConfig"]["ReadonlyRootfs"] is True
    assert info["HostConfig"]["Memory"] == _mem_limit_bytes()
    touch = stack.exec("worker", "touch", "/app/probe", check=False)
    assert touch.returncode != 0 and "Read-only file system" in touch.stderr
    assert stack.exec("worker", "touch", "/srv/verifier/probe", check=False).returncode != 0   # evidence is ro
    assert stack.exec("worker", "touch", "/tmp/probe", check=False).returncode == 0
    limit = stack.exec("worker", "sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null "
                       "|| cat /sys/fs/cgroup/memory/memory.limit_in_bytes").stdout.strip()
    assert int(limit) == _mem_limit_bytes()


def _token(stack: Compose, *args: str) -> str:
    out = stack.exec("api", "verifier", "token", "create", *args).stdout
    match = re.search(r"\bpv_\S+", out)
    assert match, out
    return match.group(0)


STATE: dict[str, Any] = {}


def test_submission_survives_a_worker_restart_and_matches_the_embedded_check(
        stack: Compose, embedded: Embedded, tmp_path: Path) -> None:
    url = stack.url
    token = _token(stack, "--role", "unit", "--unit", "Huyện Kon Rẫy")
    out, err = tmp_path / "report.json", tmp_path / "submit.err"
    start = time.monotonic()
    with out.open("wb") as fo, err.open("wb") as fe:
        submit = subprocess.Popen([VERIFIER, "submit", str(SAMPLE), "--server", url, "--token", token,
                                   "--wait", str(int(RUN_TIMEOUT_S)), "--interval", "1"],
                                  cwd=REPO, stdout=fo, stderr=fe)
    try:
        sub_id = _wait_for_id(err, submit)
        headers = {"Authorization": f"Bearer {token}"}
        # Restart the worker as soon as the run is under way: some files read, most not.
        while True:
            body = httpx.get(f"{url}/submissions/{sub_id}", headers=headers, timeout=30).json()
            done, total = body["progress"]["files_done"], body["progress"]["files_total"]
            if body["status"] == "done":
                raise AssertionError("the run ended before the worker could be restarted")
            if done >= 1:
                break
            assert time.monotonic() - start < RUN_TIMEOUT_S, body
            time.sleep(0.5)
        before = stack.inspect("worker")["State"]["StartedAt"]
        t0 = time.monotonic()
        stack.run("restart", "worker", timeout=900)
        restart_s = time.monotonic() - t0
        after = stack.inspect("worker")["State"]["StartedAt"]
        assert after != before, "the worker container was not restarted"
        mid = httpx.get(f"{url}/submissions/{sub_id}", headers=headers, timeout=30).json()
        assert submit.wait(timeout=RUN_TIMEOUT_S) == 0, err.read_text(encoding="utf-8")
    finally:
        if submit.poll() is None:
            submit.kill()
    submit_to_report = time.monotonic() - start
    _record(submit_to_report_with_restart_s=submit_to_report, worker_restart_s=restart_s)
    print(f"restarted the worker at {done}/{total} files ({restart_s:.1f} s); "
          f"after the restart {mid['progress']['files_done']}/{total}; report after {submit_to_report:.1f} s")

    report = json.loads(out.read_text(encoding="utf-8"))
    final = httpx.get(f"{url}/submissions/{sub_id}", headers=headers, timeout=30).json()
    assert final["status"] == "done"
    assert final["progress"] == {"files_done": _evidence_count(), "files_total": _evidence_count()}
    assert final["quarantined"] == []
    assert [r["status"] for r in final["runs"]] == ["done"]

    assert report["submission"]["id"] == sub_id
    in_process = embedded.report()
    assert report["totals"] == in_process["totals"]
    served = {k: v for k, v in report.items() if k != "submission"}
    assert served == in_process        # criteria, findings, deductions, files: the same report
    STATE.update(token=token, sub_id=sub_id, report=report)


def _wait_for_id(err: Path, proc: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        match = re.search(r"submission id: (\w+)", err.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
        assert proc.poll() is None, err.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.2)
    raise AssertionError("verifier submit printed no submission id")


def _audit_entries(stack: Compose) -> int:
    done = stack.exec("api", "verifier", "audit", "verify", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    match = re.search(r"OK: (\d+) entries", done.stdout)
    assert match, done.stdout
    return int(match.group(1))


def test_audit_chain_verifies_inside_the_api_container(stack: Compose) -> None:
    assert STATE, "needs the submission test"
    assert _audit_entries(stack) > _evidence_count()     # at least one entry per stored file


def test_volumes_survive_down_and_up(stack: Compose, tmp_path: Path) -> None:
    assert STATE, "needs the submission test"
    url = stack.url
    headers = {"Authorization": f"Bearer {STATE['token']}"}
    probe = secrets.token_hex(8)
    stack.exec("redis", "redis-cli", "SET", "compose-test:probe", probe)
    blobs = stack.exec("api", "sh", "-c", "find /srv/verifier/blobs -type f | wc -l").stdout.strip()
    entries = _audit_entries(stack)

    start = time.monotonic()
    stack.run("down", "--timeout", "60")
    left = stack.project_objects()
    assert left["containers"] == [] and len(left["volumes"]) == 3, left
    stack.run("up", "-d", timeout=HEALTH_TIMEOUT_S)
    stack.wait_healthy()
    _record(down_up_to_healthy_s=time.monotonic() - start)

    # PostgreSQL: the token and the report; the evidence volume: the blobs; Redis: the AOF.
    again = httpx.get(f"{url}/submissions/{STATE['sub_id']}/report", headers=headers, timeout=60)
    assert again.status_code == 200, again.text
    assert again.json()["totals"] == STATE["report"]["totals"]
    assert stack.exec("api", "sh", "-c", "find /srv/verifier/blobs -type f | wc -l").stdout.strip() == blobs
    assert stack.exec("redis", "redis-cli", "GET", "compose-test:probe").stdout.strip() == probe
    assert _audit_entries(stack) > entries            # the chain goes on from where it was

    # And the restarted stack still works end to end: a new upload, read by the worker.
    folder = small_submission(tmp_path / "small", count=3)
    done = subprocess.run([VERIFIER, "submit", str(folder), "--server", url, "--token", STATE["token"],
                           "--wait", "600"], cwd=REPO, capture_output=True, text=True, timeout=700)
    assert done.returncode == 0, done.stderr
    small = json.loads(done.stdout)
    # Every uploaded file is in the report and was read (the report may also list earlier files of
    # the same unit and year, when the service files the upload as a further round).
    uploaded = {str(p.relative_to(folder)) for p in (folder / "evidence").rglob("*") if p.is_file()}
    listed = {f["file"]: f["error_code"] for f in small["files"]}
    assert {name: listed.get(name, "missing") for name in uploaded} == dict.fromkeys(uploaded)
