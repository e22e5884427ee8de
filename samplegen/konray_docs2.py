"""Kon Rẫy 2023 evidence for fields 4 to 9 (organisation, civil service, finance, digital
government, discipline, deductions). Same conventions as :mod:`samplegen.konray2023`."""

from __future__ import annotations

import datetime as dt

from samplegen import refs as R
from samplegen.spec import Format, Ref, Signer, Table
from samplegen.staff import CT, PCT_TINH, TINH, doc

D = dt.date
UBH = "của Ủy ban nhân dân huyện"
KH146 = Ref("146-KH/HU", D(2023, 11, 10), "Kế hoạch", "của Huyện ủy Kon Rẫy",
            "về kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân năm 2023")
CV1734 = Ref("1734/UBND-NC", D(2023, 11, 17), "Công văn", UBH,
             "về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2023")
CV3983 = Ref("3983/UBND-NC", D(2023, 11, 16), "Công văn", "của Ủy ban nhân dân tỉnh Kon Tum",
             "về Đề án vị trí việc làm trong cơ quan, tổ chức hành chính")
KH142 = Ref("142/KH-UBND", D(2023, 10, 2), "Kế hoạch", UBH,
            "về việc tuyển dụng viên chức ngành Giáo dục và Đào tạo huyện Kon Rẫy năm 2023")
KH45 = Ref("45/KH-UBND", D(2023, 3, 6), "Kế hoạch", UBH, "về chuyển đổi số huyện Kon Rẫy năm 2023")
QD124 = Ref("124-QĐ/TW", D(2023, 10, 4), "Quy định", "của Bộ Chính trị",
            "về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân")
NQ19 = Ref("19-NQ/TW", D(2017, 10, 25), "Nghị quyết", "của Hội nghị Trung ương 6 khóa XII",
           "về tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt "
           "động của các đơn vị sự nghiệp công lập")
ND101 = Ref("101/2017/NĐ-CP", D(2017, 9, 1), "Nghị định", "của Chính phủ",
            "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức")
LUAT_DTC = Ref("39/2019/QH14", D(2019, 6, 13), "Luật Đầu tư công", "", "", long_date=True)
ND43 = Ref("43/2011/NĐ-CP", D(2011, 6, 13), "Nghị định", "của Chính phủ",
           "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang thông tin điện tử")
CT26 = Ref("26/CT-TTg", D(2016, 9, 5), "Chỉ thị", "của Thủ tướng Chính phủ",
           "về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp")
NOI_VU = Signer("", "TRƯỞNG PHÒNG", "Đỗ Thị Mai")
SNV = "SỞ NỘI VỤ"
NHAN_SNV = ("Sở Nội vụ tỉnh Kon Tum;", "Lưu: VT, NV.")

