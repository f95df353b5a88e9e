"""Directive documents and commendations of the demo (SPEC §7).

The demo holds the 27 directive documents the review counts. Three are real
and named by the review: Resolution 13-NQ/TW of 18/3/2002 and Conclusion
70-KL/TW of 9/3/2020 (central, no unit) and Plan 74-KH/TU of 4/9/2021 (the
city's). The other 24 are invented city documents: their titles end with
"(minh họa)" and their summary says so, so that nobody takes them for real texts.
"""

import datetime

from hoptac.demo import names

D = datetime.date
GENERATED = " (minh họa)"
GENERATED_NOTE = "Văn bản minh họa do bộ sinh dữ liệu demo tạo ra; số hiệu và nội dung không phải của văn bản thật."

THANH_UY = "Ban Thường vụ Thành ủy Hải Phòng"
HDND = "Hội đồng nhân dân thành phố Hải Phòng"
UBND = "Ủy ban nhân dân thành phố Hải Phòng"

CENTRAL = (
    ("13-NQ/TW", D(2002, 3, 18), "Ban Chấp hành Trung ương Đảng (khóa IX)", "Nghị quyết",
     "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa IX về tiếp tục đổi mới, "
     "phát triển và nâng cao hiệu quả kinh tế tập thể",
     "Nghị quyết Trung ương 5 khóa IX: định hướng đổi mới và phát triển kinh tế tập thể, nòng cốt là hợp tác xã."),
    ("70-KL/TW", D(2020, 3, 9), "Bộ Chính trị", "Kết luận",
     "Kết luận của Bộ Chính trị về tiếp tục thực hiện Nghị quyết Trung ương 5 khóa IX về tiếp tục đổi mới, "
     "phát triển và nâng cao hiệu quả kinh tế tập thể",
     "Yêu cầu các cấp ủy tiếp tục lãnh đạo, chỉ đạo phát triển kinh tế tập thể và chuẩn bị tổng kết 20 năm."),
)
PLAN_74 = (
    "74-KH/TU", D(2021, 9, 4), THANH_UY, "Kế hoạch",
    "Kế hoạch tổng kết 20 năm thực hiện Nghị quyết số 13-NQ/TW ngày 18/3/2002 của Ban Chấp hành Trung ương "
    "Đảng tại thành phố Hải Phòng",
    "Giao các quận ủy, huyện ủy tổng kết tại địa phương trong tháng 9 và 10/2021; thành phố tổng kết "
    "ngày 28/10/2021.",
)
# (number, date, issuer, kind, title) of the invented ones, oldest first.
CITY = (
    ("08-NQ/TU", D(2002, 7, 15), THANH_UY, "Nghị quyết", "Nghị quyết về thực hiện Nghị quyết 13-NQ/TW trên địa bàn thành phố"),
    ("41/KH-UBND", D(2002, 10, 2), UBND, "Kế hoạch", "Kế hoạch triển khai Nghị quyết 13-NQ/TW về kinh tế tập thể"),
    ("17/CT-UBND", D(2003, 11, 20), UBND, "Chỉ thị", "Chỉ thị về chuyển đổi và đăng ký lại hợp tác xã theo Luật Hợp tác xã năm 2003"),
    ("1523/QĐ-UBND", D(2004, 8, 9), UBND, "Quyết định", "Quyết định thành lập Ban Chỉ đạo đổi mới, phát triển kinh tế tập thể thành phố"),
    ("2210/QĐ-UBND", D(2005, 10, 14), UBND, "Quyết định", "Quyết định về hỗ trợ đào tạo, bồi dưỡng cán bộ quản lý hợp tác xã"),
    ("36/CTr-UBND", D(2006, 5, 22), UBND, "Chương trình", "Chương trình phát triển kinh tế tập thể giai đoạn 2006–2010"),
    ("112-KL/TU", D(2007, 6, 18), THANH_UY, "Kết luận", "Kết luận sơ kết 5 năm thực hiện Nghị quyết 13-NQ/TW"),
    ("09/CT-UBND", D(2009, 4, 27), UBND, "Chỉ thị", "Chỉ thị về giải quyết dứt điểm các hợp tác xã ngừng hoạt động"),
    ("14/2010/NQ-HĐND", D(2010, 7, 21), HDND, "Nghị quyết", "Nghị quyết về chính sách hỗ trợ hợp tác xã dịch vụ nông nghiệp"),
    ("58/KH-UBND", D(2011, 3, 30), UBND, "Kế hoạch", "Kế hoạch phát triển kinh tế tập thể giai đoạn 2011–2015"),
    ("203-KL/TU", D(2012, 6, 12), THANH_UY, "Kết luận", "Kết luận tổng kết 10 năm thực hiện Nghị quyết 13-NQ/TW"),
    ("71/KH-UBND", D(2013, 6, 5), UBND, "Kế hoạch", "Kế hoạch triển khai thi hành Luật Hợp tác xã năm 2012"),
    ("12/CT-UBND", D(2014, 5, 16), UBND, "Chỉ thị", "Chỉ thị về tổ chức lại hợp tác xã theo Luật Hợp tác xã năm 2012"),
    ("2876/QĐ-UBND", D(2015, 11, 11), UBND, "Quyết định", "Quyết định về hỗ trợ đất đai, mặt bằng sản xuất cho hợp tác xã"),
    ("95/KH-UBND", D(2016, 4, 19), UBND, "Kế hoạch", "Kế hoạch phát triển kinh tế tập thể giai đoạn 2016–2020"),
    ("22/2016/NQ-HĐND", D(2016, 12, 9), HDND, "Nghị quyết", "Nghị quyết về hỗ trợ đưa lao động trẻ có trình độ về làm việc tại hợp tác xã"),
    ("1419/QĐ-UBND", D(2017, 6, 28), UBND, "Quyết định", "Đề án thí điểm mô hình hợp tác xã kiểu mới gắn với chuỗi giá trị"),
    ("2530/QĐ-UBND", D(2018, 10, 1), UBND, "Quyết định", "Quyết định hỗ trợ hợp tác xã vệ sinh môi trường, nước sạch, điện nông thôn"),
    ("124/KH-UBND", D(2019, 5, 23), UBND, "Kế hoạch", "Kế hoạch phát triển hợp tác xã nông nghiệp gắn với xây dựng nông thôn mới"),
    ("11/2019/NQ-HĐND", D(2019, 12, 10), HDND, "Nghị quyết", "Nghị quyết về chính sách hỗ trợ tín dụng cho hợp tác xã"),
    ("86-KH/TU", D(2020, 5, 8), THANH_UY, "Kế hoạch", "Kế hoạch thực hiện Kết luận 70-KL/TW của Bộ Chính trị"),
    ("267/KH-UBND", D(2020, 11, 17), UBND, "Kế hoạch", "Kế hoạch phát triển kinh tế tập thể, hợp tác xã giai đoạn 2021–2025"),
    ("1186/QĐ-UBND", D(2021, 5, 6), UBND, "Quyết định", "Quyết định hỗ trợ hợp tác xã khắc phục ảnh hưởng của dịch COVID-19"),
    ("203/KH-UBND", D(2021, 9, 15), UBND, "Kế hoạch", "Kế hoạch tổ chức Hội nghị tổng kết 20 năm thực hiện Nghị quyết 13-NQ/TW"),
)
DIRECTIVES = 27  # what the review counts

