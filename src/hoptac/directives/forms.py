"""Back-office forms of documents, tasks, progress notes, support and awards.

They apply the rules of :mod:`hoptac.directives.models` (the same the import
and the API apply); organisations are chosen by registration number among
those the user may write.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import policy
from hoptac.core.forms import NumberField
from hoptac.directives.models import Award, Document, RecipientKind, Support, Task, TaskProgress, check_replaces
from hoptac.registry.models import Organization


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["number", "issuer", "issued_on", "kind", "level", "title", "summary", "file", "published",
                  "implements", "replaces", "amends"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Document.objects.exclude(pk=self.instance.pk) if self.instance.pk else Document.objects.all()
        for name in ("implements", "replaces", "amends"):
            self.fields[name].queryset = others.order_by("-issued_on", "number")
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        replaced = cleaned.get("replaces")
        # A new document has no links pointing at it yet, so it closes no cycle.
        if replaced and self.instance.pk:
            try:
                check_replaces(self.instance.pk, [d.pk for d in replaced])
            except ValidationError as exc:
                self.add_error("replaces", exc.messages[0])
        return cleaned


class OrganizationCodeField(forms.CharField):
    """An organisation typed by its registration number, among those the user may write."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("organisation (registration number)"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.user = None

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        orgs = policy.organizations_for(self.user, policy.WRITE) if self.user is not None else Organization.objects.none()
        org = orgs.filter(code=value.strip()).first()
        if org is None:
            raise ValidationError(_("no organisation with the number %(code)s among those you may record"),
                                  params={"code": value.strip()})
        return org


class SupportForm(forms.ModelForm):
    org_code = OrganizationCodeField()
    amount = NumberField(label=_("amount (million VND)"), negative=True, decimal_places=4,
                         help_text=_("In million VND, as written: 27.500 or 8.438,5."))

    class Meta:
        model = Support
        fields = ["year", "kind", "amount", "programme", "document"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_code"].user = for_user
        self.order_fields(["org_code"])
        if self.instance.pk:
            self.fields["org_code"].initial = self.instance.organization.code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("org_code"):
            self.instance.organization = cleaned["org_code"]
        return cleaned


class AwardForm(forms.ModelForm):
    org_code = OrganizationCodeField(required=False,
                                     help_text=_("Only for an award to an organisation of the register."))

    class Meta:
        model = Award
        fields = ["decision", "decided_on", "issuer", "kind", "recipient_kind", "recipient", "unit", "reason"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = for_user
        self.fields["org_code"].user = for_user
        self.order_fields(["decision", "decided_on", "issuer", "kind", "recipient_kind", "org_code"])
        if self.instance.pk and self.instance.organization_id:
            self.fields["org_code"].initial = self.instance.organization.code
        if for_user is not None:
            ids = policy.scope_unit_ids(for_user)
            if ids is not None:
                self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk__in=ids)

    def clean(self):
        cleaned = super().clean()
        org = cleaned.get("org_code")
        if cleaned.get("recipient_kind") == RecipientKind.ORGANIZATION:
            self.instance.organization = org
            if org is not None:
                self.instance.unit_id = org.unit_id
        else:
            self.instance.organization = None
            if cleaned.get("recipient_kind") and self.user is not None and policy.scope_unit_ids(self.user) is not None \
                    and not cleaned.get("unit"):
                self.add_error("unit", _("choose the unit of the collective or person among yours"))
        return cleaned

    def _update_errors(self, errors):
        # The model's rule names organization; the form's box for it is org_code.
        if hasattr(errors, "error_dict") and "organization" in errors.error_dict:
            remaining = {k: v for k, v in errors.error_dict.items() if k != "organization"}
            if "org_code" not in self._errors:
                remaining["org_code"] = errors.error_dict["organization"]
            if not remaining:
                return
            errors = ValidationError(remaining)
        super()._update_errors(errors)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["code", "document", "title", "lead_agency", "partners", "starts_on", "deadline", "status"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)


class TaskProgressForm(forms.ModelForm):
    class Meta:
        model = TaskProgress
        fields = ["task", "on", "note"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
