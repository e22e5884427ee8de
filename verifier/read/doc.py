"""Legacy Word .doc: converted to DOCX by LibreOffice when it is installed, else refused.

There is no pure-Python reader for the binary Word format worth trusting, so the converter is
an external program run headless in a private temp dir (its own profile, so concurrent
conversions do not fight over the user's one) and killed with its whole process group on timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from verifier.errors import CorruptFile, FileTimeout, LegacyDocUnsupported
from verifier.limits import ReadSettings
from verifier.read.docx import read_docx
from verifier.read.model import Notice, Page, PageMethod


def converter() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """The .doc converted to DOCX and read as such; pages are marked method DOC."""
    program = converter()
    if program is None:
        raise LegacyDocUnsupported(file=name, detail="LibreOffice (soffice) is not installed")
    limit = settings.limits.convert_timeout_s
    timeout = min(limit, deadline - time.monotonic())
    if timeout <= 0:
        raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
    with tempfile.TemporaryDirectory(prefix="verifier-doc-") as tmp:
        work = Path(tmp)
        source = work / "input.doc"     # a plain ASCII name: the converter derives the output name
        shutil.copyfile(path, source)
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", str(work), str(source)]
        _run(command, timeout, name, limit if timeout == limit else settings.limits.file_timeout_s)
        converted = work / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise CorruptFile(file=name, detail="LibreOffice produced no DOCX")
        pages, notices = read_docx(converted, name, settings, deadline)
    return tuple(replace(page, method=PageMethod.DOC) for page in pages), notices


def _run(command: list[str], timeout: float, name: str, limit: float) -> None:
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL, start_new_session=True) as proc:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            # soffice forks soffice.bin: kill the whole group, not just the launcher.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise FileTimeout(file=name, limit=limit) from exc
    if proc.returncode != 0:
        raise CorruptFile(file=name, detail=f"LibreOffice exit code {proc.returncode}")
