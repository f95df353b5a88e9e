"""Annual reports for 2025 still going through review, so the back office has work to show.

The importer records every report as approved and in force. The few active
cooperatives without a 2025 report get one here at a step of the review
(draft, submitted, verified, returned): never in force, so no indicator reads
them. Those of Hồng Bàng wait for the demo's local officer ``hongbang``.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hoptac.registry.models import AnnualReport, Organization, ReportStatus

YEAR = 2025
# The review steps in turn, the first ones for the officer's own district.
STEPS = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.SUBMITTED, ReportStatus.RETURNED,
         ReportStatus.DRAFT)
RETURN_COMMENT = "Đề nghị bổ sung số lao động và thu nhập bình quân cho khớp với báo cáo tài chính."


def _moment(month, day):
    """A fixed time in 2026 (Vietnam time), never later than now."""
    tz = datetime.timezone(datetime.timedelta(hours=7))
    return min(datetime.datetime(YEAR + 1, month, day, 9, 30, tzinfo=tz), timezone.now())


def _figures(org, last):
    """The 2025 figures: last year's report grown a little, or a small cooperative's."""
    if last is None:
        return {"members": 25, "workers": 9, "revenue": Decimal(1350), "profit": Decimal("40.5"),
                "income": Decimal("52.0"), "value_added": Decimal(410)}
    grow = Decimal("1.05")
    return {
        "members": last.members, "workers": last.workers,
        "revenue": (last.revenue * grow).quantize(Decimal(1), ROUND_HALF_UP),
        "profit": (last.profit * grow).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "income": (last.income * grow).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "value_added": (last.value_added * grow).quantize(Decimal(1), ROUND_HALF_UP),
    }


def create_pending_reports(district, local_officer_username="hongbang"):
    """One 2025 report under review for each active cooperative that has none; returns how many."""
    missing = list(
        Organization.objects.filter(kind="htx", status="active")
        .exclude(Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=YEAR)))
        .select_related("unit").order_by("code")
    )
    local = [o for o in missing if o.unit.parent_id == district.pk]
    others = [o for o in missing if o.unit.parent_id != district.pk]
    officer = get_user_model().objects.filter(username=local_officer_username).first()
    latest = {}
    for report in AnnualReport.objects.filter(organization__in=missing, in_force=True).order_by("year"):
        latest[report.organization_id] = report
    rows = []
    for i, org in enumerate(local + others):
        step = STEPS[i % len(STEPS)]
        report = AnnualReport(organization=org, year=YEAR, revision=1, status=step, in_force=False,
                              is_estimate=True, **_figures(org, latest.get(org.pk)))
        if step != ReportStatus.DRAFT:
            report.submitted_at = report.first_submitted_at = _moment(3, 10 + i % 15)
        if step == ReportStatus.VERIFIED:
            report.verified_at = _moment(4, 2 + i % 20)
            report.verified_by = officer if org in local else None
        if step == ReportStatus.RETURNED:
            report.returned_at = _moment(4, 5 + i % 20)
            report.returned_by = officer if org in local else None
            report.comment = RETURN_COMMENT
        rows.append(report)
    AnnualReport.objects.bulk_create(rows)
    return len(rows)
