"""Generic administrative prose used to bring a document to its page count.

It never contains a document number or a date, so it cannot add a citation the truth file does
not list.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

_SENTENCES = (
    "Thủ trưởng các cơ quan, đơn vị chủ động xây dựng kế hoạch chi tiết, phân công cụ thể người "
    "chịu trách nhiệm, thời hạn hoàn thành và sản phẩm đầu ra của từng nhiệm vụ.",
    "Tăng cường công tác kiểm tra, đôn đốc việc thực hiện; kịp thời phát hiện, chấn chỉnh những tồn "
    "tại, hạn chế và biểu dương những tập thể, cá nhân có thành tích tiêu biểu.",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong chỉ đạo, điều hành; bảo đảm 100% văn bản đi, đến "
    "được xử lý trên môi trường mạng, trừ văn bản mật theo quy định.",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức làm việc tại Bộ phận tiếp nhận và trả kết quả, "
    "bảo đảm thái độ phục vụ tận tình, chu đáo, đúng quy trình.",
    "Các cơ quan, đơn vị định kỳ báo cáo kết quả thực hiện về Ủy ban nhân dân huyện thông qua Phòng "
    "Nội vụ để tổng hợp, báo cáo cấp trên theo quy định.",
    "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp "
    "thời để được hướng dẫn, giải quyết theo thẩm quyền.",
    "Việc triển khai bảo đảm thiết thực, hiệu quả, tránh hình thức; gắn trách nhiệm của người đứng "
    "đầu với kết quả thực hiện nhiệm vụ được giao.",
    "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thời gian giải quyết, tạo thuận lợi "
    "tối đa cho người dân và doanh nghiệp.",
    "Công khai, minh bạch thông tin trên Trang thông tin điện tử của huyện; tiếp nhận và xử lý kịp "
    "thời phản ánh, kiến nghị của cá nhân, tổ chức.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước giao trong dự toán hằng năm của các "
    "cơ quan, đơn vị và các nguồn hợp pháp khác.",
    "Phối hợp chặt chẽ giữa các cơ quan chuyên môn và Ủy ban nhân dân các xã, thị trấn trong việc "
    "triển khai, theo dõi và đánh giá kết quả thực hiện.",
    "Kết quả thực hiện nhiệm vụ là một trong những căn cứ để đánh giá, xếp loại chất lượng tập thể, "
    "cá nhân và bình xét thi đua, khen thưởng cuối năm.",
)


def filler(seed: int) -> Iterator[str]:
    """An endless, seeded stream of paragraphs, each two or three sentences long."""
    rng = random.Random(seed)
    while True:
        count = rng.choice((2, 3))
        yield " ".join(rng.sample(_SENTENCES, count))


def short_filler(seed: int) -> Iterator[str]:
    """Single sentences, to top up the last page without spilling onto a new one."""
    rng = random.Random(seed ^ 0x5A5A)
    while True:
        yield rng.choice(_SENTENCES)
