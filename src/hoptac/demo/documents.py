"""Directive documents, the action plan, support given and commendations of the demo (SPEC §7 v2).

The review counts 27 directive documents of the city, 2002–2021. One is real
and named by the review: Plan 74-KH/TU of 4/9/2021. The other 26 are invented
city documents: their titles end with "(minh họa)" and their summary says so,
so that nobody takes them for real texts. The central texts the city's
documents implement — Resolution 13-NQ/TW of 18/3/2002 and Conclusion 70-KL/TW
of 9/3/2020 — are stored too, at level ``central``, and not counted. Summaries
are the product's own words.

The action plan 2022–2030, the support of 2019–2025 and the awards of the 2021
decision (27 collectives — 24 cooperatives and 3 agencies — and 9 individuals)
are generated deterministically from the register.
"""

import datetime
from decimal import Decimal

from hoptac.demo import names
from hoptac.directives.models import Award, Document, Support, Task, TaskProgress
from hoptac.registry.models import AnnualReport

D = datetime.date
GENERATED = " (minh họa)"
GENERATED_NOTE = "Văn bản minh họa do bộ sinh dữ liệu demo tạo ra; số hiệu và nội dung không phải của văn bản thật."

THANH_UY = "Ban Thường vụ Thành ủy Hải Phòng"
HDND = "Hội đồng nhân dân thành phố Hải Phòng"
UBND = "Ủy ban nhân dân thành phố Hải Phòng"

KINDS = {"Nghị quyết": "nghi_quyet", "Kết luận": "ket_luan", "Chỉ thị": "chi_thi", "Kế hoạch": "ke_hoach",
         "Quyết định": "quyet_dinh", "Chương trình": "khac"}

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
    ("2410/QĐ-UBND", D(2021, 10, 8), UBND, "Quyết định", "Quyết định kiện toàn Ban Chỉ đạo đổi mới, phát triển kinh tế tập thể thành phố"),
    ("45/2021/NQ-HĐND", D(2021, 12, 10), HDND, "Nghị quyết", "Nghị quyết về chính sách hỗ trợ phát triển kinh tế tập thể giai đoạn 2022–2025"),
)
DIRECTIVES = 27  # what the review counts: the city's own documents
# Links between the city's documents (number -> numbers), invented like the documents.
REPLACES = {"58/KH-UBND": ("36/CTr-UBND",), "95/KH-UBND": ("58/KH-UBND",), "267/KH-UBND": ("95/KH-UBND",),
            "2410/QĐ-UBND": ("1523/QĐ-UBND",)}
AMENDS = {"11/2019/NQ-HĐND": ("14/2010/NQ-HĐND",), "45/2021/NQ-HĐND": ("22/2016/NQ-HĐND",)}
AFTER_70 = {"86-KH/TU", "267/KH-UBND", "74-KH/TU", "203/KH-UBND", "2410/QĐ-UBND", "45/2021/NQ-HĐND"}

REVIEW_DAY = D(2021, 10, 28)
OCCASION = "Đã có thành tích xuất sắc trong 20 năm thực hiện Nghị quyết 13-NQ/TW (2002–2021)"
DECISION = "2985/QĐ-UBND"
DECIDED_ON = D(2021, 10, 25)
AWARD_KIND = "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố"
AGENCIES = (
    "Phòng Kinh tế quận Hồng Bàng",
    "Phòng Nông nghiệp và Phát triển nông thôn huyện Tiên Lãng",
    "Phòng Nông nghiệp và Phát triển nông thôn huyện Vĩnh Bảo",
)
COLLECTIVES, INDIVIDUALS = 27, 9


def create_documents(province):
    """The 27 documents of the city (level ``province``) and the two central texts they implement."""
    def make(number, issued_on, issuer, kind, title, summary, level):
        return Document(number=number, issued_on=issued_on, issuer=issuer, kind=KINDS[kind], title=title,
                        summary=summary, level=level)

    central = [make(*row, "central") for row in CENTRAL]
    city = [make(*PLAN_74, "province")]
    city += [make(n, d, i, k, t + GENERATED, f"{t}. {GENERATED_NOTE}", "province") for n, d, i, k, t in CITY]
    assert len(city) == DIRECTIVES
    Document.objects.bulk_create(central + city)
    by_number = {d.number: d for d in Document.objects.all()}
    resolution, conclusion = by_number["13-NQ/TW"], by_number["70-KL/TW"]
    for doc in city:
        doc = by_number[doc.number]
        doc.implements.add(conclusion if doc.number in AFTER_70 else resolution)
        doc.replaces.add(*(by_number[n] for n in REPLACES.get(doc.number, ())))
        doc.amends.add(*(by_number[n] for n in AMENDS.get(doc.number, ())))
    return by_number


