"""Back office: the register against a list from the national registration system (SPEC §5 ``reconcile``).

An upload with the names of its columns; the differences are shown and can be downloaded as CSV or
XLSX. The comparison reads the whole register, so only users who read the whole province use it.
The last result is kept in the user's session for the downloads (the uploaded file is not kept).
"""

import io
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from hoptac.accounts import policy
from hoptac.accounts.admin_base import forbidden
from hoptac.core import spreadsheets
from hoptac.registry import reconcile

SESSION_KEY = "hoptac_reconcile"
MAX_KEPT = 20000  # differences kept in the session for the downloads


def may_reconcile(user):
    return policy.reach(user, policy.READ) == policy.ALL


class ReconcileForm(forms.Form):
    file = forms.FileField(label=_("list from the national system (.csv or .xlsx)"))
    code_column = forms.CharField(label=_("column of the registration number"), initial="code", max_length=100)
    name_column = forms.CharField(label=_("column of the name"), initial="name", max_length=100)
    status_column = forms.CharField(label=_("column of the status"), initial="status", max_length=100)
    unit_column = forms.CharField(label=_("column of the unit code (optional)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Give a .csv or .xlsx file."))
        if upload.size > settings.HOPTAC_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.")
                                        % {"mb": spreadsheets.mb(settings.HOPTAC_UPLOAD_MAX_BYTES)})
        return upload


class ReconcileView(WagtailAdminTemplateMixin, FormView):
    template_name = "registry/admin/reconcile.html"
    form_class = ReconcileForm
    page_title = _("Reconcile with the national system")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not may_reconcile(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("download")
        if fmt in ("csv", "xlsx"):
            return self.download(fmt)
        return super().get(request, *args, **kwargs)

    def download(self, fmt):
        kept = self.request.session.get(SESSION_KEY)
        if not kept:
            return self.render_to_response(self.get_context_data(form=self.get_form(), expired=True))
        differences = [reconcile.Difference(**d) for d in kept["differences"]]
        stem = f"doi-chieu-{kept['made']}"
        if fmt == "csv":
            stream = io.StringIO()
            reconcile.write_csv(stream, differences)
            response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            stream = io.BytesIO()
            reconcile.workbook(differences).save(stream)
            response = HttpResponse(
                stream.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response

    def form_valid(self, form):
        data, upload = form.cleaned_data, form.cleaned_data["file"]
        columns = reconcile.Columns(data["code_column"].strip(), data["name_column"].strip(),
                                    data["status_column"].strip(), data["unit_column"].strip())
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory(prefix="hoptac-reconcile-") as folder:
            path = Path(folder) / f"{Path(upload.name).stem[:80] or 'list'}{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                differences = reconcile.compare(path, columns, max_bytes=settings.HOPTAC_UPLOAD_MAX_BYTES)
            except reconcile.ReconcileError as exc:
                for problem in exc.problems:
                    form.add_error(None, problem)
                return self.form_invalid(form)
        self.request.session[SESSION_KEY] = {
            "made": timezone.localtime().strftime("%Y%m%d-%H%M"), "file": upload.name,
            "differences": [d.as_dict() for d in differences[:MAX_KEPT]],
        }
        return self.render_to_response(self.get_context_data(form=form, differences=differences,
                                                             compared=upload.name))

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kinds": reconcile.KINDS, "headings": reconcile.headings()}
