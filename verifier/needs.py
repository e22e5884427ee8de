"""Which pages a verdict needs read in full, when scanned pages were read header-first.

A scanned page is read in its top band first (docs/reading.md, "Header-first reading"): the
identity of a document lives there. The body is read only where something needs it:

- a criterion whose rule reads the body of its documents (declared in the rule data:
  ``reading.body_text`` archetypes of the framework, or a rule's own ``body_text``), for every
  document it may rest on: those filed or assigned to it, those of its ``also_from`` criteria and
  the documents its explanation cites (the same pool the evaluation uses, score/criterion.py).
  A checklist reads fewer: the documents its requirements matched, or its whole pool when it
  requires none (score/criterion.py, ``_checklist``). Which documents those are rests on
  identities alone (type, issuer, date, trích yếu), which the bands hold, so the criterion is
  evaluated once on the header-only text and the files that evaluation rests on are read;
- two documents in different files with the same number and date, which the integrity check
  compares word by word (score/integrity.py, conflicting copies).

An identity the band could not complete is read in full at extraction already (pipeline.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from verifier.match.cited import Lookup
from verifier.match.documents import DocView
from verifier.rules.model import Archetype, Criterion
from verifier.score.context import Context

Pages = dict[str, set[int]]      # file (relative) -> page numbers to read in full


def _add(out: Pages, view: DocView) -> None:
    read = view.evidence.read
    if read is None:
        return
    first, last = view.pages
    wanted = {p.number for p in read.pages if first <= p.number <= last and not p.complete}
    if wanted:
        out[view.file].update(wanted)


def _read_by(c: Criterion, ctx: Context, pool: Sequence[DocView]) -> Sequence[DocView]:
    """The documents of ``pool`` whose body ``c``'s verdict reads."""
    from verifier.score.criterion import evaluate_leaf

    if c.rule.archetype is not Archetype.CHECKLIST:
        return pool
    try:
        rests_on = set(evaluate_leaf(c, ctx.table.row(c.code), ctx).evidence)
    except Exception:     # the evaluation will report it; meanwhile read everything it might need
        return pool
    return [v for v in pool if v.file in rests_on]


def body_pages(ctx: Context) -> Pages:
    """The header-only pages, per file, that some verdict reads the body of. ``ctx``: built by
    score.evaluate.prepare, and evaluated as it is when nothing is returned."""
    from verifier.assessment.claims import extract_claims
    from verifier.score.claims import check_citations

    out: Pages = defaultdict(set)
    if all(p.complete for e in ctx.evidence if e.read is not None for p in e.read.pages):
        return out
    framework, table = ctx.framework, ctx.table
    for c in framework.criteria:
        if not framework.is_leaf(c.code) or not framework.reads_body(c):
            continue
        row = table.row(c.code)
        text = row.explanation if row else ""
        claims = extract_claims(text) if text else None
        checks = check_citations(text, claims.citations, ctx.index, c.code) if claims else ()
        cited = [ch.view for ch in checks if ch.view is not None
                 and ch.result in (Lookup.FOUND, Lookup.TYPE_DIFFERS, Lookup.NUMBER_DIFFERS)]
        for view in _read_by(c, ctx, ctx.pool(c.code, c.rule.also_from, cited)):
            _add(out, view)
    same: dict[tuple[object, object], list[DocView]] = defaultdict(list)
    for view in ctx.assignment.views:
        if view.key is not None and view.date is not None:
            same[(view.key, view.date)].append(view)
    for views in same.values():
        if len({v.file for v in views}) > 1:
            for view in views:
                _add(out, view)
    return out
