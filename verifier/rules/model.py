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
    COUNT_STEPS = "count_steps"               # 4/3/2/1 meetings -> 1/0.75/0.5/0.25 of max
    RATIO_STEPS = "ratio_steps"               # > 90 % -> max, 70-90 % -> half, below -> 0
    PENALTY_ITEMS = "penalty_items"           # so much per item, at most the cap (a penalty field)
    SURVEY = "survey"                         # scored by a sociological survey, not self-scored
    SUM = "sum"


class FieldKind(StrEnum):
    """What a criterion's points do to the total: add, add as a capped bonus, or subtract."""

    SCORE = "score"
    BONUS = "bonus"
    PENALTY = "penalty"


class NotApplicable(StrEnum):
    """What a criterion that does not apply to a unit is worth (frameworks.md 1.4)."""

    REMOVE_FROM_MAX = "remove_from_max"       # Kon Tum: its maximum leaves the total
    FULL_MARKS = "full_marks"                 # other standards: no task means full marks


class EvidenceSource(StrEnum):
    """Where a criterion's facts come from, so the check asks the unit only for what it can upload."""

    DOCUMENTS = "documents"                   # the unit uploads documents
    SYSTEM = "system"                         # system data another agency scores; nothing to upload


class Confidence(StrEnum):
    """How sure we are of a rule, with domain.md's tags."""

    SEED = "SEED"
    SEED_ARITH = "SEED-ARITH"
    V = "V"
    BG = "BG"
    UNKNOWN = "UNKNOWN"
    DRAFT = "DRAFT"          # guessed by `verifier rules draft` from the wording; nobody has checked it


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
class Step:
    """One step of a stepped score: ``at_least`` (a count or a percent) earns ``fraction`` of max.

    ``strict``: the value must be above it ("trên 90%"), not merely reach it ("từ 70%").
    """

    at_least: Decimal
    fraction: Decimal
    strict: bool = False

    def reached(self, value: Decimal) -> bool:
        return value > self.at_least if self.strict else value >= self.at_least


@dataclass(frozen=True)
class Params:
    """Archetype parameters. Unset means 'not used by this archetype'."""

    threshold: Decimal | None = None         # percent, for the threshold archetypes
    late_weight: Decimal | None = None       # weighted_task_completion
    tolerance: Decimal = Decimal("1.0")      # percentage points a declared figure may differ
    contradiction: Decimal | None = None     # deduction: points for evidence contradicting the explanation
    instructions: Decimal | None = None      # deduction: points for not following the evidence instructions
    contradiction_kinds: tuple[str, ...] = ()   # finding kinds that count as a contradiction
    instructions_kinds: tuple[str, ...] = ()    # finding kinds that count as instructions not followed
    cap: Decimal | None = None               # largest total deduction
    per_item: Decimal | None = None          # penalty_items: points per item
    steps: tuple[Step, ...] = ()             # count_steps / ratio_steps, highest first
    late_fraction: Decimal | None = None     # binary_by_deadline: share of max when present but late
    count_words: tuple[str, ...] = ()        # count_steps: what a declared count counts ("cuoc hop")


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
    not_applicable: NotApplicable | None = None   # None: the framework's convention
    evidence: EvidenceSource = EvidenceSource.DOCUMENTS
    scored_by: str = ""                      # the agency that scores it from its system ("Sở Tư pháp")
    body_text: bool | None = None            # reads the documents' body text; None: the framework's default


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max_score: Decimal
    rule: Rule
    line: int = 0                            # line in the rule file, for messages
    kind: FieldKind = FieldKind.SCORE        # inherited from the field (top-level criterion)
    cap: Decimal | None = None               # bonus/penalty parents: the most their children add up to

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
class Decision:
    """The document that issued a framework: a framework is keyed by it as well as by the year."""

    number: str                              # "2712/QĐ-UBND"
    date: dt.date
    replaces: str = ""                       # the decision it supersedes ("2211/QĐ-UBND")

    def __str__(self) -> str:
        return f"{self.number} {self.date.strftime('%d/%m/%Y')}"


@dataclass(frozen=True)
class FuzzyMatch:
    scorer: str                              # a rapidfuzz.fuzz function name
    threshold: float


@dataclass(frozen=True)
class Matching:
    """Fuzzy-match settings of free text that is not a requirement's topic (rules/library/defaults.yaml)."""

    not_assessed: FuzzyMatch
    checklist: FuzzyMatch


