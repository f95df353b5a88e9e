import datetime

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.lifecycle import LifecycleError
from hoptac.registry.models import Event, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


def test_established_organisation_is_active(make_org):
    org = make_org()
    assert org.status == Status.ACTIVE
    assert org.events.count() == 1


def test_suspended_only_from_active_or_suspended(make_org):
    org = make_org()
    lifecycle.record_event(org, "stopped", D(2010, 1, 1))
    with pytest.raises(LifecycleError, match="not allowed while the organisation is stopped"):
        lifecycle.record_event(org, "suspended", D(2011, 1, 1))


def test_stopped_from_active_or_suspended(make_org):
    a, b = make_org(), make_org()
    lifecycle.record_event(a, "stopped", D(2010, 1, 1))
    lifecycle.record_event(b, "suspended", D(2010, 1, 1))
    lifecycle.record_event(b, "stopped", D(2011, 1, 1))
    with pytest.raises(LifecycleError, match="not allowed while the organisation is stopped"):
        lifecycle.record_event(b, "stopped", D(2012, 1, 1))


def test_resumed_from_suspended_or_stopped_only(make_org):
    org = make_org()
    with pytest.raises(LifecycleError, match="not allowed while the organisation is active"):
        lifecycle.record_event(org, "resumed", D(2010, 1, 1))
    lifecycle.record_event(org, "stopped", D(2010, 1, 1))
    lifecycle.record_event(org, "resumed", D(2011, 1, 1))
    org.refresh_from_db()
    assert org.status == Status.ACTIVE


@pytest.mark.parametrize("terminal", ["dissolved", "converted", "merged"])
def test_no_event_after_a_terminal_one(make_org, terminal):
    org = make_org()
    lifecycle.record_event(org, terminal, D(2010, 1, 1))
    with pytest.raises(LifecycleError, match=f"after the organisation became {terminal}"):
        lifecycle.record_event(org, "renamed", D(2011, 1, 1), name="Tên mới")


def test_event_before_establishment_is_refused(make_org):
    org = make_org(established_on=D(2005, 3, 1))
    with pytest.raises(LifecycleError, match="before the organisation was established"):
        lifecycle.record_event(org, "suspended", D(2004, 1, 1))


def test_second_establishment_is_refused(make_org):
    org = make_org()
    with pytest.raises(LifecycleError, match="established only once"):
        lifecycle.record_event(org, "established", D(2010, 1, 1))


def test_future_date_is_refused(make_org):
    org = make_org()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(LifecycleError, match="dated in the future"):
        lifecycle.record_event(org, "suspended", tomorrow)


def test_backdated_event_that_breaks_later_history_is_refused(make_org):
    org = make_org()
    lifecycle.record_event(org, "dissolved", D(2015, 1, 1))
    with pytest.raises(LifecycleError, match="after the organisation became dissolved"):
        lifecycle.record_event(org, "suspended", D(2016, 1, 1))
    # inserting before the dissolution is fine
    lifecycle.record_event(org, "suspended", D(2012, 1, 1))


def test_relocated_needs_a_unit_in_force(make_org, unit_on):
    org = make_org()
    with pytest.raises(LifecycleError, match="needs the new unit"):
        lifecycle.record_event(org, "relocated", D(2010, 1, 1))
    old_unit = unit_on("304", D(2020, 1, 1))
    with pytest.raises(LifecycleError, match="not in force"):
        lifecycle.record_event(org, "relocated", D(2025, 8, 1), unit=old_unit)


def test_reclassified_needs_a_known_sector(make_org):
    org = make_org()
    with pytest.raises(LifecycleError, match="needs a sector"):
        lifecycle.record_event(org, "reclassified", D(2010, 1, 1), sector="mining")


def test_refused_event_leaves_nothing_written(make_org):
    org = make_org()
    before = Event.objects.count()
    with pytest.raises(LifecycleError):
        lifecycle.record_event(org, "resumed", D(2010, 1, 1))
    assert Event.objects.count() == before


def test_voided_event_no_longer_applies_but_stays_visible(make_org):
    org = make_org()
    wrong = lifecycle.record_event(org, "dissolved", D(2010, 1, 1))
    lifecycle.void_event(wrong, reason="nhập nhầm tổ chức")
    org.refresh_from_db()
    assert org.status == Status.ACTIVE
    assert org.events.filter(pk=wrong.pk, voided_at__isnull=False).exists()
    lifecycle.record_event(org, "renamed", D(2011, 1, 1), name="Tên mới")


def test_each_lifecycle_write_leaves_an_audit_entry(make_org):
    from hoptac.audit.models import AuditEntry

    org = make_org()
    event = lifecycle.record_event(org, "suspended", D(2010, 1, 1))
    lifecycle.void_event(event, reason="sai ngày")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["registry.organization.created", "registry.event.recorded", "registry.event.voided"]
    voided = AuditEntry.objects.get(action="registry.event.voided")
    assert voided.before["voided_at"] is None and voided.after["voided_at"] is not None


def test_lifecycle_write_announces_the_change_after_commit(make_org, django_capture_on_commit_callbacks):
    from hoptac.registry.signals import register_changed

    seen = []
    register_changed.connect(lambda sender, organization_ids, reason, **kw: seen.append(organization_ids), weak=False,
                             dispatch_uid="test-register-changed")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            org = make_org()
    finally:
        register_changed.disconnect(dispatch_uid="test-register-changed")
    assert [org.pk] in seen


def test_messages_are_vietnamese_by_default(make_org):
    from django.utils import translation

    org = make_org()
    with translation.override("vi"), pytest.raises(LifecycleError) as refused:
        lifecycle.record_event(org, "resumed", D(2010, 1, 1))
    assert "đang hoạt động" in str(refused.value) or "hoạt động" in str(refused.value)
    assert "active" not in str(refused.value)
