"""Turning an unpacked upload into stored rounds: blobs by content hash, rows, audit entries.

The API unpacks an upload into a private staging folder laid out like a submission folder
(``assessment.*`` at the root, ``evidence/[<code>/]<files>``), with every name already cleaned by
service/names.py. From here on only content hashes and display names travel.

A later round starts as a copy of the previous round's file list; a supplement file with the same
relative path replaces the old one, any other is added. Only contents never extracted before get
extracted again (the extraction cache is keyed by content hash).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.auth.tokens import unit_key
from service.storage.blobs import BlobStore
from service.storage.models import Blob, Round, RoundFile, Run, Submission
from verifier.errors import SubmissionError
from verifier.pipeline import SKIPPED_NAMES, collect_files
from verifier.text import one_line


def _evidence_files(staging: Path) -> list[tuple[Path, str]]:
    root = staging / "evidence"
    if not root.is_dir():
        return []
    return [(p, p.relative_to(staging).as_posix()) for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and p.name not in SKIPPED_NAMES]


def _has_table_candidate(staging: Path) -> bool:
    return any(p.is_file() and not p.name.startswith(".") for p in staging.iterdir())


def _store(session: Session, blobs: BlobStore, path: Path, relative: str, max_bytes: int) -> tuple[str, int, bool]:
    sha, size = blobs.put_file(path, name=relative, max_bytes=max_bytes)
    new = session.get(Blob, sha) is None
    if new:
        # Two uploads of the same content at once (every unit sends the same template table) both
        # find no row: the second insert meets the first's key; its blob file is the same bytes.
        try:
            with session.begin_nested():
                session.add(Blob(sha256=sha, size=size))
        except IntegrityError:
            new = False
    return sha, size, new


def _add_files(session: Session, blobs: BlobStore, sub: Submission, rnd: Round, items: list[tuple[Path, str, str]],
               actor: str, max_bytes: int) -> None:
    for path, relative, role in items:
        sha, size, new_blob = _store(session, blobs, path, relative, max_bytes)
        session.add(RoundFile(round_id=rnd.id, relative=relative, role=role, sha256=sha, size=size,
                              new_in_round=True))
        append(session, Action.FILE_STORED, actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
               details={"round": rnd.number, "file": relative, "role": role, "sha256": sha, "size": size,
                        "new_content": new_blob})


def receive_submission(session: Session, blobs: BlobStore, staging: Path, *, unit: str, province: str,
                       actor: str, max_file_bytes: int) -> tuple[Submission, Run]:
    """Round 1 of a new submission, and its queued verification run."""
    table, files = collect_files(staging)
    clean_unit = one_line(unit)
    if not clean_unit:
        raise SubmissionError("unit", detail="thiếu tên đơn vị / the unit name is missing")
    sub = Submission(id=uuid.uuid4().hex, unit=clean_unit, unit_key=unit_key(clean_unit), province=province,
                     created_by=actor)
    session.add(sub)
    session.flush()                     # no ORM relationships: parents are flushed before children
    rnd = Round(submission_id=sub.id, number=1)
    session.add(rnd)
    session.flush()
    items = [(table, table.relative_to(staging).as_posix(), "table")] + [(p, rel, "evidence") for p, rel in files]
    _add_files(session, blobs, sub, rnd, items, actor, max_file_bytes)
    run = Run(submission_id=sub.id, round_id=rnd.id, files_total=len(files))
    session.add(run)
    session.flush()
    append(session, Action.SUBMISSION_RECEIVED, actor, submission_id=sub.id, unit=sub.unit,
           details={"round": 1, "files": len(items), "run": run.id, "province": province})
    return sub, run


def receive_supplement(session: Session, blobs: BlobStore, staging: Path, sub: Submission, *, actor: str,
                       max_file_bytes: int) -> tuple[Round, Run]:
    """The next round: the previous file list with the supplement's files replacing or adding."""
    items: list[tuple[Path, str, str]] = []
    if _has_table_candidate(staging):
        table, _ = collect_files(staging)
        items.append((table, table.relative_to(staging).as_posix(), "table"))
    items += [(p, rel, "evidence") for p, rel in _evidence_files(staging)]
    if not items:
        raise SubmissionError("supplement", detail="không có tệp bổ sung / no supplementary file in the upload")
    last = session.execute(select(func.max(Round.number)).where(Round.submission_id == sub.id)).scalar_one()
    prev = session.execute(select(Round).where(Round.submission_id == sub.id, Round.number == last)).scalar_one()
    rnd = Round(submission_id=sub.id, number=int(last) + 1)
    session.add(rnd)
    session.flush()
    replaced = {rel for _p, rel, _role in items}
    has_new_table = any(role == "table" for _p, _rel, role in items)
    for old in session.execute(select(RoundFile).where(RoundFile.round_id == prev.id)).scalars().all():
        if old.relative in replaced or (has_new_table and old.role == "table"):
            continue
        session.add(RoundFile(round_id=rnd.id, relative=old.relative, role=old.role, sha256=old.sha256,
                              size=old.size, new_in_round=False))
    session.flush()
    _add_files(session, blobs, sub, rnd, items, actor, max_file_bytes)
    evidence_count = session.execute(select(func.count()).select_from(RoundFile).where(
        RoundFile.round_id == rnd.id, RoundFile.role == "evidence")).scalar_one()
    run = Run(submission_id=sub.id, round_id=rnd.id, files_total=int(evidence_count))
    session.add(run)
    session.flush()
    append(session, Action.SUBMISSION_RECEIVED, actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
           details={"round": rnd.number, "files": len(items), "replaced_or_added": sorted(replaced), "run": run.id})
    return rnd, run
