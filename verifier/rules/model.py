"""A criteria framework as loaded from a rule file: the tree, and what each criterion requires.

Everything year-specific is a relative date (:class:`DateExpr`) resolved against the assessment
year, so a new year is a new metadata block, not new code. Thresholds that the council never
confirmed live here as parameters with their confidence tag, never as literals in the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Archetype(StrEnum):
    """How a criterion's score is computed (domain.md, 'Scoring archetypes')."""

    BINARY_BY_DEADLINE = "binary_by_deadline"
    CHECKLIST = "checklist"
    LINEAR_RATIO = "linear_ratio"
    WEIGHTED_TASK_COMPLETION = "weighted_task_completion"
    THRESHOLD_CAPPED_RATIO = "threshold_capped_ratio"
    HARD_THRESHOLD = "hard_threshold"
    NO_VIOLATION = "no_violation"
    NOT_ASSESSED = "not_assessed"
    MANUAL_REVIEW = "manual_review"
    DEDUCTION = "deduction"
    SUM = "sum"


class Confidence(StrEnum):
    """How sure we are of a rule, with domain.md's tags."""

    SEED = "SEED"
    SEED_ARITH = "SEED-ARITH"
    V = "V"
    BG = "BG"
    UNKNOWN = "UNKNOWN"


class DeadlineMode(StrEnum):
    ON_OR_BEFORE = "on_or_before"   # the deadline day itself is on time
    BEFORE = "before"               # strictly before
    AMBIGUOUS = "ambiguous"         # "trước ngày 31/12": on time, but the day itself is flagged


@dataclass(frozen=True)
class DateExpr:
    """A date relative to the assessment year Y: "{Y-1}-12-31" is (-1, 12, 31)."""

    year_offset: int
    month: int
    day: int

    def resolve(self, year: int) -> dt.date:
        return dt.date(year + self.year_offset, self.month, self.day)

    def __str__(self) -> str:
        y = "Y" if self.year_offset == 0 else f"Y{self.year_offset:+d}"
        return f"{{{y}}}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Period:
    start: DateExpr
    end: DateExpr

    def resolve(self, year: int) -> tuple[dt.date, dt.date]:
        return self.start.resolve(year), self.end.resolve(year)


@dataclass(frozen=True)
class Deadline:
    date: DateExpr
    mode: DeadlineMode = DeadlineMode.ON_OR_BEFORE
    text: str = ""                   # as the guidance words it, for messages


@dataclass(frozen=True)
class Topic:
    """Topic phrases, matched on accent-folded text (verifier.text.fold) with rapidfuzz.

    A phrase matches when it occurs as whole words, or when ``scorer`` (a rapidfuzz.fuzz function
    name) scores it at least ``threshold`` against the text. ``none`` phrases are matched as
    whole words only, because fuzzy scores cannot tell "quý I" from "quý III".
    """

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    scorer: str = "partial_ratio"
    processor: str = "fold"
    threshold: float = 85.0


@dataclass(frozen=True)
class IssuerRule:
    """Who must have issued the document: keywords on the folded issuer line, or issuer codes."""

    any: tuple[str, ...] = ()        # "uy ban nhan dan huyen", "ubnd huyen"
    none: tuple[str, ...] = ()       # "tinh" for a district-level document
    codes: tuple[str, ...] = ()      # issuer code of the number: "UBND"
    label: str = ""                  # "UBND huyện", for messages


@dataclass(frozen=True)
class Requirement:
    """One document (or kind of document) a criterion needs."""

    id: str
    label: str                               # what to upload, in Vietnamese
    types: tuple[str, ...] = ()              # acceptable type codes: KH, BC, QĐ, TB, CV, TTr, ...
    wrong_types: tuple[str, ...] = ()        # types that look like it but do not count (TTr for QĐ)
    issuer: IssuerRule | None = None
    topic: Topic | None = None
    count: int = 1
    period: Period | None = None             # the document date must fall inside
    deadline: Deadline | None = None
    required: bool = True                    # False: its absence is a manual check, not an error


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str
    keywords: tuple[str, ...]                # any one of them proves the item
    points: Decimal | None = None


@dataclass(frozen=True)
class Params:
    """Archetype parameters. Unset means 'not used by this archetype'."""

    threshold: Decimal | None = None         # percent, for the threshold archetypes
    late_weight: Decimal | None = None       # weighted_task_completion
    tolerance: Decimal = Decimal("1.0")      # percentage points a declared figure may differ
    contradiction: Decimal | None = None     # 9.1(a) points
    instructions: Decimal | None = None      # 9.1(b) points
    cap: Decimal | None = None               # largest total deduction
    per_item: Decimal | None = None          # 9.4/9.5 points per task


@dataclass(frozen=True)
class Opinions:
    """Drafted council opinions; ``{missing}`` and ``{Y}`` are filled in."""

    pass_: str = ""
    fail: str = ""


@dataclass(frozen=True)
class Rule:
    archetype: Archetype
    confidence: Confidence
    source: str
    requires: tuple[Requirement, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    checklist_scope: str = "documents"      # where checklist items are looked for: documents | explanation
    params: Params = Params()
    not_assessed_when: tuple[str, ...] = ()  # phrases in the explanation/opinion that drop the criterion
    also_from: tuple[str, ...] = ()          # other criteria whose evidence this one may use
    statistic: str | None = None             # row code in the system statistics workbook
    data_window: Period | None = None        # the period system figures must cover
    counts: tuple[str, ...] = ()             # 9.1: criteria findings counted for the deduction
    expects: str = ""                        # for manual review: what the council should look at
    opinions: Opinions = Opinions()


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max_score: Decimal
    rule: Rule
    line: int = 0                            # line in the rule file, for messages

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


@dataclass(frozen=True)
class Integrity:
    """Framework-wide parameters of the evidence integrity checks (docs/evidence.md)."""

    # Days a document may be signed after its printed date before it counts as backdated. UNKNOWN:
    # no council has stated one; 3 days covers a weekend between printing and the văn thư's signature.
    signing_tolerance_days: int = 3


@dataclass(frozen=True)
class Framework:
    id: str                                  # "kontum/district-2023"
    province: str
    level: str
    year: int
    version: str
    title: str
    sources: tuple[str, ...]
    window: Period                           # the assessment year
    appraisal_cutoff: DateExpr
    criteria: tuple[Criterion, ...]
    path: str = ""
    integrity: Integrity = Integrity()
    _index: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.code: c for c in self.criteria})

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def criterion(self, code: str) -> Criterion | None:
        return self._index.get(code)

    def children(self, code: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.parent == code)

    def is_leaf(self, code: str) -> bool:
        return not self.children(code)

    def cutoff(self, year: int | None = None) -> dt.date:
        return self.appraisal_cutoff.resolve(year or self.year)
