"""Back-office views of the register: organisations on a chosen date, their page,
events recorded through the lifecycle rules, annual reports and targets.

Every queryset starts from :mod:`hoptac.accounts.policy`; writes are audited.
"""

import datetime

import django_filters
from django import forms
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from hoptac.accounts import policy
from hoptac.accounts.admin_base import (
    AuditedCreateMixin,
    AuditedDeleteMixin,
    AuditedEditMixin,
    ScopedViewMixin,
    forbidden,
)
from hoptac.audit import trail as audit
from hoptac.audit.models import AuditEntry, Channel
from hoptac.core import concurrency, dates
from hoptac.core.forms import NumberField
from hoptac.geo.models import Unit, UnitClosure, UnitNotFound
from hoptac.registry import lifecycle, lineage, recode, vocabulary, vsic
from hoptac.registry.unit_picker import UnitField, UnitWidget, code_of
from hoptac.registry.models import (
    UNCLASSIFIED,
    AnnualReport,
    Event,
    EventType,
    Kind,
    Organization,
    OrganizationState,
    Origin,
    Sector,
    Status,
    Target,
)


def parse_date(raw, default=None):
    """A date typed in the back office (31/12/2021 or 2021-12-31); ``default`` when blank or invalid."""
    try:
        return dates.parse_typed(raw) or default
    except ValueError:
        return default


def on_date(request):
    return parse_date(request.GET.get("date"), datetime.date.today())


# --- organisations -------------------------------------------------------------


class OnDateFilter(django_filters.DateFilter):
    """The date a listing is shown on (its chip reads 31/12/2021, not the raw query value)."""


class OnDateFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        value = self.value
        shown = date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, datetime.date) else str(value)
        yield ActiveFilter(self.bound_field.auto_id, self.filter.label, shown, self.get_url_without_filter_param(self.name))


register_filter_adapter_class(OnDateFilter, OnDateFilterAdapter, exact_class=True)