REVIEW_DAY = D(2021, 10, 28)
OCCASION = "Hội nghị tổng kết 20 năm thực hiện Nghị quyết 13-NQ/TW (28/10/2021)"
DECISION = "2985/QĐ-UBND ngày 25/10/2021 (minh họa)"
AGENCIES = (
    "Phòng Kinh tế quận Hồng Bàng",
    "Phòng Nông nghiệp và Phát triển nông thôn huyện Tiên Lãng",
    "Phòng Nông nghiệp và Phát triển nông thôn huyện Vĩnh Bảo",
)
COLLECTIVES, INDIVIDUALS = 27, 9


def create_documents(province):
    """The 27 documents: 2 central ones and 25 of the city (``province``: unit 31 before the reform)."""
    from hoptac.registry.models import PolicyDocument

    rows = [PolicyDocument(number=n, issued_on=d, issuer=i, kind=k, title=t, summary=s, unit=None)
            for n, d, i, k, t, s in CENTRAL]
    n, d, i, k, t, s = PLAN_74
    rows.append(PolicyDocument(number=n, issued_on=d, issuer=i, kind=k, title=t, summary=s, unit=province))
    rows += [PolicyDocument(number=n, issued_on=d, issuer=i, kind=k, title=t + GENERATED, summary=GENERATED_NOTE,
                            unit=province) for n, d, i, k, t in CITY]
    assert len(rows) == DIRECTIVES
    return PolicyDocument.objects.bulk_create(rows)


def create_commendations(rng):
    """27 collectives (24 cooperatives and 3 agencies) and 9 people commended on 28/10/2021.

    The cooperatives are the ones with the highest 2021 revenue; the people are
    the heads of six of them and three officers.
    """
    from hoptac.registry.models import AnnualReport, Commendation

    best = list(
        AnnualReport.objects.filter(year=2021, in_force=True, organization__kind="htx")
        .select_related("organization").order_by("-revenue", "organization__code")[: COLLECTIVES - len(AGENCIES)]
    )
    common = {"awarded_on": REVIEW_DAY, "occasion": OCCASION, "decision": DECISION}
    rows = [Commendation(recipient_kind="collective", recipient=r.organization.name, organization=r.organization, **common)
            for r in best]
    rows += [Commendation(recipient_kind="collective", recipient=a, **common) for a in AGENCIES]
    for r in best[:6]:
        org = r.organization
        rows.append(Commendation(recipient_kind="individual", organization=org,
                                 recipient=f"{org.representative}, Giám đốc {org.name}", **common))
    for role in ("chuyên viên Chi cục Phát triển nông thôn", "chuyên viên Phòng Kinh tế quận Ngô Quyền",
                 "cán bộ Liên minh Hợp tác xã thành phố"):
        rows.append(Commendation(recipient_kind="individual", recipient=f"{names.person(rng)}, {role}", **common))
    return Commendation.objects.bulk_create(rows)
