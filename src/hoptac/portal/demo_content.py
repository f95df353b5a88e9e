"""The demo's portal content: page tree, footer settings and a few news articles
written for hoptac (facts of the 2021 Hải Phòng review, in our own words).

:func:`create_demo_pages` is idempotent: an article whose slug exists is left as
it is, so the demo builder may call it on every run.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from hoptac.portal import cache
from hoptac.portal.models import ArticlePage, NewsIndexPage, PortalSettings
from hoptac.portal.pages import ensure_portal_pages

D = datetime.date

FOOTER = {
    "office": "Sở Tài chính thành phố Hải Phòng (dữ liệu minh hoạ)",
    "editor_in_chief": "Ban biên tập cổng thông tin kinh tế tập thể",
    "address": "Trụ sở Sở Tài chính, thành phố Hải Phòng (địa chỉ minh hoạ)",
    "phones": "0225 000 0000",
    "email": "kinhtetapthe@example.gov.vn",
}

ARTICLES = [
    {
        "slug": "tong-ket-20-nam-nghi-quyet-13",
        "title": "Hải Phòng nhìn lại 20 năm phát triển kinh tế tập thể theo Nghị quyết 13-NQ/TW",
        "date": D(2021, 10, 28),
        "lead": (
            "Ngày 28/10/2021, thành phố tổ chức hội nghị trực tuyến tổng kết hai mươi năm thực hiện "
            "Nghị quyết 13-NQ/TW về kinh tế tập thể, kết nối điểm cầu thành phố với các quận, huyện."
        ),
        "image": ("Hội nghị tổng kết", "#8b0000"),
        "image_alt": "Hình minh hoạ: sân khấu hội nghị với hàng ghế đại biểu và màn hình trình chiếu",
        "image_caption": "Hội nghị tổng kết 20 năm Nghị quyết 13-NQ/TW (hình minh hoạ của bản demo).",
        "tags": ["Nghị quyết 13", "hội nghị", "số liệu"],
        "figure": (
            ("Hợp tác xã theo lĩnh vực", "#4d4d00"),
            "Hình minh hoạ: các cột có chiều cao khác nhau tượng trưng số hợp tác xã theo lĩnh vực",
            "Nông nghiệp, công nghiệp – tiểu thủ công nghiệp và thương mại – dịch vụ là ba lĩnh vực đông hợp tác xã nhất.",
        ),
        "paragraphs": [
            "Nghị quyết 13-NQ/TW được Ban Chấp hành Trung ương ban hành ngày 18/3/2002, mở ra giai đoạn "
            "đổi mới và nâng cao hiệu quả kinh tế tập thể. Để chuẩn bị cho hội nghị của thành phố, Ban "
            "Thường vụ Thành ủy đã có Kế hoạch 74-KH/TU ngày 04/9/2021; các quận, huyện tổng kết ở địa "
            "phương trong hai tháng 9 và 10/2021.",
            "Theo số liệu ước đến 31/12/2021, trên địa bàn có <b>549 hợp tác xã</b>, trong đó 347 hợp tác xã "
            "đang hoạt động và 202 hợp tác xã ngừng hoạt động, chờ giải thể. Nông nghiệp vẫn là lĩnh vực "
            "đông nhất, tiếp theo là công nghiệp – tiểu thủ công nghiệp, thương mại – dịch vụ và giao thông vận tải.",
            "Trong giai đoạn, 160 hợp tác xã và một liên hiệp hợp tác xã được thành lập mới; 107 hợp tác xã "
            "và 9 quỹ tín dụng nhân dân giải thể, phần lớn vì hoạt động kém hiệu quả hoặc không chuyển đổi "
            "theo luật. Khu vực này có khoảng 62.950 thành viên và 8.183 lao động.",
            "Doanh thu bình quân ước 8.438 triệu đồng mỗi hợp tác xã, bằng 34,83% mức năm 2001; thu nhập bình "
            "quân của thành viên, người lao động ước 46,4 triệu đồng mỗi người mỗi năm, gấp khoảng 3,09 lần năm 2001. "
            "Các con số này có thể tra lại theo từng quận, huyện trên trang Thống kê của cổng.",
            "Thành phố đặt mục tiêu đến năm 2030 có gần 300 tổ hợp tác, trên 500 hợp tác xã hoạt động và khu vực "
            "kinh tế tập thể đóng góp khoảng 0,5% GRDP; đến năm 2045 có khoảng 400 tổ hợp tác và trên 600 hợp tác "
            "xã hoạt động. Hướng đi được nhấn mạnh là các mô hình kiểu mới như dịch vụ vệ sinh môi trường, nước "
            "sạch và điện nông thôn, cùng việc tiếp tục thực hiện Kết luận 70-KL/TW ngày 09/3/2020 của Bộ Chính trị.",
            "Trong hai mươi năm, thành phố đã ban hành 27 văn bản chỉ đạo về kinh tế tập thể. Tại hội nghị, "
            "27 tập thể và 9 cá nhân được tặng Bằng khen vì thành tích xuất sắc.",
        ],
    },
    {
        "slug": "cong-thong-tin-so-lieu-hop-tac-xa",
        "title": "Số liệu hợp tác xã được công bố trực tiếp từ sổ đăng ký",
        "date": D(2022, 3, 15),
        "lead": (
            "Trang Thống kê của cổng cho phép chọn một quận, huyện hoặc xã và một ngày bất kỳ để xem số hợp tác xã "
            "theo tình trạng, lĩnh vực và các chỉ tiêu chính, kèm bảng số liệu tải về."
        ),
        "image": ("Số liệu", "#1f4e79"),
        "image_alt": "Hình minh hoạ: biểu đồ cột và đường trên màn hình máy tính",
        "image_caption": "Các biểu đồ luôn đi kèm bảng số liệu (hình minh hoạ của bản demo).",
        "tags": ["số liệu", "chuyển đổi số"],
        "paragraphs": [
            "Mỗi con số trên cổng được tính từ lịch sử sự kiện của từng tổ chức: thành lập, tạm ngừng, hoạt động "
            "trở lại, giải thể, chuyển địa bàn. Vì vậy có thể xem lại tình hình ở bất kỳ thời điểm nào từ năm 2001.",
            "Người xem có thể tải bảng số liệu dạng CSV hoặc Excel. Các biểu đồ dùng hoa văn và ký hiệu khác nhau, "
            "đọc được cả khi không phân biệt màu.",
        ],
    },
    {
        "slug": "hop-tac-xa-nuoc-sach-nong-thon",
        "title": "Hợp tác xã dịch vụ nước sạch: một mô hình kiểu mới ở nông thôn",
        "date": D(2022, 6, 8),
        "lead": (
            "Bên cạnh các hợp tác xã nông nghiệp truyền thống, những hợp tác xã cung cấp nước sạch, thu gom rác "
            "và điện sinh hoạt đang cho thấy hiệu quả ở nhiều xã."
        ),
        "image": ("Nước sạch", "#1e5c2a"),
        "image_alt": "Hình minh hoạ: bể chứa nước và đường ống dẫn về khu dân cư",
        "image_caption": "Mô hình dịch vụ nước sạch nông thôn (hình minh hoạ của bản demo).",
        "tags": ["hợp tác xã kiểu mới", "môi trường"],
        "paragraphs": [
            "Các hợp tác xã dịch vụ công ích hoạt động dựa trên sự tham gia của chính người dùng: thành viên góp vốn, "
            "cùng quyết định giá dịch vụ và được chia lợi ích theo mức sử dụng.",
            "Trong danh bạ của cổng, có thể lọc theo lĩnh vực “môi trường, nước sạch, điện nông thôn” để tìm các "
            "hợp tác xã loại này và xem sản phẩm, dịch vụ mà họ công bố.",
        ],
    },
    {
        "slug": "thu-thap-bao-cao-nam",
        "title": "Mùa báo cáo năm: hợp tác xã nộp số liệu qua mạng",
        "date": D(2023, 1, 10),
        "lead": (
            "Từ năm nay, hợp tác xã có thể nộp báo cáo tình hình hoạt động năm trên hệ thống; cán bộ xã, huyện "
            "kiểm tra và Sở phê duyệt trước khi số liệu được đưa vào thống kê."
        ),
        "image": ("Báo cáo năm", "#5a2d82"),
        "image_alt": "Hình minh hoạ: biểu mẫu báo cáo với các ô số liệu và dấu xác nhận",
        "image_caption": "Quy trình nộp và duyệt báo cáo năm (hình minh hoạ của bản demo).",
        "tags": ["báo cáo năm", "chuyển đổi số"],
        "paragraphs": [
            "Báo cáo gồm số thành viên, lao động, doanh thu, lợi nhuận, thu nhập bình quân và giá trị gia tăng, "
            "tính bằng triệu đồng. Báo cáo đã duyệt được khoá; mọi điều chỉnh được lưu thành bản sửa mới.",
            "Tỷ lệ hợp tác xã đã nộp báo cáo được công bố cùng các chỉ tiêu khác trên trang Thống kê.",
        ],
    },
]


def _illustration(title, colour):
    """A simple drawn picture (no text, no third-party artwork) for an article."""
    width, height = 960, 540
    picture = PILImage.new("RGB", (width, height), "#f4f1ec")
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, height - 140, width, height], fill=colour)
    for i in range(6):
        x = 80 + i * 140
        bar = 80 + (i * 53) % 220
        draw.rectangle([x, height - 160 - bar, x + 90, height - 160], fill=colour, outline="#1a1a1a", width=3)
    draw.ellipse([width - 220, 40, width - 80, 180], fill="#e8b923", outline="#1a1a1a", width=3)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return ImageFile(out, name=f"{abs(hash(title)) % 10**8}.png")


def _image(title, colour):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(title=title, file=_illustration(title, colour))


@transaction.atomic
def create_demo_pages():
    """The page tree, footer settings and demo articles; returns the articles created now."""
    home = ensure_portal_pages()
    site = Site.objects.filter(root_page=home).first() or Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    changed = [k for k, v in FOOTER.items() if not getattr(settings, k)]
    for key in changed:
        setattr(settings, key, FOOTER[key])
    if changed:
        settings.save()
    index = NewsIndexPage.objects.child_of(home).first()
    created = []
    for spec in ARTICLES:
        if ArticlePage.objects.filter(slug=spec["slug"]).exists():
            continue
        image = _image(*spec["image"])
        body = [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in spec["paragraphs"]]
        if "figure" in spec:
            picture, alt, caption = spec["figure"]
            body.insert(2, {"type": "image", "value": {"image": _image(*picture).pk, "alt": alt, "caption": caption}})
        article = ArticlePage(
            title=spec["title"], slug=spec["slug"], date=spec["date"], lead=spec["lead"],
            feed_image=image, feed_image_alt=spec["image_alt"], feed_image_caption=spec["image_caption"],
            authors="Ban biên tập", body=body,
        )
        index.add_child(instance=article)
        article.tags.add(*spec["tags"])
        revision = article.save_revision()
        revision.publish()
        published = datetime.datetime.combine(spec["date"], datetime.time(9), tzinfo=datetime.UTC)
        ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published, last_published_at=published)
        created.append(article)
    cache.bump()
    return created