class OrganizationFilterSet(WagtailFilterSet):
    date = OnDateFilter(label=_("on date"), method="keep", widget=AdminDateInput)
    unit = django_filters.CharFilter(label=_("unit"), method="filter_unit", widget=UnitWidget(date_field="id_date"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Kind.choices)
    sector = django_filters.ChoiceFilter(
        label=_("sector"), choices=list(vocabulary.SECTORS.items()), method="filter_sector"
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices, method="filter_status")

    class Meta:
        model = Organization
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the date is applied by the view, which annotates the state on it

    def filter_unit(self, queryset, name, value):
        try:
            unit = Unit.objects.resolve(code_of(value, self.request.user), on_date(self.request))
        except UnitNotFound:
            return queryset.none()
        under = UnitClosure.objects.filter(ancestor=unit).values("descendant_id")
        return queryset.filter(state_unit_id__in=under)

    def filter_sector(self, queryset, name, value):
        return queryset.filter(state_sector="" if value == UNCLASSIFIED else value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(state_status=value)


def with_state_on(queryset, date):
    """Organisations established by ``date``, annotated with their state on it."""
    state = OrganizationState.objects.on(date).filter(organization=OuterRef("pk"))
    annotations = {
        f"state_{field}": Subquery(state.values(field)[:1])
        for field in ("name", "status", "sector", "unit_id", "unit__name", "unit__code")
    }
    return queryset.annotate(**annotations).filter(state_status__isnull=False)


class OrganizationIndexView(ScopedViewMixin, generic.IndexView):
    default_ordering = "code"
    list_export = ["code", "state_name", "kind", "state_unit__code", "state_unit__name", "state_sector", "state_status"]
    export_headings = {
        "code": _("registration number"), "state_name": _("name"), "kind": _("kind"), "state_unit__code": _("unit code"),
        "state_unit__name": _("unit"), "state_sector": _("sector"), "state_status": _("status"),
    }

    def get_base_queryset(self):
        self.on_date = on_date(self.request)
        return with_state_on(super().get_base_queryset(), self.on_date).select_related("unit")

    @cached_property
    def columns(self):
        return [
            TitleColumn("state_name", label=_("name"), url_name=f"{self.url_namespace}:inspect", sort_key="state_name"),
            Column("code", label=_("registration number"), sort_key="code"),
            Column("kind", label=_("kind"), accessor="get_kind_display", sort_key="kind"),
            Column("state_unit__name", label=_("unit")),
            Column("sector", label=_("sector"), accessor=lambda o: vocabulary.label("sectors", o.state_sector)),
            Column("status", label=_("status"), accessor=lambda o: vocabulary.label("statuses", o.state_status)),
        ]

    @property
    def url_namespace(self):
        return self.index_url_name.split(":")[0]

    def get_page_subtitle(self):
        return _("on %(date)s") % {"date": self.on_date.strftime("%d/%m/%Y")}


#: The organisation page, in reading order (personal fields dropped for roles that may not see them).
ORGANIZATION_FIELDS = [
    "code", "name", "kind", "status", "unit", "sector", "established_on", "address", "products",
    "representative", "phone", "email", "public_contact",
]


class OrganizationInspectView(ScopedViewMixin, generic.InspectView):
    template_name = "registry/admin/organization_inspect.html"
    page_title = _("Organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, user = self.object, self.request.user
        personal = policy.can_see_personal(user, org)
        events = list(org.events.select_related("unit", "recorded_by", "voided_by").order_by("date", "id"))
        named = lineage.successor_codes(events)
        for event in events:
            event.successor_codes = named.get(event.pk, [])
        predecessors, successors = lineage.predecessors(org), lineage.successors(org)
        linked = {link.organization.pk for link in (*predecessors, *successors)}
        # A linked organisation outside the user's scope is named, not linked to.
        readable = set(policy.organizations_for(user, policy.READ).filter(pk__in=linked).values_list("pk", flat=True))
        context.update(
            org=org,
            predecessors=predecessors,
            successors=successors,
            readable_ids=readable,
            show_personal=personal,
            events=events,
            reports=policy.queryset_for(user, AnnualReport).filter(organization=org).order_by("-year", "-revision"),
            commendations=org.awards.all(),  # directives.Award, through its reverse name
            documents=[e for e in events if e.document],
            can_write=policy.can(user, policy.WRITE, org),
            # SPEC §2 v2: the sector the VSIC table proposes for an unclassified organisation, and the
            # re-code screen for one located only to a district.
            proposed_sector=Sector(proposed).label if (proposed := (
                "" if org.sector else vsic.proposed_sector(org.vsic, org.vsic_version))) else "",
            recode_url=(reverse("registry_recode:one", args=[org.pk])
                        if recode.pending(Organization.objects.filter(pk=org.pk)).exists() else None),
            add_event_url=reverse("registry_events:add") + f"?organization={org.code}",
            audit_url=(
                reverse("audit:index") + f"?object_type=registry.organization&object_id={org.pk}"
                if policy.can(user, policy.READ, AuditEntry) else None
            ),
        )
        return context

    def get_fields(self):
        return list(ORGANIZATION_FIELDS)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)  # finds the object (404 outside the user's scope)
        self.fields = policy.visible_fields(request.user, self.object, self.fields)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if value is None or value == "":
            return "—"
        return value


class OrganizationEditView(ScopedViewMixin, AuditedEditMixin, generic.EditView):
    """The registration details; a save over details someone else changed meanwhile is refused."""

    template_name = "registry/admin/organization_edit.html"

    def edited_fields(self):
        return list(self.get_form_class()._meta.fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posted = self.request.POST.get(concurrency.FIELD) if self.request.method == "POST" else None
        context["edit_version"] = posted or concurrency.of_fields(self.object, self.edited_fields())
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():  # the check below and the save see the same stored row
            return super().post(request, *args, **kwargs)

    def is_valid(self, form):
        valid = super().is_valid(form)
        stored = Organization.objects.select_for_update().filter(pk=self.object.pk).first()
        if concurrency.is_stale(self.request.POST.get(concurrency.FIELD),
                                concurrency.of_fields(stored, self.edited_fields())):
            form.add_error(None, concurrency.STALE_MESSAGE)
            self.produced_error_code, self.produced_error_message = "conflict", str(concurrency.STALE_MESSAGE)
            return False
        return valid


def resolve_unit(form, field, code, date, user=None):
    """The unit ``code`` on ``date``, or None with the reason on ``field``.

    With ``user``, the unit must also be one the user may write in (their units,
    or the whole province): a local officer cannot place an organisation elsewhere.
    """
    code = (code or "").strip()
    if not (code and date):
        return None
    try:
        unit = Unit.objects.resolve(code, date)
    except UnitNotFound as exc:
        form.add_error(field, str(exc))
        return None
    if user is not None and not policy.covers_unit(user, policy.WRITE, unit):
        form.add_error(field, _("%(unit)s is outside the units you may change.") % {"unit": unit.name})
        return None
    return unit


class RegistryFormView(WagtailAdminTemplateMixin, FormView):
    """A back-office form of the register, with breadcrumbs up to the list it belongs to.

    Only users who may write ``model`` reach it; the form gets the user.
    """

    template_name = "registry/admin/event_form.html"
    model = None
    list_url_name = None
    list_label = None

    def dispatch(self, request, *args, **kwargs):
        if not policy.can(request.user, policy.WRITE, self.model):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse(self.list_url_name), "label": self.list_label},
                {"url": "", "label": self.get_page_title()}]


class OrganizationForm(forms.ModelForm):
    """A new organisation: its registration details and its establishment, checked by the lifecycle rules."""

    unit_code = UnitField(
        label=_("unit"), date_field="id_established_on",
        help_text=_("The commune (or district) where it was established, as it was on that date: type its name "
                    "(diacritics optional) or its code and choose from the list."))
    document = forms.CharField(label=_("decision document"), required=False, max_length=120)
    origin = forms.ChoiceField(
        label=_("origin"), choices=Origin.choices, initial=Origin.NEW, required=False,
        help_text=_("Formed by reorganisation: established by a consolidation, division or separation; record that "
                    "event on the former organisation afterwards, naming this one as its successor."))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Organization
        fields = ["code", "kind", "name", "established_on", "unit_code", "sector", "origin", "document", "address",
                  "phone", "email", "representative", "products", "public_contact", "note"]
        widgets = {"established_on": AdminDateInput, "products": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit_code"].for_user(user)
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].initial = Kind.HTX
        self.fields["sector"].choices = [("", vocabulary.SECTORS[UNCLASSIFIED]), *Sector.choices]
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        cleaned = super().clean()
        cleaned["unit"] = resolve_unit(self, "unit_code", cleaned.get("unit_code"), cleaned.get("established_on"),
                                       self.user)
        return cleaned


class OrganizationCreateView(RegistryFormView):
    """Register an organisation: it is created with its ``established`` event, audited."""

    form_class, model = OrganizationForm, Organization
    list_url_name, list_label = "registry_organizations:index", _("Organisations")
    page_title = _("Register an organisation")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "errors_heading": _("The lifecycle rules refuse this organisation:")}

    def form_valid(self, form):
        data = form.cleaned_data
        details = {k: data[k] for k in ("address", "phone", "email", "representative", "products", "public_contact")}
        try:
            org = lifecycle.establish(
                code=data["code"], kind=data["kind"], name=data["name"].strip(), unit=data["unit"],
                established_on=data["established_on"], sector=data["sector"] or "", document=data["document"],
                note=data["note"], origin=data["origin"], by=self.request.user, channel=Channel.BACK_OFFICE,
                **details,
            )
        except lifecycle.LifecycleError as exc:
            for violation in exc.violations:
                form.add_error(None, violation.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Organisation registered: %(org)s") % {"org": org})
        return redirect("registry_organizations:inspect", org.pk)


# --- events ------------------------------------------------------------------------


class EventForm(forms.Form):
    organization = forms.CharField(label=_("registration number"), max_length=40)
    type = forms.ChoiceField(label=_("event"), choices=[c for c in EventType.choices if c[0] != EventType.ESTABLISHED])
    date = forms.DateField(label=_("date"), widget=AdminDateInput)
    unit = UnitField(label=_("new unit (relocation)"), required=False, date_field="id_date")
    sector = forms.ChoiceField(label=_("new sector (reclassification)"), required=False,
                               choices=[("", "—"), *Sector.choices])
    name = forms.CharField(label=_("new name (renaming)"), required=False, max_length=255)
    until = forms.DateField(label=_("suspended until (suspension)"), required=False, widget=AdminDateInput,
                            help_text=_("The end date of the suspension notice, at most 12 months after its date."))
    successors = forms.CharField(
        label=_("successors (consolidation, absorption, division, separation, conversion)"), required=False,
        max_length=2000, widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The registration numbers of the organisations that succeed this one, in order, separated by "
                    "';'. A new organisation formed that day is registered first, with the origin 'formed by "
                    "reorganisation'."))
    document = forms.CharField(label=_("decision document"), required=False, max_length=120)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].for_user(user, default=False)

    def clean_successors(self):
        raw = self.cleaned_data["successors"].strip()
        if not raw:
            return []
        codes = [c.strip() for c in raw.replace(",", ";").split(";")]
        if not all(codes):
            raise forms.ValidationError(_("An empty number between two ';': write the numbers separated by ';'."))
        return codes

    def clean_organization(self):
        code = self.cleaned_data["organization"].strip()
        org = policy.organizations_for(self.user, policy.WRITE).filter(code=code).first()
        if org is None:
            raise forms.ValidationError(_("No organisation with this number among those you may change."))
        return org

    def clean(self):
        cleaned = super().clean()
        cleaned["unit"] = resolve_unit(self, "unit", cleaned.get("unit"), cleaned.get("date"), self.user)
        return cleaned


