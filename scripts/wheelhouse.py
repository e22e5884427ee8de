"""Build the image's wheelhouse: every runtime dependency of pyproject.toml as a wheel, resolved for
the image's Python, not the host's.

The host's pip resolves environment markers against the host interpreter (say 3.11.7), while the
image runs Debian's (3.11.2): a dependency such as ``async-timeout; python_full_version < "3.11.3"``
is needed there and not here. So after ``pip wheel`` on the host, the dependency closure is walked
again under the image's marker environment (printed by the image's own python3) and whatever is
missing is fetched, until the closure is complete. ``requirements.txt`` pins exactly that closure.

Usage (scripts/docker-wheelhouse calls it):
    python scripts/wheelhouse.py OUT_DIR TARGET_ENV_JSON CONSTRAINTS_TXT
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

REPO = Path(__file__).resolve().parents[1]
BUILD_TOOLS = ("setuptools>=68", "wheel")   # the image installs the project itself in editable mode


def top_level() -> list[Requirement]:
    with (REPO / "pyproject.toml").open("rb") as f:
        deps: list[str] = tomllib.load(f)["project"]["dependencies"]
    return [Requirement(d) for d in (*deps, *BUILD_TOOLS)]


def wheels(out: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in out.glob("*.whl"):
        name, _version, _build, _tags = parse_wheel_filename(path.name)
        found[canonicalize_name(name)] = path
    return found


def requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        message = Parser().parsestr(z.read(meta).decode("utf-8"))
    return [Requirement(r) for r in message.get_all("Requires-Dist") or []]


def closure(out: Path, env: dict[str, str]) -> tuple[dict[str, Path], list[Requirement]]:
    """The wheels the target needs, and the requirements no wheel in ``out`` satisfies yet."""
    have = wheels(out)
    needed: dict[str, Path] = {}
    missing: list[Requirement] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    queue: list[tuple[Requirement, str]] = [(r, "") for r in top_level()]
    while queue:
        req, extra = queue.pop()
        if req.marker is not None and not req.marker.evaluate({**env, "extra": extra}):
            continue
        name = canonicalize_name(req.name)
        wheel = have.get(name)
        if wheel is None or parse_wheel_filename(wheel.name)[1] not in req.specifier:
            missing.append(req)
            continue
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        needed[name] = wheel
        for extra_name in ("", *sorted(req.extras)):
            queue.extend((sub, extra_name) for sub in requires(wheel))
    return needed, missing


def pip_wheel(out: Path, constraints: Path, reqs: list[str], *, no_deps: bool) -> None:
    cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(out), "-c", str(constraints)]
    cmd += ["--no-deps", *reqs] if no_deps else reqs
    subprocess.run(cmd, check=True)


def main(argv: list[str]) -> int:
    out, env_file, constraints = Path(argv[1]), Path(argv[2]), Path(argv[3])
    env: dict[str, str] = json.loads(env_file.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    pip_wheel(out, constraints, [str(r) for r in top_level()], no_deps=False)
    for _round in range(20):
        needed, missing = closure(out, env)
        if not missing:
            break
        # The image needs these and the host did not: fetch them one by one (their own
        # dependencies are found on the next round).
        names = sorted({str(Requirement(f"{r.name}{r.specifier}")) for r in missing})
        print(f"wheelhouse: for the image's Python also: {', '.join(names)}", file=sys.stderr)
        pip_wheel(out, constraints, names, no_deps=True)
    else:
        print(f"wheelhouse: closure incomplete: {missing}", file=sys.stderr)
        return 1
    pins = sorted(f"{name}=={parse_wheel_filename(path.name)[1]}" for name, path in needed.items())
    (out / "requirements.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    for path in out.glob("*.whl"):                 # host-only wheels the image does not need
        if path not in needed.values():
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
