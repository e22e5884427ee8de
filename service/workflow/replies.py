"""The unit's explanations (giải trình bổ sung): per criterion, text and files, while the council
waits for them after round 1. Round 2 shows each criterion's round-1 score and opinion, the reply,
and the files sent with it. Replies are kept as written; a second reply adds to the first."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.auth.tokens import Principal
from service.storage.models import Reply, Submission
from service.workflow.dossiers import DossierStatus, WorkflowError, status_of

MAX_TEXT = 10_000


def record_reply(session: Session, sub: Submission, principal: Principal, *, criterion: str, text: str,
                 files: list[str], version_id: int | None) -> Reply:
    if status_of(sub) is not DossierStatus.AWAITING_REPLY:
        raise WorkflowError("E_STATUS", "Chỉ giải trình được khi Hội đồng đề nghị giải trình",
                            "Explanations are taken only while the council awaits them")
    body = text.strip()
    if len(body) > MAX_TEXT:
        raise WorkflowError("E_REPLY", f"Giải trình dài quá {MAX_TEXT} ký tự", f"Over {MAX_TEXT} characters")
    if not body and not files:
        raise WorkflowError("E_REPLY", "Cần nội dung giải trình hoặc tệp kèm theo",
                            "An explanation needs text or a file")
    reply = Reply(submission_id=sub.id, criterion=criterion, text=body, files=json.dumps(files, ensure_ascii=False),
                  round_id=version_id, author=principal.actor)
    session.add(reply)
    session.flush()
    append(session, Action.REPLY_RECORDED, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
           criterion=criterion, details={"text": body, "files": files, "reply": reply.id})
    return reply


def replies_of(session: Session, submission_id: str) -> dict[str, list[Reply]]:
    out: dict[str, list[Reply]] = defaultdict(list)
    for r in session.execute(select(Reply).where(Reply.submission_id == submission_id).order_by(Reply.id)).scalars():
        out[r.criterion].append(r)
    return dict(out)


def files_of(reply: Reply) -> list[str]:
    value = json.loads(reply.files or "[]")
    return [str(v) for v in value] if isinstance(value, list) else []