@dataclass(frozen=True)
class StatisticsSheet:
    """The province's statistics workbook: which headers mean what."""

    code: tuple[str, ...]
    indicator: tuple[str, ...]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    percent: tuple[str, ...]
    start: tuple[str, ...]
    end: tuple[str, ...]
    source: tuple[str, ...]


@dataclass(frozen=True)
class TaskSheet:
    """A task-tracking export: which headers mean what, and the words of its status column."""

    task: tuple[str, ...]
    assigned_by: tuple[str, ...]
    deadline: tuple[str, ...]
    done_on: tuple[str, ...]
    status: tuple[str, ...]
    done_words: tuple[str, ...]              # "hoan thanh"
    not_done_words: tuple[str, ...]          # "chua hoan thanh" (checked first)
    late_words: tuple[str, ...]              # "tre han", "qua han"


@dataclass(frozen=True)
class Workbooks:
    statistics: StatisticsSheet
    tasks: TaskSheet


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
    matching: Matching
    workbooks: Workbooks
    not_applicable: NotApplicable
    path: str = ""
    decision: Decision | None = None
    extends: str | None = None               # the id of the framework this one overrides
    integrity: Integrity = Integrity()
    body_text: frozenset[str] = frozenset()  # archetypes that read their documents' body (docs/reading.md)
    _index: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)
    _children: dict[str, tuple[Criterion, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.code: c for c in self.criteria})
        # children by parent, built once: is_leaf is asked for every criterion in every loop of an
        # evaluation, and scanning the whole tree each time was a tenth of a district's evaluation
        children: dict[str, list[Criterion]] = {}
        for c in self.criteria:
            if c.parent is not None:
                children.setdefault(c.parent, []).append(c)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def reads_body(self, c: Criterion) -> bool:
        """Whether ``c``'s verdict needs the body text of its documents (header-first reading)."""
        return c.rule.body_text if c.rule.body_text is not None else c.rule.archetype.value in self.body_text

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def identity(self) -> str:
        """Province, level, year and deciding document, as a person reads them."""
        decided = f", {self.decision}" if self.decision else ""
        return f"{self.province} · {self.level} · {self.year}{decided}"

    def criterion(self, code: str) -> Criterion | None:
        return self._index.get(code)

    def children(self, code: str) -> tuple[Criterion, ...]:
        return self._children.get(code, ())

    def is_leaf(self, code: str) -> bool:
        return not self.children(code)

    def leaves(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if self.is_leaf(c.code))

    def field_kinds(self) -> dict[str, FieldKind]:
        """Field (top-level criterion) code -> what its points do to the total."""
        return {c.code: c.kind for c in self.criteria if c.depth == 1}

    def penalty_fields(self) -> tuple[str, ...]:
        """The codes of the fields whose rows subtract (the framework says so with ``kind: penalty``)."""
        return tuple(code for code, kind in self.field_kinds().items() if kind is FieldKind.PENALTY)

    def field_of(self, code: str) -> Criterion | None:
        return self.criterion(code.split(".", 1)[0])

    def deduction_cap(self, code: str) -> Decimal | None:
        """The most criterion ``code`` of a penalty field may subtract, as a positive number; None when
        ``code`` is not in a penalty field. A leaf's own ``params.cap`` (or its ``contradiction`` +
        ``instructions`` points when it has no cap) bounds it, then the field's ``cap``; a field without
        a cap is bounded by the sum of its leaves' caps. The council's score column takes its bounds
        from here (-cap to 0), so nothing reads the cap from a title."""
        field_ = self.field_of(code)
        if field_ is None or field_.kind is not FieldKind.PENALTY:
            return None
        if code == field_.code:
            if field_.cap is not None:
                return field_.cap
            leaves = [c for c in self.criteria if c.code.startswith(code + ".") and self.is_leaf(c.code)]
            caps = [self.deduction_cap(c.code) for c in leaves]
            return sum((c for c in caps if c is not None), Decimal(0)) if all(c is not None for c in caps) else None
        c = self.criterion(code)
        if c is None:
            return None
        own = c.rule.params.cap
        if own is None and (c.rule.params.contradiction is not None or c.rule.params.instructions is not None):
            own = (c.rule.params.contradiction or Decimal(0)) + (c.rule.params.instructions or Decimal(0))
        if own is None and not self.is_leaf(code):
            own = c.cap
        bounds = [x for x in (own, field_.cap) if x is not None]
        return min(bounds) if bounds else None

    def not_applicable_of(self, c: Criterion) -> NotApplicable:
        return c.rule.not_applicable or self.not_applicable

    def cutoff(self, year: int | None = None) -> dt.date:
        return self.appraisal_cutoff.resolve(year or self.year)