class EventCreateView(RegistryFormView):
    form_class, model = EventForm, Event
    list_url_name, list_label = "registry_events:index", _("Events")
    page_title = _("Record an event")
    header_icon = "date"

    def get_initial(self):
        code = self.request.GET.get("organization", "")
        known = policy.organizations_for(self.request.user, policy.WRITE).filter(code=code).exists()
        return {"organization": code if known else "", "date": datetime.date.today()}

    def post(self, request, *args, **kwargs):
        # An organisation that exists outside the user's scope is not found, as everywhere else.
        code = (request.POST.get("organization") or "").strip()
        foreign = Organization.objects.filter(code=code).exclude(
            pk__in=policy.organizations_for(request.user, policy.WRITE).values("pk"))
        if code and foreign.exists():
            audit.record(audit.ACCESS_REFUSED, foreign.first(), request=request, note="out of scope",
                         channel=Channel.BACK_OFFICE)
            raise Http404
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data, org = form.cleaned_data, form.cleaned_data["organization"]
        try:
            event = lifecycle.record_event(
                org, data["type"], data["date"], unit=data["unit"], sector=data["sector"], name=data["name"],
                document=data["document"], note=data["note"], until=data["until"], successors=data["successors"],
                by=self.request.user,
                channel=Channel.BACK_OFFICE,
            )
        except lifecycle.LifecycleError as exc:
            for violation in exc.violations:
                form.add_error(None, violation.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Event recorded: %(event)s") % {"event": event})
        return redirect("registry_organizations:inspect", org.pk)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason for voiding"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class EventVoidView(RegistryFormView):
    form_class, model = VoidForm, Event
    list_url_name, list_label = "registry_events:index", _("Events")
    page_title = _("Void an event")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(policy.queryset_for(request.user, Event, policy.READ), pk=kwargs["pk"])
        if not policy.can(request.user, policy.WRITE, self.event):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "event": self.event}

    def form_valid(self, form):
        try:
            lifecycle.void_event(self.event, reason=form.cleaned_data["reason"], by=self.request.user,
                                 channel=Channel.BACK_OFFICE)
        except lifecycle.LifecycleError as exc:
            for violation in exc.violations:
                form.add_error(None, violation.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The event was voided; it stays visible in the history."))
        return redirect("registry_organizations:inspect", self.event.organization_id)


class EventIndexView(ScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization", "recorded_by")


# --- annual reports and targets --------------------------------------------------


class ReportIndexView(ScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization")


class ReportInspectView(ScopedViewMixin, generic.InspectView):
    pass


class UnitYearForm(forms.ModelForm):
    """A row keyed by a unit (typed as its code, offered within the user's units) and a year."""

    unit_code = UnitField(label=_("unit"), date_field="id_year")

    def __init__(self, *args, **kwargs):
        user = kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_code"].initial = self.instance.unit.code
        if user is not None:
            self.fields["unit_code"].for_user(user)


class TargetForm(UnitYearForm):
    value = NumberField(label=_("value"), decimal_places=4, help_text=_("As written in the plan: 500, 0,5 or 1.250."))

    class Meta:
        model = Target
        fields = ["indicator", "year", "op", "value", "source"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year"):
            unit = resolve_unit(self, "unit_code", cleaned.get("unit_code"), datetime.date(cleaned["year"], 12, 31))
            if unit is not None:
                self.instance.unit = unit
        return cleaned


class TargetIndexView(ScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit")


class TargetFormUserMixin:
    """The target form gets the user (its unit picker starts on, and is limited to, the user's units)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class VersionedEditMixin:
    """Targets and macro data keep every version (SPEC §3, vintages): an edit keeps a copy of the
    stored values, superseded now, and the row (its address unchanged) holds the new values, recorded now."""

    def save_instance(self):
        now = timezone.now()
        with transaction.atomic():
            replaced = type(self.object).versions.select_for_update().get(pk=self.object.pk)
            replaced.pk, replaced._state.adding, replaced.superseded_at = None, True, now
            replaced.save()
            self.object.recorded_at = now
            return super().save_instance()


class VersionedDeleteMixin:
    """A deleted target or macro row is superseded, not erased: what was recorded stays for vintages."""

    def delete_action(self):
        type(self.object).versions.filter(pk=self.object.pk).update(superseded_at=timezone.now())


class TargetCreateView(TargetFormUserMixin, ScopedViewMixin, AuditedCreateMixin, generic.CreateView):
    pass


class TargetEditView(TargetFormUserMixin, ScopedViewMixin, AuditedEditMixin, VersionedEditMixin, generic.EditView):
    pass


class TargetDeleteView(ScopedViewMixin, AuditedDeleteMixin, VersionedDeleteMixin, generic.DeleteView):
    pass
