"""Making and publishing review reports: the steps the command and the back office share."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from hoptac.registry.signals import announce_change
from hoptac.reports import builder
from hoptac.reports.data import ReportError, collect
from hoptac.reports.models import CONTENT_TYPES, PublishedReport, ReportFormat

FORMATS = tuple(ReportFormat.values)
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    format: str
    lang: str
    title: str
    filename: str
    data: object  # the ReportData it was made from

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def renderer(fmt):
    if fmt not in FORMATS:
        raise ReportError(f"format {fmt!r} is not supported; use one of: {', '.join(FORMATS)}")
    from hoptac.reports.renderers import docx, pdf, xlsx

    return {"docx": docx, "pdf": pdf, "xlsx": xlsx}[fmt].render


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def render_data(data, fmt, lang="vi"):
    """Render already collected :class:`ReportData` in one format."""
    if lang not in LANGUAGES:
        raise ReportError(f"language {lang!r} is not supported; use vi or en")
    render = renderer(fmt)
    document = builder.build(data, lang)
    name = f"bao-cao-ktt-{data.unit.code}-{slug(data.unit.name)}-{data.year}{'' if lang == 'vi' else '-en'}.{fmt}"
    return RenderedReport(
        content=render(document), format=fmt, lang=lang, title=f"{document.title.kind} {document.title.subject}",
        filename=name, data=data,
    )


def make_report(unit_code, year, fmt, since=None, baseline_year=None, lang="vi", issuer=None):
    """Collect and render one report. Raises :class:`ReportError` with a one-line message."""
    renderer(fmt)  # refuse a bad format before any query
    data = collect(unit_code, year, since=since, baseline_year=baseline_year, issuer=issuer)
    return render_data(data, fmt, lang)


@transaction.atomic
def publish_report(rendered, user=None):
    """Store ``rendered`` unchanged under MEDIA_ROOT and record it with its hash.

    Publishing the same bytes twice returns the existing record instead of a copy.
    """
    existing = PublishedReport.objects.filter(sha256=rendered.sha256, format=rendered.format).first()
    if existing is not None:
        return existing
    data = rendered.data
    report = PublishedReport(
        unit_code=data.unit.code, unit_name=data.unit.name, year=data.year, since=data.since, as_of=data.date,
        baseline_year=data.baseline_year, language=rendered.lang, format=rendered.format,
        title=rendered.title[:300], size=len(rendered.content), sha256=rendered.sha256, published_by=user,
    )
    report.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    report.save()
    _audit(report, user)
    # The portal lists published reports: its cached pages must show the new one.
    announce_change([], reason="report-published")
    return report


def _audit(report, user):
    from hoptac.accounts import audit

    after = {"unit_code": report.unit_code, "year": report.year, "since": report.since.isoformat(),
             "baseline_year": report.baseline_year, "language": report.language, "format": report.format,
             "title": report.title, "file": report.file.name, "size": report.size, "sha256": report.sha256}
    audit.record("reports.report.published", report, after=after, user=user)