FIELDS_4_TO_9 = (
    doc("evidence/4.1.2/CV-1727-UBND-NC-lanh-dao-quan-ly-giao-duc.docx", "1727/UBND-NC", "Công văn",
        "16/11/2023", "Báo cáo số lượng viên chức lãnh đạo, quản lý các cơ sở giáo dục mầm non, phổ "
        "thông công lập thuộc phạm vi quản lý",
        ("Thực hiện {0}, Ủy ban nhân dân huyện báo cáo số lượng viên chức lãnh đạo, quản lý các cơ sở "
         "giáo dục mầm non, phổ thông công lập trên địa bàn huyện (chi tiết tại phụ lục kèm theo).",
         Table(("STT", "Cấp học", "Số trường", "Hiệu trưởng", "Phó hiệu trưởng"),
               (("1", "Mầm non", "9", "9", "14"), ("2", "Tiểu học", "8", "8", "11"),
                ("3", "Trung học cơ sở", "7", "7", "8")))),
        cites=(R.ND62,), to=("Sở Nội vụ tỉnh Kon Tum",), recipients=NHAN_SNV, fmt=Format.DOCX),
    doc("evidence/4.1.2/CV-1873-UBND-NC-danh-gia-xep-loai-2023.pdf", "1873/UBND-NC", "Công văn",
        "15/12/2023", "Tổng hợp kết quả đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2023",
        ("Thực hiện {0} và {1}; căn cứ {2}, Ủy ban nhân dân huyện tổng hợp kết quả như sau:",
         Table(("Đối tượng", "Tổng số", "Lãnh đạo, quản lý", "Không giữ chức vụ", "Hoàn thành tốt trở lên"),
               (("Cán bộ, công chức cấp huyện", "86", "31", "55", "83"),
                ("Viên chức", "712", "68", "644", "690"),
                ("Cán bộ, công chức cấp xã", "142", "28", "114", "135"))),
         "Kết quả chi tiết tại các phụ lục kèm theo."),
        cites=(KH146, CV1734, R.ND90), pages=2, to=("Sở Nội vụ tỉnh Kon Tum",), recipients=NHAN_SNV),
    doc("evidence/5.1.1/TTr-195-tham-dinh-vi-tri-viec-lam.pdf", "195/TTr-UBND", "Tờ trình", "30/11/2023",
        "Về việc thẩm định, phê duyệt vị trí việc làm của Ủy ban nhân dân huyện Kon Rẫy",
        ("Căn cứ {0}; thực hiện {1}, Ủy ban nhân dân huyện đã xây dựng đề án vị trí việc làm công "
         "chức trong các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện.",
         "Ủy ban nhân dân huyện kính đề nghị Sở Nội vụ thẩm định, trình cấp có thẩm quyền phê duyệt."),
        cites=(R.ND62, CV3983), pages=2, to=("Sở Nội vụ tỉnh Kon Tum",), recipients=NHAN_SNV),
    doc("evidence/5.1.1/CV-3983-UBND-NC-tinh-de-an-VTVL.pdf", "3983/UBND-NC", "Công văn", "16/11/2023",
        "Đề án vị trí việc làm trong cơ quan, tổ chức hành chính",
        ("Thực hiện {0}, Ủy ban nhân dân tỉnh yêu cầu: \"Các cơ quan, đơn vị, địa phương căn cứ Thông tư "
         "hướng dẫn về vị trí việc làm của Bộ, ngành Trung ương và hướng dẫn của Sở Nội vụ khẩn trương "
         "xây dựng Đề án vị trí việc làm công chức gửi Sở Nội vụ thẩm định. Hoàn thành chậm nhất ngày "
         "30 tháng 11 năm 2023\".",),
        cites=(R.ND62,), issuer=TINH, place="Kon Tum", signer=PCT_TINH, fmt=Format.SCAN,
        to=("Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố")),
    doc("evidence/5.1.1/CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf", "3682/SNV-XDCQ&TCBM", "Công văn",
        "18/12/2023", "Xây dựng đề án vị trí việc làm trong đơn vị sự nghiệp công lập",
        ("Thực hiện {0}, Sở Nội vụ đề nghị các cơ quan, đơn vị hoàn thiện đề án vị trí việc làm trong "
         "đơn vị sự nghiệp công lập, gửi Sở Nội vụ thẩm định trước ngày 24 tháng 12 năm 2023.",),
        cites=(R.ND106,), issuer=SNV, governing="UBND TỈNH KON TUM", place="Kon Tum",
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Võ Thanh Sơn"),
        to=("Ủy ban nhân dân các huyện, thành phố",)),
    doc("evidence/5.1.2/CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx", "269/UBND-NC", "Công văn",
        "17/3/2023", "Đăng ký nhu cầu tiếp nhận công chức theo vị trí việc làm năm 2023",
        ("Căn cứ {0}, Ủy ban nhân dân huyện đăng ký nhu cầu tiếp nhận 03 công chức cấp huyện theo vị "
         "trí việc làm đã được phê duyệt.",),
        cites=(R.ND62,), to=("Sở Nội vụ tỉnh Kon Tum",), recipients=NHAN_SNV, fmt=Format.DOCX),
    doc("evidence/5.1.3/KH-142-tuyen-dung-vien-chuc-GDDT-2023.pdf", "142/KH-UBND", "Kế hoạch", "02/10/2023",
        "Tuyển dụng viên chức ngành Giáo dục và Đào tạo huyện Kon Rẫy năm 2023",
        ("Căn cứ {0}; căn cứ {1};",
         "# I. CHỈ TIÊU TUYỂN DỤNG",
         Table(("STT", "Vị trí việc làm", "Chỉ tiêu"),
               (("1", "Giáo viên mầm non hạng III", "12"), ("2", "Giáo viên tiểu học hạng III", "15"),
                ("3", "Giáo viên trung học cơ sở hạng III", "10"))),
         "# II. HÌNH THỨC TUYỂN DỤNG",
         "Xét tuyển theo quy định; kết quả được công nhận theo vị trí việc làm đã xây dựng."),
        cites=(R.ND115, R.ND106), pages=2),
    doc("evidence/5.1.3/BC-544-don-vi-su-nghiep-2018-2023.pdf", "544/BC-UBND", "Báo cáo", "15/12/2023",
        "Việc thực hiện chính sách, pháp luật về đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng, "
        "hiệu quả hoạt động của các đơn vị sự nghiệp công lập giai đoạn 2018 - 2023",
        ("Thực hiện {0}, Ủy ban nhân dân huyện báo cáo kết quả giai đoạn 2018 - 2023 như sau:",
         "Năm 2023, công nhận kết quả tuyển dụng 37 viên chức giáo dục theo {1}; tiếp nhận 07 viên "
         "chức; điều động 22 viên chức ngành giáo dục; chuyển đổi vị trí công tác 10 trường hợp."),
        cites=(NQ19, KH142), pages=3, signer=CT, recipients=NHAN_SNV),
    doc("evidence/5.4/KH-146-HU-kiem-diem-danh-gia-2023.pdf", "146-KH/HU", "Kế hoạch", "10/11/2023",
        "Kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân năm 2023",
        ("Căn cứ {0}, Ban Thường vụ Huyện ủy xây dựng kế hoạch kiểm điểm, đánh giá, xếp loại chất "
         "lượng tập thể, cá nhân năm 2023 như sau:",
         "# I. MỤC ĐÍCH, YÊU CẦU",
         "Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ của tập thể, cá nhân; gắn với kết quả "
         "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức.",
         "# II. THỜI GIAN",
         "Hoàn thành trước ngày 15 tháng 12 năm 2023."),
        cites=(QD124,), pages=2, issuer="HUYỆN ỦY KON RẪY", governing="ĐẢNG BỘ TỈNH KON TUM",
        signer=Signer("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đình Phú"), fmt=Format.SCAN,
        recipients=("Các chi, đảng bộ trực thuộc;", "Lưu: VPHU.")),
    doc("evidence/5.4/CV-1734-UBND-NC-danh-gia-xep-loai.pdf", "1734/UBND-NC", "Công văn", "17/11/2023",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2023",
        ("Thực hiện {0}; căn cứ {1}, Ủy ban nhân dân huyện đề nghị Thủ trưởng các cơ quan, đơn vị tổ "
         "chức đánh giá, xếp loại cán bộ, công chức, viên chức thuộc thẩm quyền quản lý.",),
        cites=(KH146, R.ND90), to=("Các cơ quan, đơn vị thuộc, trực thuộc UBND huyện",
                                   "UBND các xã, thị trấn")),
    doc("evidence/5.7/BC-19-PNV-dao-tao-boi-duong-2023.pdf", "19/BC-PNV", "Báo cáo", "17/11/2023",
        "Kết quả công tác đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2023",
        ("Thực hiện {0}, Phòng Nội vụ báo cáo: trong năm cử 01 công chức học lớp Chuyên viên chính; "
         "06 công chức tham dự bồi dưỡng lãnh đạo, quản lý cấp phòng và tương đương.",),
        cites=(ND101,), issuer="PHÒNG NỘI VỤ", governing="UBND HUYỆN KON RẪY", signer=NOI_VU,
        recipients=("Sở Nội vụ;", "Lưu: NV.")),
    doc("evidence/6.1.1/1. Báo cáo thực hiện, giải ngân vốn ĐT công năm 2023, Dự kiến KH năm 2024 (1).pdf",
        "459/BC-UBND", "Báo cáo", "09/11/2023",
        "Tình hình thực hiện, giải ngân kế hoạch vốn đầu tư công năm 2023, dự kiến kế hoạch năm 2024",
        ("Căn cứ {0}, Ủy ban nhân dân huyện báo cáo như sau:",
         "# I. TÌNH HÌNH GIẢI NGÂN NĂM 2023",
         "Giải ngân đến 31/10/2023 là 51.740 triệu đồng/94.561 triệu đồng, đạt 54,7% kế hoạch.",
         Table(("Nguồn vốn", "Kế hoạch (triệu đồng)", "Giải ngân đến 31/10/2023", "Tỷ lệ"),
               (("Vốn ngân sách tỉnh phân cấp", "44.886", "28.104", "62,6%"),
                ("Vốn Chương trình MTQG", "49.675", "23.636", "47,6%"),
                ("Tổng cộng", "94.561", "51.740", "54,7%"))),
         "# II. DỰ KIẾN KẾ HOẠCH NĂM 2024",
         "Tập trung bố trí vốn cho các dự án chuyển tiếp, dự án hoàn thành trong năm 2024."),
        cites=(LUAT_DTC,), pages=3, recipients=("Sở Kế hoạch và Đầu tư;", "Sở Tài chính;", "Lưu: VT, TCKH.")),
    doc("evidence/6.2.1/UBND huyện Kon Rẫy tỉnh Kon Tum.pdf", "16/BC-UBND", "Báo cáo", "20/01/2023",
        "Tình hình quản lý, sử dụng tài sản công năm 2022",
        ("Thực hiện {0}, Ủy ban nhân dân huyện báo cáo tình hình quản lý, sử dụng tài sản công năm "
         "2022: 56/56 đơn vị đã thực hiện công khai tài sản theo quy định.",),
        cites=(R.ND151,), pages=2, recipients=("Sở Tài chính tỉnh Kon Tum;", "Lưu: VT, TCKH.")),
    doc("evidence/7.1.1/Kế hoạch 45. Chuyển đổi số 2023.pdf", "45/KH-UBND", "Kế hoạch", "06/3/2023",
        "Chuyển đổi số huyện Kon Rẫy năm 2023",
        ("Căn cứ {0};",
         "# I. MỤC TIÊU",
         "Phát triển chính quyền số, kinh tế số, xã hội số; 100% văn bản trao đổi giữa các cơ quan "
         "hành chính dưới dạng điện tử, trừ văn bản mật.",
         "# II. NHIỆM VỤ",
         Table(("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
               (("1", "Nâng cấp hạ tầng mạng nội bộ", "Văn phòng HĐND&UBND", "Quý II"),
                ("2", "Đào tạo kỹ năng số cho cán bộ, công chức", "Phòng Văn hóa - Thông tin", "Quý III"),
                ("3", "Phổ cập dịch vụ công trực tuyến toàn trình", "Văn phòng HĐND&UBND", "Cả năm"),
                ("4", "Phát triển tổ công nghệ số cộng đồng", "UBND các xã, thị trấn", "Quý II")))),
        cites=(R.KH4465,), pages=3, signer=CT),
    doc("evidence/7.1.2/BC-BCĐCĐS. Báo cáo công tác Chuyển đổi số năm 2023.pdf", "05/BC-BCĐ", "Báo cáo",
        "08/12/2023", "Công tác chuyển đổi số năm 2023",
        ("Thực hiện {0}; {1}, Ban Chỉ đạo báo cáo kết quả như sau:",
         "100% nhiệm vụ của Kế hoạch chuyển đổi số năm 2023 của huyện đã hoàn thành (phụ lục kèm theo).",
         Table(("STT", "Chỉ tiêu", "Kết quả"),
               (("1", "Văn bản điện tử (trừ văn bản mật)", "4.239/4.239"),
                ("2", "Hồ sơ công việc xử lý trên môi trường mạng", "100%"),
                ("3", "Cán bộ, công chức dùng hộp thư công vụ", "100%")))),
        cites=(R.KH4465, KH45), pages=2, issuer="BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", governing="UBND HUYỆN KON RẪY",
        signer=Signer("", "TRƯỞNG BAN", "Nguyễn Văn Hòa"), recipients=("Sở Thông tin và Truyền thông;",
                                                                       "Lưu: VT.")),
    doc("evidence/7.1.5/Quyết định 344 của UBND huyện về quy chế hoạt động Trang TTĐT.pdf", "344/QĐ-UBND",
        "Quyết định", "14/6/2019", "Ban hành Quy chế hoạt động của Trang thông tin điện tử huyện Kon Rẫy",
        ("^ ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
         "Căn cứ {0};",
         "^ QUYẾT ĐỊNH:",
         "Điều 1. Ban hành kèm theo Quyết định này Quy chế hoạt động của Trang thông tin điện tử huyện.",
         "Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        cites=(ND43,), pages=2, signer=CT, recipients=("Như Điều 2;", "Lưu: VT, VHTT.")),
    doc("evidence/7.1.8/QD-1064-phan-cong-CDS-ATTT.pdf", "1064/QĐ-UBND", "Quyết định", "8/12/2023",
        "Về việc phân công cán bộ, công chức phụ trách nội dung chuyển đổi số và an toàn thông tin của "
        "UBND huyện Kon Rẫy",
        ("^ CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
         "Căn cứ {0};",
         "^ QUYẾT ĐỊNH:",
         "Điều 1. Phân công công chức Phòng Văn hóa - Thông tin phụ trách nội dung chuyển đổi số và an "
         "toàn thông tin của Ủy ban nhân dân huyện.",
         "Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        cites=(KH45,), signer=Signer("", "CHỦ TỊCH", "Nguyễn Văn Hòa"),
        recipients=("Như Điều 2;", "Lưu: VT.")),
    doc("evidence/7.2.1/QD-539-tinh-DVCTT-toan-trinh.pdf", "539/QĐ-UBND", "Quyết định", "1/11/2023",
        "Về việc công bố Danh mục dịch vụ công trực tuyến toàn trình, một phần thuộc thẩm quyền giải "
        "quyết của Ủy ban nhân dân cấp huyện, cấp xã trên địa bàn tỉnh Kon Tum",
        ("^ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM",
         "Căn cứ {0};",
         "^ QUYẾT ĐỊNH:",
         "Điều 1. Công bố kèm theo Quyết định này Danh mục dịch vụ công trực tuyến, trong đó cấp huyện "
         "có 117 dịch vụ công trực tuyến toàn trình."),
        cites=(R.ND42,), issuer=TINH, place="Kon Tum", signer=PCT_TINH, fmt=Format.SCAN,
        recipients=("Như Điều 2;", "Lưu: VT, HCC.")),
    doc("evidence/7.3.3/Thanh toan truc tuyen Kon Ray.docx", "215/BC-TTPVHCC", "Báo cáo", "04/12/2023",
        "Số liệu thanh toán trực tuyến của Ủy ban nhân dân huyện Kon Rẫy năm 2023 (đến ngày 03/12/2023)",
        ("Số liệu trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính tỉnh:",
         Table(("Chỉ tiêu", "Số liệu"),
               (("TTHC có phí, lệ phí đã triển khai thanh toán trực tuyến (cấp huyện)", "48/48"),
                ("TTHC có phát sinh giao dịch thanh toán trực tuyến", "5/48"),
                ("Hồ sơ thanh toán trực tuyến / hồ sơ đã giải quyết thuộc phạm vi", "1049/2308")))),
        issuer="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", governing="VĂN PHÒNG UBND TỈNH KON TUM", place="Kon Tum",
        signer=Signer("", "GIÁM ĐỐC", "Lưu Hữu Tài"), fmt=Format.DOCX,
        recipients=("Hội đồng thẩm định;", "Lưu: VT.")),
    doc("evidence/8.1/TB-02-PNV-tu-kiem-tra-gio-giac.jpg", "02/TB-PNV", "Thông báo", "25/4/2023",
        "Kết quả tự kiểm tra việc chấp hành giờ giấc làm việc",
        ("Thực hiện {0}, Phòng Nội vụ thông báo: qua tự kiểm tra tại các cơ quan, đơn vị thuộc, trực "
         "thuộc, không phát hiện trường hợp vi phạm giờ giấc làm việc.",),
        cites=(CT26,), issuer="PHÒNG NỘI VỤ", governing="UBND HUYỆN KON RẪY", signer=NOI_VU,
        fmt=Format.PHOTO, recipients=("Các cơ quan, đơn vị;", "Lưu: NV.")),
    doc("evidence/8.1/TB-11-SNV-kiem-tra-dot-xuat.pdf", "11/TB-SNV", "Thông báo", "20/01/2023",
        "Kết quả kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính",
        ("Thực hiện {0}, Sở Nội vụ kiểm tra đột xuất tại Ủy ban nhân dân huyện Kon Rẫy; không phát hiện "
         "trường hợp vi phạm.",),
        cites=(CT26,), issuer=SNV, governing="UBND TỈNH KON TUM", place="Kon Tum",
        signer=Signer("", "GIÁM ĐỐC", "Võ Thanh Sơn"), fmt=Format.SCAN, recipients=("UBND huyện Kon Rẫy;",
                                                                                "Lưu: VT.")),
    doc("evidence/8.1/TB-25-SNV-kiem-tra-dot-xuat.pdf", "25/TB-SNV", "Thông báo", "31/3/2023",
        "Kết quả kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính quý I năm 2023",
        ("Thực hiện {0}, Sở Nội vụ kiểm tra đột xuất tại các cơ quan chuyên môn thuộc Ủy ban nhân dân "
         "huyện Kon Rẫy; không phát hiện trường hợp vi phạm.",),
        cites=(CT26,), issuer=SNV, governing="UBND TỈNH KON TUM", place="Kon Tum",
        signer=Signer("", "GIÁM ĐỐC", "Võ Thanh Sơn"), recipients=("UBND huyện Kon Rẫy;", "Lưu: VT.")),
    doc("evidence/9.3/CV-856-UBND-NC-tra-loi-cong-dan.docx", "856/UBND-NC", "Công văn", "12/07/2023",
        "Trả lời đơn phản ánh của công dân Đặng Thị Tâm",
        ("Đối với nội dung \"Trích lục địa chính cung cấp thông tin hiện trạng thửa đất\": ngày "
         "05/7/2023 Chi nhánh Văn phòng đăng ký đất đai huyện đã phối hợp với UBND xã Tân Lập làm việc "
         "trực tiếp với bà Đặng Thị Tâm; ngày 05/12/2022, gia đình ông Đặng Văn Sáu đã nhận được Trích "
         "lục và Phiếu xác nhận kết quả đo đạc.",
         "Đối với việc nộp hồ sơ \"Cấp GCNQSD đất lần đầu\": gia đình bà đang liên hệ Ủy ban nhân dân "
         "xã Tân Lập để được hướng dẫn, xác lập hồ sơ."),
        to=("Bà Đặng Thị Tâm",), fmt=Format.DOCX, recipients=("Như trên;", "UBND xã Tân Lập;", "Lưu: VT.")),
)
