"""Copy v1's flat ``registry.PolicyDocument`` and ``registry.Commendation`` rows into
documents and awards; ``registry`` 0002 then drops the old tables.

A v1 document with no unit was a central text; one with a province unit (a
two-digit code) the province's own; any other unit a local one. v1 kept the
kind as a free Vietnamese word, mapped here to the closed list (anything else:
``khac``). A v1 commendation of a collective with an organisation becomes an
award to that organisation; its ``occasion`` becomes the reason and its
decision text the decision number.
"""

from django.db import migrations

KINDS = {
    "nghị quyết": "nghi_quyet", "kết luận": "ket_luan", "chỉ thị": "chi_thi", "kế hoạch": "ke_hoach",
    "quyết định": "quyet_dinh", "công văn": "cong_van", "thông báo": "thong_bao", "báo cáo": "bao_cao",
}


def copy_forward(apps, schema_editor):
    PolicyDocument = apps.get_model("registry", "PolicyDocument")
    Commendation = apps.get_model("registry", "Commendation")
    Document = apps.get_model("directives", "Document")
    Award = apps.get_model("directives", "Award")
    seen = set()
    for old in PolicyDocument.objects.select_related("unit").order_by("issued_on", "pk"):
        key = (old.number, old.issuer, old.issued_on)
        if key in seen:  # v1 allowed twins; the first one stands for both
            continue
        seen.add(key)
        if old.unit_id is None:
            level = "central"
        else:
            level = "province" if len(old.unit.code) <= 2 else "local"
        Document.objects.create(
            number=old.number, issuer=old.issuer or "?", issued_on=old.issued_on,
            kind=KINDS.get((old.kind or "").strip().lower(), "khac"), level=level,
            title=old.title, summary=old.summary, published=True,
        )
    for old in Commendation.objects.select_related("organization").order_by("awarded_on", "pk"):
        to_org = old.recipient_kind == "collective" and old.organization_id is not None
        Award.objects.create(
            decision=(old.decision or "?")[:60], decided_on=old.awarded_on, issuer="",
            kind="Bằng khen",
            recipient_kind="organization" if to_org else old.recipient_kind,
            organization_id=old.organization_id if to_org else None,
            recipient="" if to_org else old.recipient,
            unit_id=old.organization.unit_id if old.organization_id else None,
            reason=old.occasion,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_forward, migrations.RunPython.noop)]
