"""Public views: a published report is public, byte for byte as published."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from hoptac.reports.models import PublishedReport


def published_download(request, pk, filename):
    report = get_object_or_404(PublishedReport, pk=pk)
    if filename != report.filename:
        raise Http404("no such report file")
    response = FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename,
                            content_type=report.content_type)
    # Lets a reader check the file against the hash shown on the portal.
    response["X-Content-SHA256"] = report.sha256
    return response
