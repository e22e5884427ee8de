"""The one message catalogue for text a person reads in reports and pages: Vietnamese first, English too.

Keys are stable identifiers; the values are (vi, en). Finding messages themselves come from the rules
and are written in Vietnamese; this catalogue names and explains their *kind*, so an English reader
still learns what a finding is about. A key missing from the catalogue is a programming error and
raises KeyError in tests rather than showing a raw key to a person.
"""

from __future__ import annotations

from verifier.results import FindingKind, Severity, Status

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

STATUS: dict[Status, tuple[str, str]] = {
    Status.PASS: ("Đạt", "Pass"),
    Status.PARTIAL: ("Đạt một phần", "Partial"),
    Status.FAIL: ("Không đạt", "Fail"),
    Status.NOT_APPLICABLE: ("Không đánh giá", "Not assessed"),
    Status.MANUAL_REVIEW: ("Cần xem xét", "Needs review"),
    Status.NO_EVIDENCE: ("Chưa có tài liệu kiểm chứng", "No evidence"),
}

SEVERITY: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("Lỗi", "Error"),
    Severity.WARNING: ("Cảnh báo", "Warning"),
    Severity.INFO: ("Thông tin", "Info"),
}

# (name vi, name en, explanation vi, explanation en)
KIND: dict[FindingKind, tuple[str, str, str, str]] = {
    FindingKind.MISSING_EVIDENCE: (
        "Thiếu tài liệu kiểm chứng", "Missing evidence",
        "Không tìm thấy văn bản mà tiêu chí yêu cầu trong các tệp đã nộp.",
        "A document the criterion requires is not among the uploaded files."),
    FindingKind.LATE: (
        "Ban hành muộn", "Issued late",
        "Văn bản được ban hành sau thời hạn của tiêu chí.",
        "The document is dated after the criterion's deadline."),
    FindingKind.WRONG_PERIOD: (
        "Sai kỳ đánh giá", "Wrong period",
        "Văn bản hoặc số liệu nằm ngoài năm đánh giá hoặc khoảng thời gian lấy số liệu.",
        "The document or figures fall outside the assessment year or data window."),
    FindingKind.CLAIM_MISMATCH: (
        "Không khớp với giải trình", "Does not match the explanation",
        "Tìm thấy văn bản được dẫn nhưng số, ngày hoặc loại văn bản khác với giải trình.",
        "The cited document was found, but its number, date or type differs from the explanation."),
    FindingKind.UNVERIFIED_CLAIM: (
        "Số liệu chưa được chứng minh", "Unverified figure",
        "Giải trình nêu số liệu mà không có tài liệu kiểm chứng nào thể hiện.",
        "The explanation states a figure that no evidence shows."),
    FindingKind.UNREADABLE: (
        "Không đọc được tệp", "Unreadable file",
        "Không đọc được nội dung tệp; vui lòng nộp lại bản rõ hơn hoặc đúng định dạng.",
        "The file's content could not be read; please upload a clearer copy or a supported format."),
    FindingKind.WRONG_TYPE: (
        "Sai loại văn bản", "Wrong document type",
        "Văn bản không đúng loại yêu cầu (ví dụ Tờ trình thay cho Quyết định).",
        "The document is not of the required kind (for example a proposal instead of a decision)."),
    FindingKind.SCORE_MISMATCH: (
        "Điểm tự đánh giá chưa phù hợp", "Self score not supported",
        "Điểm tự đánh giá khác với điểm mà tài liệu kiểm chứng cho phép.",
        "The self score differs from what the evidence supports."),
    FindingKind.ARITHMETIC_ERROR: (
        "Sai phép tính", "Arithmetic error",
        "Tỷ lệ hoặc phép tính trong giải trình không đúng.",
        "A ratio or calculation in the explanation is wrong."),
    FindingKind.DUPLICATE_EVIDENCE: (
        "Tệp trùng lặp", "Duplicate file",
        "Cùng một tệp được nộp nhiều lần.",
        "The same file was uploaded more than once."),
    FindingKind.MISSING_CONTENT: (
        "Thiếu nội dung", "Missing content",
        "Văn bản thiếu một nội dung bắt buộc của tiêu chí.",
        "The document lacks an item the criterion requires."),
    FindingKind.LOW_CONFIDENCE: (
        "Đọc chưa chắc chắn", "Low reading confidence",
        "Số, ngày hoặc trích yếu được nhận dạng với độ tin cậy thấp; cần người kiểm tra lại.",
        "A key field was read with low confidence; a person should check it."),
    FindingKind.BOUNDARY_DATE: (
        "Đúng ngày hạn", "On the deadline",
        "Văn bản ban hành đúng ngày hạn chót mà cách hiểu thời hạn chưa rõ; Hội đồng xem xét.",
        "The document is dated exactly on an ambiguously worded deadline; the council decides."),
    FindingKind.TABLE_ERROR: (
        "Lỗi bảng tự đánh giá", "Assessment table error",
        "Một dòng của bảng tự đánh giá không đúng định dạng.",
        "A row of the self-assessment table is malformed."),
    FindingKind.ROLLUP_MISMATCH: (
        "Tổng điểm không khớp", "Totals do not add up",
        "Điểm của mục cha không bằng tổng điểm các mục con.",
        "A parent's score is not the sum of its children."),
    FindingKind.UNKNOWN_ATTACHMENT: (
        "Tệp được nêu nhưng chưa nộp", "Named file not uploaded",
        "Giải trình nêu tên một tệp không có trong hồ sơ đã nộp.",
        "The explanation names a file that was not uploaded."),
    FindingKind.MANUAL_CHECK: (
        "Cần Hội đồng xem xét", "Council must check",
        "Không có văn bản nào tự quyết định được tiêu chí này; Hội đồng cần xem xét.",
        "No document can decide this criterion; the council must look."),
    FindingKind.ESTIMATE: (
        "Số liệu ước tính", "Estimate instead of actuals",
        "Giải trình dùng số ước thực hiện; cần số liệu thực hiện có tài liệu kiểm chứng.",
        "The explanation gives an estimate; actual figures with evidence are needed."),
    FindingKind.UNASSIGNED_FILE: (
        "Tệp không thuộc tiêu chí nào", "File fits no criterion",
        "Một tệp nộp chung không khớp tiêu chí nào; cần đặt vào thư mục của tiêu chí.",
        "An unsorted file matches no criterion; file it under its criterion's folder."),
    FindingKind.BACKDATED: (
        "Ký số muộn hơn ngày ban hành", "Signed after its printed date",
        "Chữ ký số có thời gian ký muộn hơn ngày ghi trên văn bản; nếu tính theo thời gian ký thì văn bản "
        "không đạt thời hạn của tiêu chí.",
        "The digital signature is later than the date printed on the document; judged by its signing time, "
        "the document misses the criterion's deadline."),
    FindingKind.ALTERED_AFTER_SIGNING: (
        "Bị sửa sau khi ký số", "Altered after signing",
        "Tệp có nội dung được thêm hoặc sửa sau khi ký số (phần bổ sung không được chữ ký bảo vệ).",
        "Content was added to or changed in the file after it was signed (the addition is not covered by "
        "the signature)."),
    FindingKind.SIGNER_MISMATCH: (
        "Cơ quan ký khác cơ quan ban hành", "Signer is not the issuer",
        "Tổ chức trong chứng thư ký số khác cơ quan ban hành ghi ở phần đầu văn bản.",
        "The organisation in the signing certificate differs from the issuing body printed in the header."),
    FindingKind.CONFLICTING_COPIES: (
        "Các bản không thống nhất", "Conflicting copies",
        "Hai tệp có cùng số, ký hiệu và ngày ban hành nhưng nội dung khác nhau.",
        "Two files carry the same number and date but different content."),
    FindingKind.SUSPICIOUS_METADATA: (
        "Thông tin tệp bất thường", "Suspicious file metadata",
        "Tệp Word/Excel được tạo sau ngày ghi trên văn bản; Hội đồng đối chiếu bản gốc.",
        "The Word/Excel file was created after the date printed on the document; the council should check "
        "the original."),
}

