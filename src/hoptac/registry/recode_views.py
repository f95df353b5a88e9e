"""Back-office screens that re-code organisations located only to a district or the province to a
commune (SPEC §2 v2): the list of those the user may change, a bulk re-code from it, and one
organisation at a time. The writes go through :mod:`hoptac.registry.recode` (audited there)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from hoptac.accounts import policy
from hoptac.accounts.admin_base import forbidden
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.geo.models import Unit
from hoptac.geo.names import name_on
from hoptac.registry import recode
from hoptac.registry.lifecycle import LifecycleError
from hoptac.registry.models import Organization
from hoptac.registry.unit_picker import UnitField, units_of

MAX_LISTED = 500


class RecodeForm(forms.Form):
    commune = UnitField(
        label=_("commune-level unit"), help_text=_("The commune (xã, phường, thị trấn) as it was on the date of each record: "
                                        "type its name (diacritics optional) or its code and choose from the list."))
    reason = forms.CharField(label=_("reason"), required=False, max_length=300,
                             help_text=_("For example: address on the certificate. Kept in the audit trail."))

    def __init__(self, *args, user, date_field=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].for_user(user, default=False)
        self.fields["commune"].widget.date_field = date_field
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_commune(self):
        code = self.cleaned_data["commune"]
        units = Unit.objects.filter(code=code)
        if not units.exists():
            raise forms.ValidationError(_("No unit has the code %(code)s.") % {"code": code})
        if not units.filter(pk__in=units_of(self.user)).exists():
            raise forms.ValidationError(_("%(code)s is outside the units you may change.") % {"code": code})
        return code


class RecodeBase(WagtailAdminTemplateMixin, FormView):
    form_class = RecodeForm
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not policy.can(request.user, policy.WRITE, Organization):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def pending(self):
        return recode.pending(policy.organizations_for(self.request.user, policy.WRITE))

    def refuse_foreign(self, ids):
        """404 (recorded as a refusal) when ``ids`` name an organisation outside what the user may change."""
        allowed = set(self.pending().filter(pk__in=ids).values_list("pk", flat=True))
        foreign = Organization.objects.filter(pk__in=[i for i in ids if i not in allowed]).first()
        if foreign is not None:
            audit.record(audit.ACCESS_REFUSED, foreign, request=self.request, note="out of scope",
                         channel=Channel.BACK_OFFICE)
        if len(allowed) != len(set(ids)):
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("registry_organizations:index"), "label": _("Organisations")},
                {"url": "", "label": self.get_page_title()}]


def _named(events):
    """The events, each with ``unit_name``: its unit's name as it was on its date."""
    for event in events:
        event.unit_name = name_on(event.unit, event.date)
    return events


def _ids(values):
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise Http404 from None


class RecodeListView(RecodeBase):
    """The organisations to re-code, with a bulk re-code of those ticked."""

    template_name = "registry/admin/recode_list.html"
    page_title = _("Locate to a commune")

    def get_context_data(self, **kwargs):
        orgs = list(self.pending().select_related("unit").order_by("unit__code", "code")[:MAX_LISTED + 1])
        rows = [(org, _named(recode.events_to_recode(org))) for org in orgs[:MAX_LISTED]]
        selected = set(self.request.POST.getlist("org")) if self.request.method == "POST" else set()
        return {**super().get_context_data(**kwargs), "rows": rows, "more": len(orgs) > MAX_LISTED,
                "selected": selected}

    def post(self, request, *args, **kwargs):
        self.refuse_foreign(_ids(request.POST.getlist("org")))  # before anything else is looked at
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        ids = _ids(self.request.POST.getlist("org"))
        if not ids:
            form.add_error(None, _("Tick at least one organisation in the list."))
            return self.form_invalid(form)
        orgs = list(self.pending().filter(pk__in=ids).order_by("code"))
        data = form.cleaned_data
        try:
            done = recode.recode_many(orgs, data["commune"], by=self.request.user, channel=Channel.BACK_OFFICE,
                                      reason=data["reason"])
        except LifecycleError as exc:
            for violation in exc.violations:
                form.add_error(None, violation.message)
            return self.form_invalid(form)
        unit = done[0].organization.unit
        messages.success(self.request, ngettext(
            "%(n)d organisation located to %(unit)s.", "%(n)d organisations located to %(unit)s.", len(done),
        ) % {"n": len(done), "unit": unit.name})
        return redirect("registry_recode:index")


class RecodeOneView(RecodeBase):
    """One organisation: the records that name a district, and the commune to name instead."""

    template_name = "registry/admin/recode_one.html"
    page_title = _("Locate to a commune")

    def dispatch(self, request, *args, **kwargs):
        if not policy.can(request.user, policy.WRITE, Organization):
            return forbidden(request)
        self.refuse_foreign(_ids([kwargs["pk"]]))
        self.org = self.pending().select_related("unit").get(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "date_field": "id_recorded_on"}

    def get_page_subtitle(self):
        return str(self.org)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "org": self.org,
                "events": _named(recode.events_to_recode(self.org))}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = recode.recode(self.org, data["commune"], by=self.request.user, channel=Channel.BACK_OFFICE,
                                   reason=data["reason"])
        except LifecycleError as exc:
            for violation in exc.violations:
                form.add_error(None, violation.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(org)s is now located to %(unit)s.")
                         % {"org": result.organization.name, "unit": result.organization.unit.name})
        return redirect("registry_organizations:inspect", self.org.pk)
