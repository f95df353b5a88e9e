"""Back-office forms: the annual report, a return comment, a unit and year, an upload."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hoptac.core import numbers
from hoptac.core.forms import NumberField
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.registry import report_checks
from hoptac.registry.models import AnnualReport, Rating
from hoptac.registry.report_checks import DECIMAL_PLACES, FIGURES, FLAGS, V1_FIGURES
from hoptac.registry.unit_picker import UnitField

from .completeness import year_end
from .rules import check_consistency


def _figure_field(figure):
    """A figure typed the Vietnamese way (27.500; 8.438,5), in the figure's range; negative only where allowed."""
    attrs = {
        "data-figure": figure.name, "data-min": str(figure.minimum), "data-max": str(figure.maximum),
        "data-label": str(figure.label),
    }
    if figure.required:
        attrs["data-required"] = "1"
    if figure.integer:
        attrs["data-integer"] = "1"
    field = NumberField(label=figure.label, required=figure.required, integer=figure.integer,
                        negative=figure.minimum < 0, min_value=figure.minimum, max_value=figure.maximum,
                        decimal_places=None if figure.integer else DECIMAL_PLACES)
    field.widget.attrs.update(attrs)
    return field


class AnswerField(forms.TypedChoiceField):
    """A yes/no question that may stay unanswered (SPEC §2 v2): None, True or False."""

    def __init__(self, **kwargs):
        super().__init__(choices=[("", _("not answered")), ("1", _("yes")), ("0", _("no"))], required=False,
                         coerce=lambda v: v == "1", empty_value=None, **kwargs)

    def prepare_value(self, value):
        return {True: "1", False: "0"}.get(value, value or "")


class ReportForm(forms.Form):
    """The figures of one report. The checks in force (SPEC §2 v2, as the Department set them)
    of severity error refuse it; a warning — by default a large change since last year, fewer
    official members than the law's minimum — must be confirmed with a note."""

    is_estimate = forms.BooleanField(label=_("these figures are an estimate"), required=False)
    # SPEC §2 v2: a warning asks for a confirming note (kept in the step history and the audit trail).
    confirm_note = forms.CharField(
        label=_("Confirming note: why the figures with a warning are right"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, last_year=None, year=None, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        flags = {name: AnswerField(label=AnnualReport._meta.get_field(name).verbose_name) for name in FLAGS}
        for name, field in flags.items():
            field.widget.attrs["data-answer"] = name
        self.fields = {**{f.name: _figure_field(f) for f in FIGURES}, **flags, **self.fields}
        self.last_year, self.year, self.kind = last_year, year, kind
        self.change_warnings = []

    def v1_fields(self):
        return [self[f.name] for f in V1_FIGURES]

    def v2_fields(self):
        return [self[name] for name in self.fields if name not in {f.name for f in V1_FIGURES}
                and name not in ("is_estimate", "confirm_note")]

    def checks_data(self):
        """The checks between figures for the form's script (the same data the server applies)."""
        return report_checks.as_data(kind=self.kind, year=self.year, last_year=self.last_year,
                                     formatter=numbers.localized)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        warnings = []
        for field, check, message in check_consistency(cleaned, year=self.year, kind=self.kind,
                                                       last_year=self.last_year):
            if check.severity == report_checks.ERROR:
                self.add_error(field, message)
            else:
                warnings.append(str(message))
        if self.errors:
            return cleaned
        self.change_warnings = warnings
        if warnings and not (cleaned.get("confirm_note") or "").strip():
            self.add_error("confirm_note", _(
                "Write a note confirming the figures with a warning (why they are right), or correct them."))
        return cleaned

    def figures(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_note"}

    def note(self):
        """The confirming note of the warnings, or "" when the figures raised none."""
        return (self.cleaned_data.get("confirm_note") or "").strip() if self.change_warnings else ""


class RatingForm(forms.Form):
    """The Department's rating of the organisation for the year (SPEC §2 v2)."""

    rating = forms.ChoiceField(label=_("rating of the year"), choices=Rating.choices)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("why the report is returned"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


def default_year():
    return datetime.date.today().year - 1


class UnitYearForm(forms.Form):
    """A unit (the picker, starting on the user's own unit) and a year.

    The unit is resolved on 31 December of the year or, for a unit that ended
    during the year (a district abolished on 30/6/2025), on its last day.
    """

    unit = UnitField(label=_("unit"), date_field="id_year")
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 6}))

    def __init__(self, *args, user=None, allowed_unit_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_unit_ids = allowed_unit_ids  # None: any unit
        if user is not None:
            self.fields["unit"].for_user(user)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        code, year = cleaned["unit"], cleaned["year"]
        try:
            unit = Unit.objects.resolve(code, year_end(year))
        except UnitNotFound as exc:
            unit = Unit.objects.filter(code=code, valid_to__year=year).first()
            if unit is None:
                self.add_error("unit", str(exc))
                return cleaned
        if self.allowed_unit_ids is not None and unit.pk not in self.allowed_unit_ids:
            self.add_error("unit", _("The unit %(code)s is not one of your units.") % {"code": unit.code})
            return cleaned
        cleaned["unit_obj"] = unit
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook (the template), not “%(name)s”.")
                                        % {"name": upload.name})
        limit = settings.HOPTAC_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is %(size)s MB; the limit is %(limit)s MB.") % {
                "size": f"{upload.size / 1048576:.1f}".replace(".", ","),
                "limit": f"{limit / 1048576:.1f}".replace(".", ",")})
        return upload


class WindowForm(forms.Form):
    """The reporting window of a year: the day it opens and the deadline (dd/mm/yyyy)."""

    year = forms.IntegerField(label=_("reporting year"), min_value=2000, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))
    opens_on = forms.DateField(label=_("opens on"),
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "01/01/2026"}))
    deadline = forms.DateField(label=_("deadline"),
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "31/03/2026"}),
                               help_text=_("Reports first submitted by 23:59:59 on this day count as on time."))

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _(
                "The deadline %(deadline)s is before the window opens (%(opens)s); give a deadline on or after "
                "the opening day."
            ) % {"deadline": deadline.strftime("%d/%m/%Y"), "opens": opens_on.strftime("%d/%m/%Y")})
        return cleaned
