"""Public views: a published report is public, byte for byte as published, until withdrawn."""

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hoptac.reports.models import PublishedReport


def published_download(request, pk, filename):
    report = get_object_or_404(PublishedReport, pk=pk)
    if filename != report.filename:
        raise Http404("no such report file")
    withdrawal = report.withdrawn
    if withdrawal is not None:  # the record and file stay; the public no longer gets the file
        text = _("This report was withdrawn on %(date)s: %(reason)s") % {
            "date": date_format(localtime(withdrawal.withdrawn_at), "SHORT_DATE_FORMAT"), "reason": withdrawal.reason}
        return HttpResponse(text, status=410, content_type="text/plain; charset=utf-8")
    response = FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename,
                            content_type=report.content_type)
    # Lets a reader check the file against the hash shown on the portal.
    response["X-Content-SHA256"] = report.sha256
    return response


def published_figures(request, pk):
    """The figures a published report printed, as JSON beside its file and hash (public while the file is)."""
    report = get_object_or_404(PublishedReport, pk=pk)
    if report.withdrawn is not None:
        raise Http404("withdrawn")
    if not report.figures:
        raise Http404("published before figures were kept")
    return JsonResponse({
        "report": {"title": report.title, "format": report.format, "sha256": report.sha256,
                   "published_at": report.published_at.isoformat(), "file": report.get_absolute_url()},
        "made_at": report.made_at.isoformat() if report.made_at else None,
        "product_version": report.product_version,
        **{k: v for k, v in report.figures.items() if k not in ("made_at", "version")},
    }, json_dumps_params={"ensure_ascii": False})
