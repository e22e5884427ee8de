"""The Kon Rẫy 2023 submission as data: one spec per evidence document the seed table cites.

Numbers, dates, issuers and facts come from the seed table (sample_evidence/konray-2023/
assessment.tsv). Signers' names, body prose, task lists and the few numbers the seed does not give
are invented; sample_evidence/README.md lists them.
"""

from __future__ import annotations

import datetime as dt

from samplegen import refs as R
from samplegen.konray_docs2 import FIELDS_4_TO_9
from samplegen.konray_workbooks import WORKBOOKS
from samplegen.spec import DocSpec, Format, Ref, Signer, Table, WorkbookSpec, check_unique
from samplegen.staff import CT, HUYEN, PCT, PCT_TINH, TINH, doc

D = dt.date

KH163 = Ref("163/KH-UBND", D(2022, 12, 30), "Kế hoạch", "của Ủy ban nhân dân huyện",
            "về cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023")
KH13 = Ref("13/KH-UBND", D(2023, 1, 19), "Kế hoạch", "của Ủy ban nhân dân huyện",
           "về kiểm tra công tác cải cách hành chính năm 2023")
KH35 = Ref("35/KH-UBND", D(2023, 2, 20), "Kế hoạch", "của Ủy ban nhân dân huyện",
           "về theo dõi tình hình thi hành pháp luật năm 2023 trên địa bàn huyện")
QD431 = Ref("431/QĐ-UBND", D(2023, 11, 14), "Quyết định", "của Ủy ban nhân dân huyện",
            "về việc thành lập Đoàn kiểm tra liên ngành")
CV2082 = Ref("2082/STP-TTr", D(2023, 11, 10), "Công văn", "của Sở Tư pháp",
             "về việc báo cáo công tác theo dõi tình hình thi hành pháp luật năm 2023")

SIX_AREAS = ("cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy hành chính nhà "
             "nước; cải cách chế độ công vụ; cải cách tài chính công; xây dựng, phát triển chính quyền "
             "điện tử, chính quyền số")

_TASKS_163 = Table(
    ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Sản phẩm"),
    (
        ("1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành",
         "Phòng Tư pháp", "Quý IV", "Báo cáo kết quả rà soát"),
        ("2", "Theo dõi tình hình thi hành pháp luật trên địa bàn huyện", "Phòng Tư pháp", "Tháng 11",
         "Báo cáo năm"),
        ("3", "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền", "Văn phòng HĐND&UBND",
         "Quý III", "Báo cáo kết quả rà soát"),
        ("4", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Văn phòng HĐND&UBND",
         "Cả năm", "Tỷ lệ số hóa theo chỉ tiêu"),
        ("5", "Kiện toàn chức năng, nhiệm vụ các phòng chuyên môn", "Phòng Nội vụ", "Quý II",
         "Quyết định quy định chức năng, nhiệm vụ"),
        ("6", "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị", "Phòng Nội vụ",
         "Quý III", "Thông báo kết quả kiểm tra"),
        ("7", "Xây dựng, hoàn thiện đề án vị trí việc làm", "Phòng Nội vụ", "Quý IV",
         "Tờ trình thẩm định đề án"),
        ("8", "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức", "Phòng Nội vụ",
         "Tháng 12", "Báo cáo tổng hợp kết quả"),
        ("9", "Giải ngân kế hoạch vốn đầu tư công năm 2023", "Phòng Tài chính - Kế hoạch", "Tháng 12",
         "Báo cáo giải ngân"),
        ("10", "Công khai dự toán, quyết toán ngân sách", "Phòng Tài chính - Kế hoạch", "Theo quy định",
         "Quyết định công khai"),
        ("11", "Triển khai Kế hoạch chuyển đổi số năm 2023", "Phòng Văn hóa - Thông tin", "Cả năm",
         "Báo cáo chuyển đổi số"),
        ("12", "Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình và thanh toán trực tuyến",
         "Văn phòng HĐND&UBND", "Cả năm", "Số liệu trên Hệ thống"),
    ),
    (0.6, 4.0, 2.2, 1.6, 2.2),
)

_CCHC_BASIS = ("Căn cứ {0};", "Căn cứ {1};")

