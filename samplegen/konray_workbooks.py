"""The two system exports of the Kon Rẫy sample: the province's task tracker (1.6.1) and the
statistics the appraisal council quotes (one row per figure, read by column name)."""

from __future__ import annotations

import datetime as dt

from samplegen.spec import Ref, WorkbookSpec

D = dt.date
UBT = "của Ủy ban nhân dân tỉnh Kon Tum"
STATUS_ON_TIME = "Hoàn thành đúng hạn"
STATUS_LATE = "Hoàn thành trễ hạn"
STATUS_OPEN = "Đang thực hiện (trong hạn)"

# (task, assigning document number, its date, deadline, done on, status); numbers are invented
_TASKS: tuple[tuple[str, str, dt.date, dt.date, dt.date | None, str], ...] = (
    ("Báo cáo tình hình thực hiện Đề án 06 quý I", "118/UBND-KGVX", D(2023, 1, 12), D(2023, 3, 20),
     D(2023, 3, 17), STATUS_ON_TIME),
    ("Rà soát hộ nghèo phát sinh đầu năm", "241/UBND-KGVX", D(2023, 1, 30), D(2023, 2, 28), D(2023, 2, 24),
     STATUS_ON_TIME),
    ("Kiểm tra công tác phòng cháy rừng mùa khô", "402/UBND-NNTN", D(2023, 2, 13), D(2023, 3, 31),
     D(2023, 3, 29), STATUS_ON_TIME),
    ("Báo cáo tiến độ giải ngân vốn đầu tư công quý I", "655/UBND-KTTH", D(2023, 3, 6), D(2023, 4, 10),
     D(2023, 4, 7), STATUS_ON_TIME),
    ("Tổng hợp nhu cầu kinh phí hỗ trợ đất sản xuất", "812/UBND-KTTH", D(2023, 3, 21), D(2023, 4, 30),
     D(2023, 4, 28), STATUS_ON_TIME),
    ("Rà soát quy hoạch sử dụng đất cấp huyện", "1034/UBND-NNTN", D(2023, 4, 10), D(2023, 5, 31),
     D(2023, 6, 9), STATUS_LATE),
    ("Báo cáo kết quả thực hiện Chương trình MTQG 6 tháng", "1290/UBND-KGVX", D(2023, 5, 8), D(2023, 6, 20),
     D(2023, 6, 16), STATUS_ON_TIME),
    ("Kiểm tra an toàn hồ đập mùa mưa lũ", "1457/UBND-NNTN", D(2023, 5, 25), D(2023, 7, 15), D(2023, 7, 12),
     STATUS_ON_TIME),
    ("Đôn đốc thu ngân sách nhà nước 6 tháng cuối năm", "1702/UBND-KTTH", D(2023, 6, 19), D(2023, 7, 31),
     D(2023, 7, 28), STATUS_ON_TIME),
    ("Báo cáo công tác cải cách hành chính chuyên đề", "1933/UBND-NC", D(2023, 7, 10), D(2023, 8, 15),
     D(2023, 8, 11), STATUS_ON_TIME),
    ("Rà soát tài khoản định danh điện tử mức 2", "2150/UBND-NC", D(2023, 7, 31), D(2023, 8, 31),
     D(2023, 8, 30), STATUS_ON_TIME),
    ("Chuẩn bị năm học mới 2023 - 2024", "2306/UBND-KGVX", D(2023, 8, 14), D(2023, 9, 5), D(2023, 9, 1),
     STATUS_ON_TIME),
    ("Báo cáo tình hình sắp xếp đơn vị hành chính cấp xã", "2588/UBND-NC", D(2023, 9, 5), D(2023, 9, 30),
     D(2023, 9, 27), STATUS_ON_TIME),
    ("Triển khai tháng cao điểm dịch vụ công trực tuyến", "2811/UBND-HCC", D(2023, 9, 25), D(2023, 10, 31),
     D(2023, 10, 30), STATUS_ON_TIME),
    ("Tổng kết công tác phòng chống thiên tai", "3090/UBND-NNTN", D(2023, 10, 16), D(2023, 11, 20),
     D(2023, 11, 17), STATUS_ON_TIME),
    ("Báo cáo kết quả thực hiện Nghị quyết HĐND tỉnh", "3301/UBND-KTTH", D(2023, 10, 30), D(2023, 11, 30),
     D(2023, 11, 28), STATUS_ON_TIME),
    ("Xây dựng kế hoạch phát triển kinh tế - xã hội năm 2024", "4075/UBND-KTTH", D(2023, 11, 20),
     D(2023, 12, 25), None, STATUS_OPEN),
    ("Tổng kết thực hiện Đề án 06 năm 2023", "4190/UBND-NC", D(2023, 11, 28), D(2023, 12, 29), None,
     STATUS_OPEN),
    ("Báo cáo đánh giá kết quả chuyển đổi số năm 2023", "4262/UBND-KGVX", D(2023, 12, 1), D(2024, 1, 10),
     None, STATUS_OPEN),
)

