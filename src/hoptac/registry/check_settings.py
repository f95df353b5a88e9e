"""Changing how a check of report figures applies (SPEC §2 v2: checks are data).

The Department (province officers, administrators) sets, per check of
:data:`hoptac.registry.report_checks.CHECKS`, whether it is in force, its
severity and its parameters — the year-on-year factor, the legal minimums of
official members by kind and date. :func:`configure` is the one way to do it:
it refuses what the policy does not allow or what makes no sense, writes the row
with who, when and why, and records the change, before and after, in the audit
trail.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.registry import report_checks
from hoptac.registry.models import CheckSetting, LegalMinimum, Severity

CHANGED = "registry.check.changed"


class CheckSettingError(Exception):
    """A change refused, with a message for the user (``field``: the form field it is about, or None)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def settings_with_checks():
    """[(setting, check)] in the order of the code's checks (a check without a row is left out)."""
    settings = {s.code: s for s in CheckSetting.objects.select_related("changed_by")}
    return [(settings[c.code], c) for c in report_checks.CHECKS if c.code in settings]


def state(setting):
    """What an audit entry keeps of a setting: its values and, for the legal minimum, its table."""
    data = {"severity": setting.severity, "active": setting.active,
            "factor": _factor(setting.factor)}
    if setting.code == report_checks.LEGAL_MINIMUM:
        data["minimums"] = [[m.kind, m.valid_from.isoformat(), m.minimum, m.basis]
                            for m in setting.minimums.order_by("kind", "valid_from")]
    return data


def _factor(value):
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def validate(check, *, reason, severity, factor=None, minimums=None):
    """Raise :class:`CheckSettingError` for the first thing that makes no sense."""
    if not (reason or "").strip():
        raise CheckSettingError(_("Give the reason for the change (it is kept with the setting and in the audit "
                                  "trail)."), "reason")
    if severity not in Severity.values:
        raise CheckSettingError(_("Choose error or warning."), "severity")
    if check.op == "change" and (factor is None or Decimal(factor) <= 1):
        raise CheckSettingError(_("The factor must be greater than 1, e.g. 2 or 2,5 (a figure more than this many "
                                  "times last year's, or less than 1/this, is flagged)."), "factor")
    seen = set()
    for kind, valid_from, minimum, _basis in minimums or ():
        if minimum is None or minimum < 0:
            raise CheckSettingError(_("The minimum of official members must be a whole number of 0 or more, not "
                                      "%(value)s.") % {"value": minimum}, "minimums")
        if (kind, valid_from) in seen:
            raise CheckSettingError(_("Two minimums for the same kind from %(date)s: keep one.")
                                    % {"date": valid_from.strftime("%d/%m/%Y")}, "minimums")
        seen.add((kind, valid_from))


@transaction.atomic
def configure(code, *, user, reason, severity, active, factor=None, minimums=None, channel):
    """Set check ``code``'s severity, whether it is in force, its ``factor`` (year-on-year checks) and,
    for the legal minimum, its ``minimums`` ([(kind, in force from, minimum, legal basis)]).

    Returns the setting; nothing is written (and nothing audited) when nothing changes.
    """
    if policy.reach(user, policy.SET_CHECKS) is None:
        raise CheckSettingError(_("Only province officers and administrators may change the checks."))
    setting = CheckSetting.objects.select_for_update().get(code=code)
    check = report_checks.BY_CODE[code]
    validate(check, reason=reason, severity=severity, factor=factor, minimums=minimums)
    before = state(setting)
    after = dict(before, severity=severity, active=bool(active))
    if check.op == "change":
        after["factor"] = _factor(factor)
    if check.op == "minimum" and minimums is not None:
        after["minimums"] = sorted([kind, valid_from.isoformat(), minimum, basis or ""]
                                   for kind, valid_from, minimum, basis in minimums)
    if after == before:
        return setting
    setting.severity, setting.active = severity, bool(active)
    if check.op == "change":
        setting.factor = Decimal(factor)
    if after.get("minimums") != before.get("minimums"):
        setting.minimums.all().delete()
        LegalMinimum.objects.bulk_create(
            LegalMinimum(setting=setting, kind=kind, valid_from=valid_from, minimum=minimum, basis=basis or "")
            for kind, valid_from, minimum, basis in minimums)
    setting.changed_at, setting.changed_by, setting.reason = timezone.now(), user, reason.strip()
    setting.save()
    audit.record(CHANGED, setting, before=before, after=after, note=setting.reason, user=user, channel=channel)
    report_checks.forget()
    transaction.on_commit(report_checks.forget)
    return setting