# (lead agency, partners, task) of the action plan 2022–2030 set by Plan 74-KH/TU's follow-up plan.
PLAN_TASKS = (
    ("Sở Kế hoạch và Đầu tư", "Liên minh Hợp tác xã thành phố; Ủy ban nhân dân các quận, huyện",
     "Rà soát, phân loại hợp tác xã; giải thể dứt điểm hợp tác xã ngừng hoạt động"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài chính; Ủy ban nhân dân các huyện",
     "Xây dựng mô hình hợp tác xã nông nghiệp gắn với chuỗi giá trị sản phẩm chủ lực"),
    ("Sở Công Thương", "Liên minh Hợp tác xã thành phố",
     "Hỗ trợ hợp tác xã tham gia hội chợ, xúc tiến thương mại và sàn thương mại điện tử"),
    ("Sở Tài nguyên và Môi trường", "Ủy ban nhân dân các quận, huyện",
     "Bố trí quỹ đất, mặt bằng sản xuất cho hợp tác xã trong quy hoạch sử dụng đất"),
    ("Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Phát triển nông thôn",
     "Hỗ trợ hợp tác xã ứng dụng khoa học, công nghệ và chuyển đổi số"),
    ("Liên minh Hợp tác xã thành phố", "Sở Lao động – Thương binh và Xã hội",
     "Đào tạo, bồi dưỡng cán bộ quản lý và thành viên hợp tác xã"),
    ("Ngân hàng Nhà nước chi nhánh Hải Phòng", "Quỹ hỗ trợ phát triển hợp tác xã",
     "Mở rộng tín dụng cho hợp tác xã có phương án sản xuất kinh doanh hiệu quả"),
    ("Sở Tài chính", "Sở Kế hoạch và Đầu tư",
     "Bố trí ngân sách thực hiện chính sách hỗ trợ kinh tế tập thể hằng năm"),
    ("Sở Kế hoạch và Đầu tư", "Cục Thống kê thành phố",
     "Xây dựng cơ sở dữ liệu hợp tác xã và bộ chỉ tiêu thống kê kinh tế tập thể"),
    ("Sở Nội vụ", "Sở Kế hoạch và Đầu tư",
     "Bố trí cán bộ theo dõi kinh tế tập thể ở cấp huyện, cấp xã"),
    ("Sở Xây dựng", "Ủy ban nhân dân các quận",
     "Hỗ trợ hợp tác xã nhà ở, môi trường đô thị tham gia dịch vụ công"),
    ("Sở Thông tin và Truyền thông", "Báo Hải Phòng; Đài Phát thanh và Truyền hình Hải Phòng",
     "Tuyên truyền, nhân rộng mô hình hợp tác xã kiểu mới"),
)
# (start, deadline, status) by task, and the progress notes of each.
PLAN_DATES = (
    (D(2022, 1, 1), D(2023, 12, 31), "done"), (D(2022, 1, 1), D(2025, 12, 31), "in_progress"),
    (D(2022, 3, 1), D(2030, 12, 31), "in_progress"), (D(2022, 1, 1), D(2024, 6, 30), "in_progress"),
    (D(2022, 6, 1), D(2027, 12, 31), "in_progress"), (D(2022, 1, 1), D(2030, 12, 31), "in_progress"),
    (D(2022, 1, 1), D(2025, 12, 31), "done"), (D(2022, 1, 1), D(2030, 12, 31), "in_progress"),
    (D(2022, 1, 1), D(2023, 6, 30), "done"), (D(2023, 1, 1), D(2024, 12, 31), "cancelled"),
    (D(2024, 1, 1), D(2026, 12, 31), "not_started"), (D(2022, 1, 1), D(2030, 12, 31), "in_progress"),
)
PLAN_DOCUMENT = "45/2021/NQ-HĐND"