FIELD_1: tuple[DocSpec, ...] = (
    doc("evidence/1.1.1/KH-163-CCHC-2023.pdf", "163/KH-UBND", "Kế hoạch", "30/12/2022",
        "Cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023",
        (*_CCHC_BASIS,
         "Ủy ban nhân dân huyện Kon Rẫy ban hành Kế hoạch cải cách hành chính nhà nước trên địa bàn "
         "huyện năm 2023 như sau:",
         "# I. MỤC ĐÍCH, YÊU CẦU",
         "Triển khai đồng bộ, toàn diện trên tất cả 06 lĩnh vực cải cách: " + SIX_AREAS + ". Xác định "
         "rõ nhiệm vụ, cơ quan chủ trì, thời gian hoàn thành và sản phẩm cụ thể của từng nhiệm vụ.",
         "# II. NHIỆM VỤ TRỌNG TÂM",
         "# 1. Cải cách thể chế",
         "Nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật; thực hiện rà soát, hệ "
         "thống hóa văn bản và theo dõi tình hình thi hành pháp luật trên địa bàn huyện.",
         "# 2. Cải cách thủ tục hành chính",
         "Thực hiện nghiêm cơ chế một cửa, một cửa liên thông; công khai đầy đủ thủ tục hành chính; "
         "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định.",
         "# 3. Cải cách tổ chức bộ máy hành chính nhà nước",
         "Rà soát, kiện toàn chức năng, nhiệm vụ, cơ cấu tổ chức của các phòng chuyên môn thuộc Ủy "
         "ban nhân dân huyện; quản lý chặt chẽ biên chế được giao.",
         "# 4. Cải cách chế độ công vụ",
         "Bố trí công chức, viên chức theo vị trí việc làm; thực hiện đánh giá, xếp loại chất lượng "
         "cán bộ, công chức, viên chức thực chất; siết chặt kỷ luật, kỷ cương hành chính.",
         "# 5. Cải cách tài chính công",
         "Đẩy nhanh tiến độ giải ngân vốn đầu tư công; thực hiện công khai ngân sách; quản lý, sử "
         "dụng tài sản công đúng quy định.",
         "# 6. Xây dựng, phát triển chính quyền điện tử, chính quyền số",
         "Triển khai chuyển đổi số; nâng cao tỷ lệ hồ sơ trực tuyến toàn trình, thanh toán trực "
         "tuyến; sử dụng hiệu quả phần mềm quản lý văn bản và điều hành.",
         "# III. TỔ CHỨC THỰC HIỆN",
         "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao tại Phụ lục dưới đây tổ chức thực hiện và báo "
         "cáo kết quả định kỳ theo quy định.",
         "^ PHỤ LỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2023",
         _TASKS_163),
        cites=(R.NQ76, R.KH_TINH_CCHC), pages=4, signer=CT,
        recipients=("Sở Nội vụ tỉnh Kon Tum;", "Thường trực Huyện ủy;", "Các phòng, ban chuyên môn;",
                    "UBND các xã, thị trấn;", "Lưu: VT, NV.")),
)

_PERIODS = (
    ("75/BC-UBND", "15/3/2023", "quý I năm 2023", "BC-75-CCHC-QuyI-2023.pdf"),
    ("195/BC-UBND", "13/6/2023", "6 tháng đầu năm 2023", "BC-195-CCHC-6thang-2023.pdf"),
    ("363/BC-UBND", "14/9/2023", "quý III năm 2023", "BC-363-CCHC-QuyIII-2023.pdf"),
)

FIELD_1 += tuple(
    doc(f"evidence/1.2.1/{name}", number, "Báo cáo", date,
        f"Kết quả thực hiện công tác cải cách hành chính {period}",
        ("Thực hiện {0}; Ủy ban nhân dân huyện báo cáo kết quả thực hiện công tác cải cách hành "
         f"chính {period} như sau:",
         "# I. KẾT QUẢ THỰC HIỆN",
         "Triển khai {1}, Ủy ban nhân dân huyện đã chỉ đạo các cơ quan, đơn vị thực hiện các nhiệm "
         "vụ trên 06 lĩnh vực cải cách hành chính theo tiến độ đề ra.",
         "# II. KHÓ KHĂN, VƯỚNG MẮC VÀ PHƯƠNG HƯỚNG",
         "Tiếp tục tập trung thực hiện các nhiệm vụ còn lại trong kỳ tiếp theo."),
        cites=(R.HD01_SNV, KH163), pages=2,
        recipients=("Sở Nội vụ tỉnh Kon Tum;", "Lưu: VT, NV."))
    for number, date, period, name in _PERIODS
)