TASKS_HEADER = ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn xử lý", "Ngày hoàn thành", "Trạng thái")
TASK_ROWS: tuple[tuple[object, ...], ...] = (
    TASKS_HEADER,
    *(
        (i, task, f"Công văn số {num} ngày {given:%d/%m/%Y} {UBT}", due, done, status)
        for i, (task, num, given, due, done, status) in enumerate(_TASKS, start=1)
    ),
)

STATS_HEADER = ("Mã tiêu chí", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Từ ngày", "Đến ngày", "Nguồn")
DVC = "Hệ thống thông tin giải quyết TTHC tỉnh Kon Tum"
WINDOW = (D(2023, 1, 1), D(2023, 12, 3))   # the council's window: calendar year to the appraisal date
UNIT_WINDOW = (D(2022, 12, 15), D(2023, 11, 15))

# (code, indicator, numerator, denominator, window, source)
_STATS: tuple[tuple[str, str, int, int, tuple[dt.date, dt.date], str], ...] = (
    ("3.2.2", "Số xã, thị trấn công khai TTHC đầy đủ, đúng quy định tại Bộ phận một cửa", 7, 7, WINDOW,
     "Sở Nội vụ (kiểm tra thực tế)"),
    ("3.3.5", "Số hồ sơ có số hóa kết quả / số hồ sơ đã giải quyết (số liệu đơn vị kê khai)", 503, 646,
     UNIT_WINDOW, DVC),
    ("3.3.5", "Số hồ sơ có số hóa kết quả / số hồ sơ đã giải quyết", 488, 629, WINDOW, DVC),
    ("3.4.1", "Hồ sơ cấp huyện giải quyết đúng hạn / đã giải quyết (47 hồ sơ quá hạn)", 1264, 1311, WINDOW,
     DVC),
    ("3.4.2", "Hồ sơ cấp xã giải quyết đúng hạn / đã giải quyết (10 hồ sơ quá hạn)", 3628, 3638, WINDOW, DVC),
    ("6.1.1", "Vốn đầu tư công đã giải ngân / kế hoạch vốn (triệu đồng), đến 31/10/2023", 51740, 94561,
     (D(2023, 1, 1), D(2023, 10, 31)), "Kho bạc Nhà nước huyện Kon Rẫy"),
    ("7.1.3", "Văn bản phát hành dưới dạng điện tử / tổng số văn bản phát hành (trừ văn bản mật)", 4239,
     4239, WINDOW, "Hệ thống quản lý văn bản và điều hành"),
    ("7.2.2", "Hồ sơ giải quyết trực tuyến toàn trình / hồ sơ TTHC tiếp nhận (cấp huyện)", 273, 628, WINDOW,
     DVC),
    ("7.3.1", "TTHC có phí, lệ phí đã triển khai thanh toán trực tuyến / TTHC có phí, lệ phí", 48, 48,
     WINDOW, DVC),
    ("7.3.2", "TTHC có phát sinh giao dịch thanh toán trực tuyến / TTHC đã triển khai", 5, 48, WINDOW, DVC),
    ("7.3.3", "Hồ sơ thanh toán trực tuyến / hồ sơ đã giải quyết thuộc phạm vi đánh giá", 1049, 2308, WINDOW,
     DVC),
)

STATS_ROWS: tuple[tuple[object, ...], ...] = (
    STATS_HEADER,
    *(
        (code, label, num, den, round(num * 100 / den, 2), start, end, source)
        for code, label, num, den, (start, end), source in _STATS
    ),
)

WORKBOOKS = (
    WorkbookSpec(
        file="evidence/1.6.1/26. Huyen KR.xlsx",
        title="Thống kê nhiệm vụ Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao năm 2023 - "
              "Huyện Kon Rẫy",
        issuer="Văn phòng Ủy ban nhân dân tỉnh Kon Tum",
        sheets=(("Nhiệm vụ", TASK_ROWS),),
        date=D(2023, 12, 3),
        references=tuple(Ref(num, given, "Công văn") for _, num, given, *_ in _TASKS),
    ),
    WorkbookSpec(
        file="evidence/thong-ke-he-thong-2023.xlsx",
        title="Số liệu thống kê từ các hệ thống của tỉnh phục vụ thẩm định Chỉ số CCHC năm 2023 - "
              "Huyện Kon Rẫy",
        issuer="Sở Nội vụ tỉnh Kon Tum",
        sheets=(("Chỉ số", STATS_ROWS),),
        date=D(2023, 12, 3),
    ),
)
