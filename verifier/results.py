"""What a check produces: findings, per-criterion results, deductions and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    """The verdict on one criterion."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    MANUAL_REVIEW = "manual_review"
    NO_EVIDENCE = "no_evidence"       # a verdict would rest on the unit's word alone: no document behind it


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingKind(StrEnum):
    """Stable identifiers of what a check can find. Never rename one: reports and logs key on them."""

    MISSING_EVIDENCE = "missing_evidence"      # a required document is not among the evidence
    LATE = "late"                              # dated after its deadline
    WRONG_PERIOD = "wrong_period"              # outside the assessment year / data window
    CLAIM_MISMATCH = "claim_mismatch"          # cited document found, but its date/type differs
    UNVERIFIED_CLAIM = "unverified_claim"      # explanation states a figure no evidence backs
    UNREADABLE = "unreadable"                  # an evidence file could not be read
    WRONG_TYPE = "wrong_type"                  # a document of the wrong kind (Tờ trình for a Quyết định)
    SCORE_MISMATCH = "score_mismatch"          # self score differs from what the evidence supports
    ARITHMETIC_ERROR = "arithmetic_error"      # "1/32 = 8,68%"
    DUPLICATE_EVIDENCE = "duplicate_evidence"  # the same file uploaded twice
    MISSING_CONTENT = "missing_content"        # a required item of a checklist is absent
    LOW_CONFIDENCE = "low_confidence"          # a key field was read with low confidence
    BOUNDARY_DATE = "boundary_date"            # exactly on a deadline whose wording is ambiguous
    TABLE_ERROR = "table_error"                # a malformed row of the assessment table
    ROLLUP_MISMATCH = "rollup_mismatch"        # a parent is not the sum of its children
    UNKNOWN_ATTACHMENT = "unknown_attachment"  # a file named in the explanation was not uploaded
    MANUAL_CHECK = "manual_check"              # no document can decide; the council must look
    ESTIMATE = "estimate"                      # an estimate ("ước thực hiện") offered where actuals are needed
    UNASSIGNED_FILE = "unassigned_file"        # an unsorted evidence file that fits no criterion
    BACKDATED = "backdated"                    # signed well after its printed date, and too late that way
    ALTERED_AFTER_SIGNING = "altered_after_signing"  # content added or changed after a signature
    SIGNER_MISMATCH = "signer_mismatch"        # the signing organisation is not the issuer in the header
    CONFLICTING_COPIES = "conflicting_copies"  # two files, same number and date, different content
    SUSPICIOUS_METADATA = "suspicious_metadata"  # an office file created after its printed date


@dataclass(frozen=True)
class Finding:
    """One thing found, with the file, page, document and date it rests on."""

    kind: FindingKind
    severity: Severity
    message: str                      # Vietnamese, something a unit can act on
    criterion: str | None = None
    file: str | None = None
    page: int | None = None
    document: str | None = None       # "163/KH-UBND"
    date: dt.date | None = None
    pages: tuple[int, int] | None = None  # the document's pages inside a file holding several


@dataclass(frozen=True)
class CriterionResult:
    code: str
    title: str
    max_score: Decimal
    self_score: Decimal | None
    suggested_score: Decimal | None
    status: Status
    findings: tuple[Finding, ...] = ()
    opinion: str = ""                 # drafted council opinion ("Ý kiến: …")
    evidence: tuple[str, ...] = ()    # files the verdict rests on
    rule: str = ""                    # archetype name
    confidence: str = ""              # rule confidence tag from domain.md: SEED, SEED-ARITH, BG, ...
    kind: str = "score"               # its field's kind (rules/README.md): score | bonus | penalty


@dataclass(frozen=True)
class Deduction:
    code: str                         # "9.1"
    points: Decimal                   # negative
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Totals:
    max: Decimal
    self: Decimal
    suggested: Decimal


@dataclass(frozen=True)
class DocumentInfo:
    """One document found in an evidence file, for the pages that show a finding inside a bundle."""

    pages: tuple[int, int]
    number: str | None = None
    type_code: str | None = None
    date: dt.date | None = None
    title: str | None = None
    attached_to: str | None = None    # the issuing decision's number


@dataclass(frozen=True)
class SignatureInfo:
    """Who signed an evidence file and when; ``valid`` is None without configured trust roots."""

    signer: str | None
    organization: str | None
    signed_at: dt.datetime | None
    covers_whole_file: bool
    valid: bool | None


@dataclass(frozen=True)
class FileStatus:
    """How one evidence file fared."""

    file: str
    sha256: str | None
    ok: bool
    ocr: bool = False
    pages: int = 0
    number: str | None = None
    date: dt.date | None = None
    error_code: str | None = None
    error: str | None = None              # Vietnamese
    documents: tuple[DocumentInfo, ...] = ()
    signatures: tuple[SignatureInfo, ...] = ()
    error_en: str | None = None

    def error_line(self) -> str | None:
        """The file's error on one line in both languages, as every command prints errors."""
        if self.error is None:
            return None
        return f"[{self.error_code}] {self.error}" + (f" / {self.error_en}" if self.error_en else "")


@dataclass(frozen=True)
class Report:
    unit: str
    year: int | None
    framework: str                    # "kontum/district-2023@<version>"
    criteria: tuple[CriterionResult, ...]
    deductions: tuple[Deduction, ...]
    totals: Totals
    files: tuple[FileStatus, ...] = ()
    findings: tuple[Finding, ...] = ()  # submission-level findings (table, files not assigned)
    versions: dict[str, str] = field(default_factory=dict)