FIELD_1 += (
    doc("evidence/1.2.1/BC-540-CCHC-nam-2023.pdf", "540/BC-UBND", "Báo cáo", "14/12/2023",
        "Kết quả công tác cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023",
        ("Thực hiện {0}; Ủy ban nhân dân huyện báo cáo kết quả công tác cải cách hành chính nhà "
         "nước năm 2023 như sau:",
         "# I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
         "Ủy ban nhân dân huyện ban hành {1}; 100% nhiệm vụ được giao đã hoàn thành.",
         "# II. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG",
         "Trong năm, cử 01 công chức học lớp Chuyên viên chính và 06 công chức tham dự bồi dưỡng "
         "lãnh đạo, quản lý cấp phòng và tương đương.",
         "# III. KẾT QUẢ TRÊN CÁC LĨNH VỰC",
         "Các nhiệm vụ về " + SIX_AREAS + " được triển khai đầy đủ, đúng tiến độ."),
        cites=(R.HD01_SNV, KH163), pages=3, signer=CT,
        recipients=("Sở Nội vụ tỉnh Kon Tum;", "Thường trực Huyện ủy;", "Lưu: VT, NV.")),
    doc("evidence/1.3.1/KH-13-kiem-tra-CCHC-2023.pdf", "13/KH-UBND", "Kế hoạch", "19/01/2023",
        "Kiểm tra công tác cải cách hành chính năm 2023",
        ("Căn cứ {0};",
         "# I. MỤC ĐÍCH, YÊU CẦU",
         "Đánh giá việc thực hiện nhiệm vụ cải cách hành chính tại các cơ quan chuyên môn cấp huyện "
         "và Ủy ban nhân dân cấp xã; kịp thời chấn chỉnh tồn tại, hạn chế.",
         "# II. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA",
         Table(("STT", "Đơn vị được kiểm tra", "Thời gian"),
               (("1", "Phòng Lao động - TB&XH", "Quý II"), ("2", "Phòng Tư pháp", "Quý II"),
                ("3", "UBND xã Đăk Tô Re", "Quý III"), ("4", "UBND xã Đăk Kôi", "Quý III"),
                ("5", "UBND xã Đăk Ruồng", "Quý III"), ("6", "UBND xã Đăk PNe", "Quý III")),
               (0.6, 4.0, 1.6))),
        cites=(KH163,), pages=2),
    doc("evidence/1.3.1/KH-130-kiem-tra-CCHC-dot-2-2023.pdf", "130/KH-UBND", "Kế hoạch", "29/8/2023",
        "Kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương hành chính đợt 2 năm 2023",
        ("Căn cứ {0}; tiếp theo {1};",
         "Ủy ban nhân dân huyện lồng ghép kiểm tra công tác cải cách hành chính với kiểm tra việc "
         "chấp hành kỷ luật, kỷ cương hành chính tại 07 cơ quan, đơn vị.",
         "# NỘI DUNG KIỂM TRA",
         "Việc thực hiện nhiệm vụ cải cách hành chính; giờ giấc làm việc; văn hóa công sở."),
        cites=(KH163, KH13), pages=1),
    doc("evidence/1.4.1/KH-38-tuyen-truyen-CCHC-2023.pdf", "38/KH-UBND", "Kế hoạch", "28/02/2023",
        "Tuyên truyền công tác cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023",
        ("Căn cứ {0};",
         "# I. NỘI DUNG, HÌNH THỨC, THỜI GIAN VÀ SẢN PHẨM",
         Table(("STT", "Nội dung tuyên truyền", "Hình thức", "Thời gian", "Sản phẩm"),
               (("1", "Kết quả cải cách hành chính của huyện", "Hội nghị trực tuyến", "Quý IV",
                 "Hội nghị đánh giá"),
                ("2", "Tin, bài về cải cách hành chính", "Trang thông tin điện tử huyện", "Hằng tháng",
                 "18 tin, 03 bài"),
                ("3", "Chuyên mục cải cách hành chính", "Đài truyền thanh huyện", "Hằng tháng",
                 "12 chuyên mục"),
                ("4", "Hội thi Cải cách hành chính", "Hội thi", "Quý III", "Hội thi cấp huyện")),
               (0.6, 3.2, 2.4, 1.4, 2.0)),
         "# II. TỔ CHỨC THỰC HIỆN",
         "Phòng Nội vụ chủ trì, phối hợp Phòng Văn hóa - Thông tin theo dõi, đôn đốc thực hiện."),
        cites=(KH163,), pages=2),
    doc("evidence/1.5/QD-173-sang-kien-cap-tinh-2022-dot-1.pdf", "173/QĐ-UBND(CT)", "Quyết định",
        "11/4/2023", "Về việc công nhận sáng kiến cấp tỉnh năm 2022 (đợt 1)",
        ("^ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM",
         "Căn cứ {0};",
         "Xét đề nghị của Hội đồng sáng kiến cấp tỉnh,",
         "^ QUYẾT ĐỊNH:",
         "Điều 1. Công nhận sáng kiến cấp tỉnh năm 2022 (đợt 1) đối với các sáng kiến có tên tại danh "
         "sách kèm theo, trong đó có sáng kiến \"Đẩy mạnh chứng thực bản sao điện tử nhằm thực hiện "
         "hiệu quả các chỉ tiêu nhiệm vụ về cải cách thủ tục hành chính tại xã Đăk Tơ Lung, huyện Kon "
         "Rẫy\".",
         "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
        cites=(R.QD06,), pages=2, issuer=TINH, place="Kon Tum", signer=PCT_TINH, fmt=Format.SCAN,
        recipients=("Như Điều 2;", "Lưu: VT, KGVX.")),
)

FIELD_2: tuple[DocSpec, ...] = (
    doc("evidence/2.1.1/KH-35-theo-doi-THPL-2023.pdf", "35/KH-UBND", "Kế hoạch", "20/02/2023",
        "Theo dõi tình hình thi hành pháp luật năm 2023 trên địa bàn huyện",
        ("Căn cứ {0};",
         "# I. LĨNH VỰC TRỌNG TÂM",
         "Theo dõi tình hình thi hành pháp luật trong lĩnh vực xây dựng và xử lý vi phạm hành chính.",
         "# II. TỔ CHỨC THỰC HIỆN",
         "Phòng Tư pháp là cơ quan thường trực, tham mưu tổ chức thực hiện Kế hoạch."),
        cites=(R.ND59,), pages=2),
    doc("evidence/2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf", "61/KH-UBND", "Kế hoạch", "22/3/2023",
        "Triển khai công tác thi hành pháp luật về xử lý vi phạm hành chính năm 2023 trên địa bàn huyện",
        ("Thực hiện {0};",
         "Năm 2023, Chủ tịch UBND huyện ra Quyết định xử phạt vi phạm hành chính 05 vụ với số tiền "
         "92.000.000 đồng."),
        cites=(KH35,), pages=1),
    doc("evidence/2.1.1/QD-431-doan-kiem-tra-lien-nganh.pdf", "431/QĐ-UBND", "Quyết định", "14/11/2023",
        "Về việc thành lập Đoàn kiểm tra liên ngành kiểm tra, điều tra, khảo sát tình hình thi hành "
        "pháp luật năm 2023 trên địa bàn huyện",
        ("^ CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
         "Căn cứ {0};", "Căn cứ {1};",
         "^ QUYẾT ĐỊNH:",
         "Điều 1. Thành lập Đoàn kiểm tra liên ngành kiểm tra, điều tra, khảo sát tình hình thi hành "
         "pháp luật về xử lý vi phạm hành chính trong lĩnh vực xây dựng; thời gian thực hiện trong "
         "tháng 12 năm 2023.",
         "Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        cites=(R.ND59, KH35), pages=1, signer=PCT,
        recipients=("Như Điều 2;", "Lưu: VT, TP.")),
    doc("evidence/2.1.2/BC-01-DKT-ket-qua-kiem-tra.pdf", "01/BC-ĐKT", "Báo cáo", "04/12/2023",
        "Kết quả kiểm tra, khảo sát tình hình thi hành pháp luật về xử lý vi phạm hành chính trong "
        "lĩnh vực xây dựng trên địa bàn huyện",
        ("Thực hiện {0}, Đoàn kiểm tra liên ngành báo cáo kết quả như sau:",
         "Qua kiểm tra, khảo sát chưa phát hiện tồn tại, hạn chế cần xử lý hoặc kiến nghị xử lý."),
        cites=(QD431,), pages=2, issuer="ĐOÀN KIỂM TRA LIÊN NGÀNH", governing="UBND HUYỆN KON RẪY",
        signer=Signer("", "TRƯỞNG ĐOÀN", "Bùi Quang Vinh"), fmt=Format.SCAN,
        recipients=("Chủ tịch UBND huyện;", "Lưu: ĐKT.")),
    doc("evidence/2.1.3/CVSTP Vv báo cáo công tác theo dõi thi hành pháp luật năm 2023.pdf",
        "2082/STP-TTr", "Công văn", "10/11/2023",
        "Báo cáo công tác theo dõi tình hình thi hành pháp luật năm 2023",
        ("Thực hiện {0}, Sở Tư pháp đề nghị các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố "
         "báo cáo công tác theo dõi tình hình thi hành pháp luật năm 2023, gửi về Sở Tư pháp trước "
         "ngày 30 tháng 11 năm 2023.",),
        cites=(R.ND59,), pages=1, issuer="SỞ TƯ PHÁP", governing="UBND TỈNH KON TUM", place="Kon Tum",
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Thị Lan"), fmt=Format.SCAN,
        to=("Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố"),
        recipients=("Như trên;", "Lưu: VT, TTr.")),
    doc("evidence/2.1.3/BCUB công tác theo dõi thi hành pháp luật năm 2023.pdf", "496/BC-UBND", "Báo cáo",
        "27/11/2023", "Công tác theo dõi tình hình thi hành pháp luật năm 2023 trên địa bàn huyện Kon Rẫy",
        ("Thực hiện {0}; căn cứ {1}; Ủy ban nhân dân huyện báo cáo như sau:",
         "Năm 2023, Chủ tịch UBND huyện ra Quyết định xử phạt vi phạm hành chính 05 vụ, số tiền "
         "92.000.000 đồng; Chủ tịch UBND xã ban hành 01 Quyết định xử phạt với số tiền 4.000.000 đồng."),
        cites=(CV2082, KH35), pages=2, recipients=("Sở Tư pháp tỉnh Kon Tum;", "Lưu: VT, TP.")),
    doc("evidence/2.2.1/KH-53-he-thong-hoa-VBQPPL-2019-2023.pdf", "53/KH-UBND", "Kế hoạch", "10/3/2023",
        "Hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023 trên địa bàn huyện Kon Rẫy",
        ("Căn cứ {0};",
         "# I. PHẠM VI HỆ THỐNG HÓA",
         "Văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân huyện ban hành còn hiệu "
         "lực đến hết ngày 31 tháng 12 năm 2023.",
         "# II. TIẾN ĐỘ",
         Table(("STT", "Công việc", "Thời hạn"),
               (("1", "Tập hợp, rà soát văn bản", "Quý II"), ("2", "Lập danh mục văn bản", "Quý III"),
                ("3", "Công bố kết quả hệ thống hóa", "Quý IV")),
               (0.6, 4.0, 1.6))),
        cites=(R.ND34,), pages=2),
    doc("evidence/2.2.4/BC-224-TP-thong-ke-tu-phap-2022.pdf", "224/BC-TP", "Báo cáo", "13/11/2022",
        "Thống kê tư pháp năm 2022 (lần 1)",
        ("Thực hiện {0}, Phòng Tư pháp báo cáo số liệu thống kê tư pháp năm 2022 như sau:",
         "Trong năm, đã rà soát toàn bộ văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành; hết "
         "hiệu lực toàn bộ 07 văn bản."),
        cites=(R.TT03,), pages=1, issuer="PHÒNG TƯ PHÁP", governing="UBND HUYỆN KON RẪY",
        signer=Signer("", "TRƯỞNG PHÒNG", "Hoàng Văn Nam"), fmt=Format.SCAN,
        recipients=("Sở Tư pháp;", "Lưu: TP.")),
    doc("evidence/2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf", "473/BC-UBND", "Báo cáo", "15/11/2023",
        "Kết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2023",
        ("Thực hiện {0}, Ủy ban nhân dân huyện báo cáo kết quả rà soát, hệ thống hóa văn bản quy "
         "phạm pháp luật năm 2023.",
         "Hoàn thành 100% kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật."),
        cites=(R.TT03,), pages=1, recipients=("Sở Tư pháp tỉnh Kon Tum;", "Lưu: VT, TP.")),
)

DOCUMENTS: tuple[DocSpec, ...] = FIELD_1 + FIELD_2 + FIELDS_4_TO_9
CORPUS: tuple[DocSpec | WorkbookSpec, ...] = DOCUMENTS + WORKBOOKS
check_unique(CORPUS)

__all__ = ["CORPUS", "DOCUMENTS", "HUYEN", "WORKBOOKS"]
