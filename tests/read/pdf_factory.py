"""Real test documents built on the fly: Decree-30 text PDFs, noisy scans, legacy-font PDFs.

Nothing here is mocked: the PDFs are written by reportlab (text) or by hand (legacy 8-bit fonts),
and the scans are rasterised by PDFium, rotated and noised with Pillow, then embedded as JPEG.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF, SERIF_BOLD = "DejaVuSerif", "DejaVuSerif-Bold"

LEFT = ("ỦY BAN NHÂN DÂN", "HUYỆN KON RẪY", "Số: 163/KH-UBND")
RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Kon Rẫy, ngày 30 tháng 12 năm 2022")
TITLE = ("KẾ HOẠCH", "Cải cách hành chính nhà nước năm 2023")
BODY = (
    "Căn cứ Kế hoạch số 5126/KH-UBND ngày 22/12/2022 của Ủy ban",
    "nhân dân tỉnh Kon Tum về cải cách hành chính nhà nước năm 2023;",
    "Ủy ban nhân dân huyện ban hành Kế hoạch cải cách hành chính",
    "nhà nước năm 2023 trên địa bàn huyện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng",
    "phục vụ người dân, doanh nghiệp; đúng tiến độ, đo lường được.",
)


def _fonts() -> None:
    # each name on its own: other test modules may have registered one of them already
    for name, file in ((SERIF, "DejaVuSerif.ttf"), (SERIF_BOLD, "DejaVuSerif-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def draw_decree30(c: Canvas, body: Sequence[str] = BODY) -> None:
    """One page in the Decree 30 layout: issuer and number left, motto and date right, title centred."""
    width, height = A4
    left_centre, right_centre = 175.0, 400.0
    y = height - 60
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        c.setFont(SERIF_BOLD if i < 2 else SERIF, 12)
        c.drawCentredString(left_centre, y, left)
        c.setFont(SERIF_BOLD if i < 2 else SERIF, 12)
        c.drawCentredString(right_centre, y, right)
        y -= 20
    y -= 25
    c.setFont(SERIF_BOLD, 14)
    c.drawCentredString(width / 2 + 20, y, TITLE[0])
    y -= 20
    c.setFont(SERIF_BOLD, 13)
    c.drawCentredString(width / 2 + 20, y, TITLE[1])
    y -= 40
    c.setFont(SERIF, 12)
    for line in body:
        c.drawString(85, y, line)
        y -= 18


def draw_body_page(c: Canvas, n: int) -> None:
    c.setFont(SERIF, 12)
    y = A4[1] - 70
    for k in range(30):
        c.drawString(85, y, f"Trang {n}, dòng {k + 1}: nhiệm vụ cải cách hành chính giao các phòng.")
        y -= 18


def make_text_pdf(path: Path, pages: int = 1, encrypt: StandardEncryption | None = None) -> Path:
    """A Decree-30 plan with a text layer; page 1 has the header, later pages are body text."""
    _fonts()
    c = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for n in range(1, pages + 1):
        if n == 1:
            draw_decree30(c)
        else:
            draw_body_page(c, n)
        c.showPage()
    c.save()
    return path


def render_page(pdf_path: Path, index: int = 0, dpi: int = 200) -> Image.Image:
    doc = pdfium.PdfDocument(pdf_path)
    try:
        page = doc[index]
        image: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
        return image
    finally:
        doc.close()


def scanned(image: Image.Image, angle: float = 1.2, noise: float = 18.0, seed: int = 7) -> Image.Image:
    """Rotate like a hand-fed scan and add sensor noise and a paper tint."""
    rotated = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                                         fillcolor=255)
    noisy = Image.effect_noise(rotated.size, noise)
    blended = Image.blend(rotated, noisy, 0.12)
    rng = random.Random(seed)
    px = blended.load()
    assert px is not None
    for _ in range(blended.width * blended.height // 4000):   # speckles
        px[rng.randrange(blended.width), rng.randrange(blended.height)] = 0
    return Image.merge("RGB", (blended, blended, blended.point(lambda v: max(0, v - 12))))


def _jpeg(image: Image.Image, quality: int = 75) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def make_scan_pdf(path: Path, images: Sequence[Image.Image], dpi: int = 200,
                  hidden_text: str | None = None, text_pages: Sequence[int] = ()) -> Path:
    """A PDF whose pages are JPEG images (no text layer), optionally with text pages in between.

    ``hidden_text`` is laid invisibly (render mode 3) over each scan, like a bad OCR layer.
    ``text_pages`` are 1-based positions that get a real text page instead of the next image.
    """
    _fonts()
    saved = rl_config.useA85
    rl_config.useA85 = 0        # plain DCTDecode streams, as scanners write them
    try:
        return _scan_pdf(path, images, hidden_text, text_pages)
    finally:
        rl_config.useA85 = saved    # a module global: other tests build PDFs byte-exactly


def _scan_pdf(path: Path, images: Sequence[Image.Image], hidden_text: str | None,
              text_pages: Sequence[int]) -> Path:
    c = Canvas(str(path), pagesize=A4)
    width, height = A4
    queue = list(images)
    total = len(queue) + len(text_pages)
    for n in range(1, total + 1):
        if n in text_pages:
            draw_decree30(c) if n == 1 else draw_body_page(c, n)
        else:
            image = queue.pop(0)
            c.drawImage(ImageReader(io.BytesIO(_jpeg(image))), 0, 0, width=width, height=height)
            if hidden_text:
                t = c.beginText(85, height - 100)
                t.setTextRenderMode(3)
                t.setFont(SERIF, 12)
                for line in hidden_text.splitlines():
                    t.textLine(line)
                c.drawText(t)
        c.showPage()
    c.save()
    return path


def blank_scan(dpi: int = 200) -> Image.Image:
    size = (round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi))
    paper = Image.new("L", size, 245)
    return Image.blend(paper, Image.effect_noise(size, 6.0), 0.05)


def user_password(password: str = "mat-khau") -> StandardEncryption:
    return StandardEncryption(userPassword=password, ownerPassword="chu-so-huu", strength=128)


def owner_password_only() -> StandardEncryption:
    return StandardEncryption(userPassword="", ownerPassword="chu-so-huu", canCopy=0, strength=128)


def make_legacy_pdf(path: Path, lines: Sequence[tuple[str, bytes, float, float]]) -> Path:
    """A one-page PDF drawn in non-embedded 8-bit fonts, as Word wrote TCVN3/VNI documents.

    ``lines`` gives a base font name (".VnTime", ".VnTimeH", "VNI-Times"), the raw bytes typed in
    that font's encoding, and where the line starts (x, y from the top). The fonts use
    WinAnsiEncoding, so a text extractor returns the cp1252 reading of the bytes: the familiar
    mojibake.
    """
    fonts = sorted({line[0] for line in lines})
    font_ids = {font: f"F{i + 1}" for i, font in enumerate(fonts)}
    ops = []
    for font, raw, x, y in lines:
        escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(f"BT /{font_ids[font]} 12 Tf {x:.1f} {842 - y:.1f} Td (".encode() + escaped + b") Tj ET")
    content = b"\n".join(ops)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << "
        + b" ".join(f"/{font_ids[f]} {5 + i} 0 R".encode() for i, f in enumerate(fonts)) + b" >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    for font in fonts:
        objects.append(b"<< /Type /Font /Subtype /TrueType /BaseFont /" + font.encode()
                       + b" /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
