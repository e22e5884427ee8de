"""The one typed error tree of the verifier.

Every failure the verifier reports to a person is one of these classes. Each carries a stable
``code`` (what machines, tests and the audit log match on), the file it concerns, and a one-line
message in Vietnamese and in English. Nothing else is raised across the public API for bad input.

* VerifierError
  + InputRejected           the file is refused before its content is read
    - EmptyFile               E_EMPTY
    - FileTooLarge            E_TOO_LARGE
    - TooManyPages            E_TOO_MANY_PAGES
    - TooManyPixels           E_TOO_MANY_PIXELS
    - TooManyCells            E_TOO_MANY_CELLS
    - UnsupportedType         E_UNSUPPORTED
    - LegacyDocUnsupported    E_LEGACY_DOC
    - EncryptedFile           E_ENCRYPTED
    - ArchiveBomb             E_ARCHIVE_BOMB
    - UnsafeXml               E_UNSAFE_XML
    - UnsafeArchiveEntry      E_ARCHIVE_ENTRY
  + ExtractionFailed        the file was accepted but its text could not be read
    - CorruptFile             E_CORRUPT
    - NoTextFound             E_NO_TEXT
    - OcrUnavailable          E_OCR_UNAVAILABLE
    - OcrTimeout              E_OCR_TIMEOUT
    - FileTimeout             E_FILE_TIMEOUT
    - Quarantined             E_QUARANTINED
    - MemoryLimit             E_MEMORY_LIMIT
    - ReaderCrashed           E_READER_CRASHED
    - NotRegularFile          E_NOT_REGULAR
  + SubmissionError         the submission folder or its assessment table is unusable
    - TableUnreadable         E_TABLE
    - TableTimeout            E_TABLE_TIMEOUT
  + RuleError               a rule file does not validate            E_RULES
"""

from __future__ import annotations

from typing import ClassVar


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


class VerifierError(Exception):
    """Base of every error the verifier reports."""

    code: ClassVar[str] = "E_VERIFIER"
    vi: ClassVar[str] = "Lỗi không xác định khi xử lý {file}"
    en: ClassVar[str] = "Unexpected error while processing {file}"

    def __init__(self, file: str = "", detail: str = "", **params: object) -> None:
        self.file = file
        self.detail = detail
        self.params = params
        super().__init__(self.message_en)

    def _fmt(self, template: str) -> str:
        # A missing parameter prints "?": reporting an error must never raise another one.
        text = template.format_map(_Params(file=self.file or "?", **self.params))
        return f"{text}: {self.detail}" if self.detail else text

    @property
    def message_vi(self) -> str:
        return self._fmt(self.vi)

    @property
    def message_en(self) -> str:
        return self._fmt(self.en)

    def one_line(self) -> str:
        """The message a person sees: code, Vietnamese, English, on one line."""
        return f"[{self.code}] {self.message_vi} / {self.message_en}"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "file": self.file, "message_vi": self.message_vi,
                "message_en": self.message_en}


class InputRejected(VerifierError):
    """The file is refused before its content is read."""

    code = "E_INPUT"


class EmptyFile(InputRejected):
    """A zero-byte file."""

    code = "E_EMPTY"
    vi = "Tệp {file} rỗng (0 byte)"
    en = "File {file} is empty (0 bytes)"


class FileTooLarge(InputRejected):
    """Larger than the configured byte limit."""

    code = "E_TOO_LARGE"
    vi = "Tệp {file} quá lớn ({size} byte, giới hạn {limit} byte)"
    en = "File {file} is too large ({size} bytes, limit {limit} bytes)"


class TooManyPages(InputRejected):
    """More pages than the configured page limit."""

    code = "E_TOO_MANY_PAGES"
    vi = "Tệp {file} có quá nhiều trang ({pages} trang, giới hạn {limit})"
    en = "File {file} has too many pages ({pages}, limit {limit})"


class TooManyPixels(InputRejected):
    """An image or rendered page over the configured pixel limit (decompression bombs)."""

    code = "E_TOO_MANY_PIXELS"
    vi = "Ảnh trong tệp {file} quá lớn ({pixels} điểm ảnh, giới hạn {limit})"
    en = "An image in {file} is too large ({pixels} pixels, limit {limit})"


class TooManyCells(InputRejected):
    """A worksheet whose used cells span a grid the workbook reader would have to hold whole."""

    code = "E_TOO_MANY_CELLS"
    vi = "Trang tính trong tệp {file} trải quá rộng ({cells} ô, giới hạn {limit})"
    en = "A sheet in {file} spans too large a grid ({cells} cells, limit {limit})"


class UnsupportedType(InputRejected):
    """Content type not among PDF, DOCX, XLSX, DOC and images, whatever the extension says."""

    code = "E_UNSUPPORTED"
    vi = "Không hỗ trợ định dạng của tệp {file} ({kind}); vui lòng nộp PDF, DOCX, XLSX hoặc ảnh"
    en = "Unsupported format for {file} ({kind}); please upload PDF, DOCX, XLSX or an image"


class LegacyDocUnsupported(InputRejected):
    """A legacy binary .doc with no converter available."""

    code = "E_LEGACY_DOC"
    vi = "Tệp {file} là định dạng Word cũ (.doc); vui lòng nộp bản .docx hoặc .pdf"
    en = "File {file} is a legacy Word .doc; please upload .docx or .pdf"


class EncryptedFile(InputRejected):
    """Password protected, and the empty password does not open it."""

    code = "E_ENCRYPTED"
    vi = "Tệp {file} được đặt mật khẩu; vui lòng nộp bản không đặt mật khẩu"
    en = "File {file} is password protected; please upload an unprotected copy"


