"""Views of the accounts back office: the audit trail and users with roles."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic

from hoptac.accounts.admin_base import AuditedCreateMixin, AuditedEditMixin, ScopedViewMixin
from hoptac.accounts.models import Profile, Role
from hoptac.geo.models import Unit, UnitNotFound


class AuditIndexView(ScopedViewMixin, generic.IndexView):
    pass


class AuditInspectView(ScopedViewMixin, generic.InspectView):
    template_name = "accounts/admin/audit_inspect.html"

    def get_fields(self):
        return ["at", "actor", "actor_id", "ip", "action", "object_type", "object_id", "object_repr", "path", "note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes()
        return context


class ProfileForm(forms.ModelForm):
    """A role, and for a local officer the codes of their units (resolved on a date)."""

    unit_codes = forms.CharField(
        label=_("unit codes"), required=False,
        help_text=_("For a local officer: statistics office codes separated by commas, e.g. 311, 312."),
    )
    units_on = forms.DateField(
        label=_("codes valid on"), required=False,
        help_text=_("Unit codes are resolved on this date (default: today)."),
    )

    class Meta:
        model = Profile
        fields = ["user", "role", "organization"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_codes"].initial = self.instance.unit_codes()

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("units_on") or datetime.date.today()
        units = []
        for code in filter(None, (c.strip() for c in (cleaned.get("unit_codes") or "").split(","))):
            try:
                units.append(Unit.objects.resolve(code, on))
            except UnitNotFound as exc:
                self.add_error("unit_codes", str(exc))
        role = cleaned.get("role")
        if role == Role.LOCAL_OFFICER and not units and not self.errors.get("unit_codes"):
            self.add_error("unit_codes", _("A local officer needs at least one unit."))
        if role == Role.COOPERATIVE and not cleaned.get("organization"):
            self.add_error("organization", _("A cooperative account needs its organisation."))
        cleaned["units"] = units if role == Role.LOCAL_OFFICER else []
        if role != Role.COOPERATIVE:
            cleaned["organization"] = None
            self.instance.organization = None
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=commit)
        if commit:
            profile.units.set(self.cleaned_data["units"])
        return profile


class ProfileIndexView(ScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organization").prefetch_related("units")


class ProfileCreateView(ScopedViewMixin, AuditedCreateMixin, generic.CreateView):
    """The form saves the profile and its units; the audit entry shows both."""


class ProfileEditView(ScopedViewMixin, AuditedEditMixin, generic.EditView):
    pass