# Labels of pages, tables and buttons.
UI: dict[str, tuple[str, str]] = {
    "app_title": ("Kiểm tra tài liệu kiểm chứng Chỉ số CCHC", "PAR index evidence verification"),
    "report_title": ("KẾT QUẢ KIỂM TRA TÀI LIỆU KIỂM CHỨNG", "EVIDENCE VERIFICATION RESULT"),
    "xlsx_title": ("KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "PAR INDEX ASSESSMENT RESULT"),
    "unit": ("Đơn vị", "Unit"),
    "year": ("Năm", "Year"),
    "framework": ("Bộ tiêu chí", "Criteria set"),
    "col_criterion": ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Field/Criterion/Sub-criterion"),
    "col_max": ("Điểm tối đa", "Maximum"),
    "col_self": ("Tự đánh giá", "Self score"),
    "col_evidence": ("Tài liệu kiểm chứng/Giải trình", "Evidence/Explanation"),
    "col_appraisal": ("Thẩm định", "Appraisal"),
    "col_opinion": ("Ý kiến hội đồng thẩm định", "Appraisal council's opinion"),
    "col_suggested": ("Điểm đề xuất", "Suggested score"),
    "col_status": ("Trạng thái", "Status"),
    "col_code": ("Mã", "Code"),
    "col_kind": ("Loại phát hiện", "Finding kind"),
    "col_severity": ("Mức độ", "Severity"),
    "col_message": ("Nội dung", "Message"),
    "col_file": ("Tệp", "File"),
    "col_page": ("Trang", "Page"),
    "col_document": ("Văn bản", "Document"),
    "col_date": ("Ngày", "Date"),
    "col_points": ("Điểm có thể mất", "Points at stake"),
    "col_ocr": ("Nhận dạng ảnh (OCR)", "OCR"),
    "col_number": ("Số/ký hiệu", "Number"),
    "col_error": ("Lỗi", "Error"),
    "total": ("Tổng điểm", "Total"),
    "total_max": ("Tổng điểm tối đa", "Maximum total"),
    "total_self": ("Tổng điểm tự đánh giá", "Self-assessed total"),
    "total_suggested": ("Tổng điểm đề xuất", "Suggested total"),
    "deductions": ("Điểm trừ", "Deductions"),
    "findings": ("Phát hiện", "Findings"),
    "submission_findings": ("Phát hiện chung của hồ sơ", "Submission-level findings"),
    "files": ("Tệp tài liệu kiểm chứng", "Evidence files"),
    "fix_list": ("Cần khắc phục trước khi nộp", "What to fix before you submit"),
    "fix_list_empty": ("Không có nội dung cần khắc phục.", "Nothing to fix."),
    "evidence_prefix": ("Tài liệu kiểm chứng", "Evidence"),
    "opinion_prefix": ("Ý kiến", "Opinion"),
    "no_findings": ("Không có phát hiện.", "No findings."),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "ok": ("Đọc được", "Read"),
    "versions": ("Phiên bản", "Versions"),
    "draft_note": ("Điểm đề xuất và ý kiến là dự thảo do hệ thống lập; Hội đồng thẩm định quyết định.",
                   "Suggested scores and opinions are drafts made by the system; the appraisal council decides."),
    "sheet_result": ("Kết quả", "Result"),
    "sheet_findings": ("Phát hiện", "Findings"),
    "sheet_files": ("Tệp", "Files"),
    "page_n": ("trang {n}", "page {n}"),
    "pages_n": ("trang {first}–{last}", "pages {first}–{last}"),
    "signed_by": ("Ký số: {who}, {when}", "Signed by {who}, {when}"),
    "signature_unchecked": ("chưa kiểm tra chứng thư", "certificate not checked"),
    "signature_valid": ("chứng thư hợp lệ", "certificate valid"),
    "signature_invalid": ("chứng thư không hợp lệ", "certificate not valid"),
    "print": ("In báo cáo", "Print"),
    # pages
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "token": ("Mã truy cập (API token)", "Access token (API token)"),
    "sign_in_failed": ("Mã truy cập không hợp lệ.", "The access token is not valid."),
    "forbidden": ("Bạn không có quyền xem trang này.", "You may not see this page."),
    "not_found": ("Không tìm thấy trang hoặc hồ sơ.", "Page or submission not found."),
    "submissions": ("Hồ sơ đã nộp", "Submissions"),
    "new_submission": ("Nộp hồ sơ mới", "New submission"),
    "upload_help": ("Chọn bảng tự đánh giá và các tệp tài liệu kiểm chứng, hoặc một tệp .zip chứa cả hồ sơ.",
                    "Choose the self-assessment table and the evidence files, or one .zip with the whole submission."),
    "table_file": ("Bảng tự đánh giá (.xlsx, .tsv, .txt)", "Self-assessment table (.xlsx, .tsv, .txt)"),
    "evidence_files": ("Tệp tài liệu kiểm chứng", "Evidence files"),
    "zip_file": ("Hoặc một tệp .zip", "Or one .zip file"),
    "upload": ("Nộp và kiểm tra", "Upload and check"),
    "progress": ("Tiến độ", "Progress"),
    "files_read": ("Đã đọc {done}/{total} tệp", "Read {done} of {total} files"),
    "stage": ("Giai đoạn", "Stage"),
    "stage_queued": ("Đang chờ", "Queued"),
    "stage_read": ("Đang đọc tệp", "Reading files"),
    "stage_evaluate": ("Đang chấm điểm", "Scoring"),
    "stage_done": ("Hoàn thành", "Done"),
    "stage_failed": ("Thất bại", "Failed"),
    "refresh_note": ("Trang tự tải lại sau vài giây.", "This page reloads itself in a few seconds."),
    "view_result": ("Xem kết quả", "View the result"),
    "download_xlsx": ("Tải bảng điểm (.xlsx)", "Download the score table (.xlsx)"),
    "printable": ("Báo cáo để in", "Printable report"),
    "json": ("Dữ liệu JSON", "JSON data"),
    "round2": ("Vòng 2: bổ sung tài liệu", "Round 2: add supplements"),
    "round2_help": ("Nộp tài liệu bổ sung cho hồ sơ này; hệ thống kiểm tra lại và cho biết thay đổi.",
                    "Upload supplements to this submission; it is checked again and the changes are shown."),
    "changes": ("Thay đổi so với lần trước", "Changes since the previous check"),
    "no_changes": ("Không có thay đổi về điểm hay trạng thái.", "No change of score or status."),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "page_picture": ("Hình trang văn bản", "Picture of the page"),
    "picture_alt": ("Phần đầu trang {page} của tệp {file}", "Top of page {page} of {file}"),
    "dashboard": ("Tổng hợp các đơn vị", "All units"),
    "rank": ("Xếp hạng", "Rank"),
    "band": ("Xếp loại", "Class"),
    "flags": ("Phát hiện theo loại", "Findings by kind"),
    "review": ("Thẩm định", "Review"),
    "round": ("Vòng", "Round"),
    "appraisal_score": ("Điểm thẩm định", "Appraisal score"),
    "opinion": ("Ý kiến", "Opinion"),
    "save": ("Lưu", "Save"),
    "saved": ("Đã lưu.", "Saved."),
    "audit": ("Nhật ký kiểm tra", "Verification log"),
    "search": ("Tìm kiếm", "Search"),
    "results": ("Số kết quả", "Results"),
    "actor": ("Người thực hiện", "Actor"),
    "action": ("Hành động", "Action"),
    "time": ("Thời gian", "Time"),
    "from": ("Từ", "From"),
    "to": ("Đến", "To"),
    "chain": ("Chuỗi toàn vẹn", "Chain integrity"),
    "chain_ok": ("Nguyên vẹn", "Intact"),
    "chain_broken": ("Bị thay đổi", "Tampered"),
    "export_csv": ("Xuất CSV", "Export CSV"),
    "language": ("Ngôn ngữ", "Language"),
    "all": ("Tất cả", "All"),
    "bad_input": ("Dữ liệu không hợp lệ", "Invalid input"),
    "role_unit": ("Đơn vị", "Unit"),
    "role_council": ("Hội đồng thẩm định", "Appraisal council"),
    "role_auditor": ("Kiểm toán", "Auditor"),
    "role_admin": ("Quản trị", "Administrator"),
    "skip_to_content": ("Chuyển đến nội dung", "Skip to content"),
}

BANDS: dict[str, tuple[str, str]] = {
    "xuat_sac": ("Xuất sắc", "Excellent"),
    "tot": ("Tốt", "Good"),
    "kha": ("Khá", "Fair"),
    "trung_binh": ("Trung bình", "Average"),
    "yeu": ("Yếu", "Weak"),
}


def lang_of(value: str | None) -> str:
    """A supported language code; anything else falls back to Vietnamese."""
    return value if value in LANGS else DEFAULT_LANG


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The UI text for ``key``; ``params`` fill its {placeholders}."""
    text = _pick(UI[key], lang)
    return text.format(**params) if params else text


def status_label(status: Status, lang: str = DEFAULT_LANG) -> str:
    return _pick(STATUS[status], lang)


def severity_label(severity: Severity, lang: str = DEFAULT_LANG) -> str:
    return _pick(SEVERITY[severity], lang)


def kind_label(kind: FindingKind, lang: str = DEFAULT_LANG) -> str:
    vi, en, _, _ = KIND[kind]
    return en if lang == "en" else vi


def kind_help(kind: FindingKind, lang: str = DEFAULT_LANG) -> str:
    _, _, vi, en = KIND[kind]
    return en if lang == "en" else vi


def band_label(band: str, lang: str = DEFAULT_LANG) -> str:
    return _pick(BANDS[band], lang)


def format_score(value: object, lang: str = DEFAULT_LANG) -> str:
    """A score as the scoring software writes it: '0,5', '12,88' in Vietnamese; '0.5' in English."""
    if value is None:
        return "-"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text if lang == "en" else text.replace(".", ",")