class ArchiveBomb(InputRejected):
    """An OOXML (zip) container whose entries are too many, too large or too compressed."""

    code = "E_ARCHIVE_BOMB"
    vi = "Tệp {file} có cấu trúc nén bất thường (nghi ngờ zip bomb)"
    en = "File {file} has an abnormal compressed structure (suspected zip bomb)"


class UnsafeXml(InputRejected):
    """XML with DTDs or entity declarations (XXE, billion laughs)."""

    code = "E_UNSAFE_XML"
    vi = "Tệp {file} chứa khai báo XML không an toàn (DTD/entity)"
    en = "File {file} contains unsafe XML declarations (DTD/entities)"


class UnsafeArchiveEntry(InputRejected):
    """A submission zip entry that is a link, escapes the folder, or duplicates another name."""

    code = "E_ARCHIVE_ENTRY"
    vi = "Tệp nén {file} có mục không an toàn ({entry})"
    en = "Archive {file} has an unsafe entry ({entry})"


class ExtractionFailed(VerifierError):
    """The file was accepted but its text could not be read."""

    code = "E_EXTRACTION"
    vi = "Không đọc được nội dung tệp {file}"
    en = "Could not read the content of {file}"


class CorruptFile(ExtractionFailed):
    """Truncated or malformed content."""

    code = "E_CORRUPT"
    vi = "Tệp {file} bị hỏng hoặc không đầy đủ"
    en = "File {file} is corrupt or truncated"


class NoTextFound(ExtractionFailed):
    """Every page is blank, even after OCR."""

    code = "E_NO_TEXT"
    vi = "Không tìm thấy chữ nào trong tệp {file} (trang trắng hoặc ảnh quá mờ)"
    en = "No text found in {file} (blank pages or an unreadable scan)"


class OcrUnavailable(ExtractionFailed):
    """Tesseract or its Vietnamese model is not installed."""

    code = "E_OCR_UNAVAILABLE"
    vi = "Không có Tesseract (tiếng Việt) để nhận dạng tệp quét {file}; chạy scripts/setup"
    en = "Tesseract with the Vietnamese model is missing, needed for the scan {file}; run scripts/setup"


class OcrTimeout(ExtractionFailed):
    """A page's OCR exceeded the per-page time limit."""

    code = "E_OCR_TIMEOUT"
    vi = "Nhận dạng trang {page} của tệp {file} quá thời gian cho phép ({limit} giây)"
    en = "OCR of page {page} of {file} exceeded the time limit ({limit} s)"


class FileTimeout(ExtractionFailed):
    """Reading the whole file exceeded the per-file time limit."""

    code = "E_FILE_TIMEOUT"
    vi = "Đọc tệp {file} quá thời gian cho phép ({limit} giây)"
    en = "Reading {file} exceeded the time limit ({limit} s)"


class Quarantined(ExtractionFailed):
    """A file whose reading killed its worker process again and again: set aside, not retried."""

    code = "E_QUARANTINED"
    vi = "Tệp {file} làm dừng tiến trình đọc {attempts} lần; đã cách ly, cần kiểm tra thủ công"
    en = "Reading {file} killed its worker {attempts} times; quarantined for manual review"


class MemoryLimit(ExtractionFailed):
    """Reading the file needed more memory than its reader process may use (docs/robustness.md)."""

    code = "E_MEMORY_LIMIT"
    vi = "Đọc tệp {file} cần nhiều bộ nhớ hơn giới hạn ({limit_mb} MB); tệp bị bỏ qua"
    en = "Reading {file} needed more memory than the limit ({limit_mb} MB); file skipped"


class ReaderCrashed(ExtractionFailed):
    """The reader process died (a signal, an abort inside a native library) while reading the file."""

    code = "E_READER_CRASHED"
    vi = "Tiến trình đọc tệp {file} bị dừng đột ngột ({cause}, giới hạn bộ nhớ {limit_mb} MB); tệp bị bỏ qua"
    en = "The process reading {file} died ({cause}, memory limit {limit_mb} MB); file skipped"


class ReadingCancelled(ExtractionFailed):
    """A low-priority reading stopped by its caller to free the process for other work: nothing is
    wrong with the file, which keeps what was read of it and is read again later."""

    code = "E_CANCELLED"
    vi = "Việc đọc tệp {file} được tạm dừng để ưu tiên hồ sơ khác; sẽ đọc lại sau"
    en = "Reading {file} was paused to make way for another submission; it is read again later"


class NotRegularFile(ExtractionFailed):
    """A device, FIFO, socket or folder where a file was expected: reading it could block forever."""

    code = "E_NOT_REGULAR"
    vi = "{file} không phải là tệp thông thường ({kind}); không đọc"
    en = "{file} is not a regular file ({kind}); not read"


class SubmissionError(VerifierError):
    """The submission folder or its assessment table is unusable."""

    code = "E_SUBMISSION"
    vi = "Hồ sơ {file} không hợp lệ"
    en = "Submission {file} is not valid"


class TableUnreadable(SubmissionError):
    """The self-assessment table cannot be parsed at all."""

    code = "E_TABLE"
    vi = "Không đọc được bảng tự đánh giá {file}"
    en = "Cannot read the self-assessment table {file}"


class TableTimeout(TableUnreadable):
    """Parsing the table ran past its deadline (its process was stopped)."""

    code = "E_TABLE_TIMEOUT"
    vi = "Đọc bảng tự đánh giá {file} quá thời gian cho phép ({limit} giây)"
    en = "Reading the self-assessment table {file} exceeded the time limit ({limit} s)"


class RuleError(VerifierError):
    """A rule file does not validate against the schema."""

    code = "E_RULES"
    vi = "Tệp quy tắc {file} không hợp lệ"
    en = "Rule file {file} is not valid"
