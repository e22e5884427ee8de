"""Documents cited in the bodies of the Kon Rẫy sample but not themselves evidence: national and
provincial legal bases and guidance. Those the seed table names keep the seed's number and date;
the rest are real national documents with their public dates, except where marked invented."""

from __future__ import annotations

import datetime as dt

from samplegen.spec import Ref

D = dt.date
CP = "của Chính phủ"
UBT = "của Ủy ban nhân dân tỉnh Kon Tum"

ND30 = Ref("30/2020/NĐ-CP", D(2020, 3, 5), "Nghị định", CP, "về công tác văn thư", long_date=True)
NQ76 = Ref("76/NQ-CP", D(2021, 7, 15), "Nghị quyết", CP,
           "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030")
ND59 = Ref("59/2012/NĐ-CP", D(2012, 7, 23), "Nghị định", CP, "về theo dõi tình hình thi hành pháp luật")
ND34 = Ref("34/2016/NĐ-CP", D(2016, 5, 14), "Nghị định", CP,
           "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản quy phạm pháp luật")
TT03 = Ref("03/2019/TT-BTP", D(2019, 3, 20), "Thông tư", "của Bộ Tư pháp",
           "quy định một số nội dung về công tác thống kê của Ngành Tư pháp")
ND62 = Ref("62/2020/NĐ-CP", D(2020, 6, 1), "Nghị định", CP, "về vị trí việc làm và biên chế công chức")
ND106 = Ref("106/2020/NĐ-CP", D(2020, 9, 10), "Nghị định", CP,
            "về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công lập")
ND115 = Ref("115/2020/NĐ-CP", D(2020, 9, 25), "Nghị định", CP, "quy định về tuyển dụng, sử dụng và quản lý viên chức")
ND90 = Ref("90/2020/NĐ-CP", D(2020, 8, 13), "Nghị định", CP,
           "về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức")
ND33 = Ref("33/2023/NĐ-CP", D(2023, 6, 10), "Nghị định", CP,
           "quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã")
ND42 = Ref("42/2022/NĐ-CP", D(2022, 6, 24), "Nghị định", CP,
           "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng")
ND151 = Ref("151/2017/NĐ-CP", D(2017, 12, 26), "Nghị định", CP,
            "quy định chi tiết một số điều của Luật Quản lý, sử dụng tài sản công")
QD06 = Ref("06/QĐ-TTg", D(2022, 1, 6), "Quyết định", "của Thủ tướng Chính phủ",
           "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử")
# named in the seed table
HD01_SNV = Ref("01/HD-SNV", D(2022, 2, 25), "Hướng dẫn", "của Sở Nội vụ",
               "về chế độ báo cáo công tác cải cách hành chính")
KH4465 = Ref("4465/KH-UBND", D(2022, 12, 30), "Kế hoạch", UBT, "về chuyển đổi số năm 2023 trên địa bàn tỉnh Kon Tum")
QD887 = Ref("887/QĐ-UBND", D(2022, 12, 30), "Quyết định", UBT, "ban hành Chương trình công tác năm 2023")
CV3162 = Ref("3162/SNV-HCTH", D(2023, 11, 3), "Công văn", "của Sở Nội vụ",
             "về hướng dẫn triển khai công tác tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2023")
# invented: the province's own 2023 CCHC plan (the seed does not name it)
KH_TINH_CCHC = Ref("4390/KH-UBND", D(2022, 12, 26), "Kế hoạch", UBT, "về cải cách hành chính nhà nước năm 2023")