def create_action_plan(documents):
    """Twelve tasks for the city's departments, 2022–2030, with yearly progress notes."""
    plan = documents[PLAN_DOCUMENT]
    tasks = Task.objects.bulk_create([
        Task(code=f"KH74-{i:02d}", document=plan if i % 3 else documents["74-KH/TU"], title=title,
             lead_agency=lead, partners=partners, starts_on=start, deadline=deadline, status=status)
        for i, ((lead, partners, title), (start, deadline, status)) in enumerate(zip(PLAN_TASKS, PLAN_DATES), 1)
    ])
    notes = []
    for task in tasks:
        if task.status == "not_started":
            continue
        last = min(task.deadline.year, 2025) if task.status != "cancelled" else 2023
        for year in range(task.starts_on.year, last + 1):
            notes.append(TaskProgress(task=task, on=D(year, 12, 15),
                                      note=f"Báo cáo kết quả thực hiện năm {year}: đã triển khai theo kế hoạch."))
        if task.status == "done":
            notes.append(TaskProgress(task=task, on=task.deadline, note="Hoàn thành nhiệm vụ."))
        if task.status == "cancelled":
            notes.append(TaskProgress(task=task, on=D(2023, 12, 20), note="Dừng thực hiện; nội dung chuyển sang nhiệm vụ khác."))
    TaskProgress.objects.bulk_create(notes)
    return tasks


SUPPORT_KINDS = ("land", "training", "trade_promotion", "technology", "credit", "infrastructure", "other")
SUPPORT_PROGRAMMES = {
    "land": "Chính sách hỗ trợ đất đai, mặt bằng", "training": "Đào tạo, bồi dưỡng nguồn nhân lực",
    "trade_promotion": "Xúc tiến thương mại, mở rộng thị trường", "technology": "Ứng dụng khoa học, công nghệ",
    "credit": "Quỹ hỗ trợ phát triển hợp tác xã", "infrastructure": "Đầu tư kết cấu hạ tầng",
    "other": "Hỗ trợ khác",
}


def create_support(rng, documents):
    """Support to cooperatives that reported in each year 2019–2025 (a few dozen a year)."""
    policy_for = {2019: "11/2019/NQ-HĐND", 2020: "11/2019/NQ-HĐND", 2021: "1186/QĐ-UBND"}
    rows = []
    for year in range(2019, 2026):
        reporting = list(AnnualReport.objects.filter(year=year, in_force=True, organization__kind="htx")
                         .order_by("organization__code").values_list("organization_id", flat=True))
        for org_id in rng.sample(reporting, min(len(reporting), 30 + 3 * (year - 2019))):
            kind = rng.choice(SUPPORT_KINDS)
            amount = Decimal(rng.randrange(5, 800 if kind in ("credit", "infrastructure") else 150)) + Decimal(rng.randrange(10)) / 10
            document = documents[policy_for.get(year, "45/2021/NQ-HĐND")]
            rows.append(Support(organization_id=org_id, year=year, kind=kind, amount=amount,
                                programme=SUPPORT_PROGRAMMES[kind], document=document))
    return Support.objects.bulk_create(rows)


def create_commendations(rng):
    """The 2021 decision: 27 collectives (24 cooperatives and 3 agencies) and 9 people.

    The cooperatives are the ones with the highest 2021 revenue; the people are
    the heads of six of them and three officers.
    """
    best = list(
        AnnualReport.objects.filter(year=2021, in_force=True, organization__kind="htx")
        .select_related("organization").order_by("-revenue", "organization__code")[: COLLECTIVES - len(AGENCIES)]
    )
    common = {"decided_on": DECIDED_ON, "decision": DECISION, "issuer": UBND, "kind": AWARD_KIND, "reason": OCCASION}
    rows = [Award(recipient_kind="organization", organization=r.organization, unit_id=r.organization.unit_id, **common)
            for r in best]
    rows += [Award(recipient_kind="collective", recipient=a, **common) for a in AGENCIES]
    for r in best[:6]:
        org = r.organization
        rows.append(Award(recipient_kind="individual", unit_id=org.unit_id,
                          recipient=f"{org.representative}, Giám đốc {org.name}", **common))
    for role in ("chuyên viên Chi cục Phát triển nông thôn", "chuyên viên Phòng Kinh tế quận Ngô Quyền",
                 "cán bộ Liên minh Hợp tác xã thành phố"):
        rows.append(Award(recipient_kind="individual", recipient=f"{names.person(rng)}, {role}", **common))
    assert len(rows) == COLLECTIVES + INDIVIDUALS
    return Award.objects.bulk_create(rows)


def directive_models():
    """The models this module fills, in an order they can be deleted in (``--reset``)."""
    return (Award, Support, TaskProgress, Task, Document)
