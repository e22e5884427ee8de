"""Evidence per criterion: upload, replace and delete files of one criterion, and what a criterion's
list shows (what the unit attached there, and what the check assigned to it by content).

Every change is a new version of the dossier's files. Uploading into a criterion files the upload
under ``evidence/<code>/`` whatever the browser's file picker did with folders, so a corrected file
with the same name replaces the old one instead of landing beside it. Deleting makes a version
without the file; the earlier versions still hold it, so nothing recorded disappears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from service.audit.log import Action, append
from service.names import clean_component
from service.storage.models import Round, RoundFile, Run, Submission
from verifier.errors import FileTooLarge, SubmissionError

CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")
CHUNK = 64 * 1024


def valid_code(code: str) -> bool:
    return bool(CODE.match(code))


def stage_criterion_files(files: list[UploadFile], staging: Path, code: str, max_bytes: int) -> list[str]:
    """Write uploads into ``staging/evidence/<code>/`` under their cleaned base names."""
    if not valid_code(code):
        raise SubmissionError("criterion", detail=f"mã tiêu chí không hợp lệ / not a criterion code: {code[:20]!r}")
    written: list[str] = []
    for upload in files:
        raw = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
        name = clean_component(raw)
        if not name:
            raise SubmissionError("evidence", detail=f"tên tệp không hợp lệ / unusable file name: {raw[:80]!r}")
        rel = f"evidence/{code}/{name}"
        target = staging / rel
        if target.exists():
            raise SubmissionError(rel, detail="tệp trùng tên / the same file name twice")
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        upload.file.seek(0)
        with target.open("wb") as out:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(rel, size=f">{max_bytes}", limit=max_bytes)
                out.write(chunk)
        written.append(rel)
    if not written:
        raise SubmissionError("upload", detail="không có tệp nào / no file in the upload")
    return written


def current_version(session: Session, submission_id: str) -> Round:
    last = session.execute(select(func.max(Round.number)).where(Round.submission_id == submission_id)).scalar_one()
    return session.execute(select(Round).where(Round.submission_id == submission_id,
                                               Round.number == last)).scalar_one()


def version_files(session: Session, round_id: int) -> list[RoundFile]:
    return list(session.execute(select(RoundFile).where(RoundFile.round_id == round_id)
                                .order_by(RoundFile.relative)).scalars())


def remove_files(session: Session, sub: Submission, relatives: set[str], *, actor: str,
                 appraisal_round: int) -> tuple[Round, Run]:
    """A new version without ``relatives`` (evidence only: the table is replaced, never removed)."""
    prev = current_version(session, sub.id)
    files = version_files(session, prev.id)
    present = {f.relative for f in files if f.role == "evidence"}
    missing = relatives - present
    if missing or not relatives:
        raise SubmissionError(sorted(missing)[0] if missing else "file",
                              detail="không có tệp này trong hồ sơ / no such evidence file in the dossier")
    rnd = Round(submission_id=sub.id, number=prev.number + 1, appraisal_round=appraisal_round)
    session.add(rnd)
    session.flush()
    kept = 0
    for f in files:
        if f.relative in relatives:
            continue
        session.add(RoundFile(round_id=rnd.id, relative=f.relative, role=f.role, sha256=f.sha256, size=f.size,
                              new_in_round=False))
        kept += f.role == "evidence"
    run = Run(submission_id=sub.id, round_id=rnd.id, files_total=kept)
    session.add(run)
    session.flush()
    for rel in sorted(relatives):
        append(session, Action.FILE_REMOVED, actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
               details={"round": rnd.number, "file": rel, "run": run.id})
    return rnd, run


class Origin(StrEnum):
    ATTACHED = "attached"            # the unit put it in this criterion's folder, and the check used it
    ASSIGNED = "assigned"            # filed elsewhere; the check assigned it here by its content
    ATTACHED_UNUSED = "unused"       # in this criterion's folder, but the check did not rest on it


@dataclass(frozen=True)
class Listed:
    relative: str
    name: str
    origin: Origin


def criterion_files(code: str, used: tuple[str, ...], relatives: list[str]) -> list[Listed]:
    """The files to list under criterion ``code``: attached there, or assigned to it by content."""
    def folder(rel: str) -> str | None:
        parts = PurePosixPath(rel).parts
        return parts[1] if len(parts) >= 3 and parts[0] == "evidence" else None

    used_set = set(used)
    out = [Listed(r, PurePosixPath(r).name, Origin.ATTACHED if folder(r) == code else Origin.ASSIGNED)
           for r in used]
    out += [Listed(r, PurePosixPath(r).name, Origin.ATTACHED_UNUSED) for r in relatives
            if folder(r) == code and r not in used_set]
    return out
