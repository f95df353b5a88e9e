"""Making and publishing review reports: the steps the command and the back office share."""

import datetime
import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.registry.signals import announce_change
from hoptac.reports import builder
from hoptac.reports.data import ReportError, collect
from hoptac.reports.models import CONTENT_TYPES, PublishedReport, ReportFormat, Withdrawal

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
    document: object = None  # the Document tree it was rendered from (for the HTML preview)

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def renderer(fmt):
    if fmt not in FORMATS:
        raise ReportError(_("format “%(value)s” is not supported; use one of: %(choices)s") % {"value": fmt, "choices": ", ".join(FORMATS)})
    from hoptac.reports.renderers import docx, pdf, xlsx

    return {"docx": docx, "pdf": pdf, "xlsx": xlsx}[fmt].render


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def render_data(data, fmt, lang="vi"):
    """Render already collected :class:`ReportData` in one format."""
    if lang not in LANGUAGES:
        raise ReportError(_("language “%(value)s” is not supported; use vi or en") % {"value": lang})
    render = renderer(fmt)
    document = builder.build(data, lang)
    name = f"bao-cao-ktt-{data.unit.code}-{slug(data.unit.name)}-{data.year}{'' if lang == 'vi' else '-en'}.{fmt}"
    return RenderedReport(
        content=render(document), format=fmt, lang=lang, title=f"{document.title.kind} {document.title.subject}",
        filename=name, data=data, document=document,
    )


def make_report(unit_code, year, fmt, since=None, baseline_year=None, lang="vi", issuer=None, territory_of=None,
                as_recorded=None):
    """Collect and render one report (``as_recorded``: as the register stood at that moment).

    Raises :class:`ReportError` with a one-line message."""
    renderer(fmt)  # refuse a bad format before any query
    data = collect(unit_code, year, since=since, baseline_year=baseline_year, issuer=issuer,
                   territory_of=territory_of, as_recorded=as_recorded)
    return render_data(data, fmt, lang)


# --- preview, publish, withdraw ------------------------------------------------------
#
# Publishing is two steps: the officer makes a preview (the exact bytes that will be
# published, kept under MEDIA_ROOT/reports/previews/ with what they describe), reads
# it and what becomes public, then confirms; the bytes previewed are the bytes
# published. A withdrawal takes a report back from the public and keeps its record.

PREVIEW_DIR = "reports/previews"
PREVIEW_HOURS = 24


@dataclass(frozen=True)
class Preview:
    token: str
    meta: dict  # unit_code, unit_name, year, since, as_of, baseline_year, lang, format, title, filename, sha256, size, user
    html: str

    @property
    def content_type(self):
        return CONTENT_TYPES[self.meta["format"]]

    def read(self):
        return default_storage.open(f"{PREVIEW_DIR}/{self.token}.bin").read()


def make_preview(rendered, user):
    """Keep ``rendered`` for the officer to read before publishing; returns the :class:`Preview`."""
    _forget_old_previews()
    token = secrets.token_urlsafe(18)
    data = rendered.data
    meta = {
        "unit_code": data.unit.code, "unit_name": data.unit.name, "year": data.year,
        "since": data.since.isoformat(), "as_of": data.date.isoformat(), "baseline_year": data.baseline_year,
        "lang": rendered.lang, "format": rendered.format, "title": rendered.title[:300], "filename": rendered.filename,
        "sha256": rendered.sha256, "size": len(rendered.content), "user": user.pk,
        "figures": data.figures(),
    }
    html = render_to_string("reports/admin/document.html", {"document": rendered.document})
    default_storage.save(f"{PREVIEW_DIR}/{token}.bin", ContentFile(rendered.content))
    default_storage.save(f"{PREVIEW_DIR}/{token}.json", ContentFile(json.dumps({"meta": meta, "html": html}).encode()))
    return Preview(token, meta, html)


def load_preview(token, user):
    """The preview ``token`` made by ``user``, or None (unknown, expired, someone else's)."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    name = f"{PREVIEW_DIR}/{token}.json"
    if not default_storage.exists(name):
        return None
    stored = json.loads(default_storage.open(name).read())
    if stored["meta"]["user"] != user.pk:
        return None
    return Preview(token, stored["meta"], stored["html"])


def _forget_old_previews():
    try:
        _dirs, files = default_storage.listdir(PREVIEW_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - datetime.timedelta(hours=PREVIEW_HOURS)
    for name in files:
        path = f"{PREVIEW_DIR}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)


def publish_preview(preview, user):
    """Publish the bytes of ``preview`` (checked against the hash shown) and forget the preview."""
    content = preview.read()
    meta = preview.meta
    if hashlib.sha256(content).hexdigest() != meta["sha256"]:
        raise ReportError(_("The previewed file changed; make the preview again."))
    data = SimpleNamespace(
        unit=SimpleNamespace(code=meta["unit_code"], name=meta["unit_name"]), year=meta["year"],
        since=datetime.date.fromisoformat(meta["since"]), date=datetime.date.fromisoformat(meta["as_of"]),
        baseline_year=meta["baseline_year"], figures=lambda: meta.get("figures") or {},
    )
    rendered = RenderedReport(content=content, format=meta["format"], lang=meta["lang"], title=meta["title"],
                              filename=meta["filename"], data=data)
    report = publish_report(rendered, user=user)
    for suffix in ("bin", "json"):
        default_storage.delete(f"{PREVIEW_DIR}/{preview.token}.{suffix}")
    return report


@transaction.atomic
def withdraw_report(report, reason, user, *, channel=Channel.BACK_OFFICE):
    """Take ``report`` back from the public; its record, file and hash stay. Audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("A withdrawal needs its reason."))
    if report.withdrawn is not None:
        return report.withdrawn
    withdrawal = Withdrawal.objects.create(report=report, reason=reason, withdrawn_by=user)
    audit.record("reports.report.withdrawn", report, before={"public": True},
                 after={"public": False, "reason": reason, "sha256": report.sha256, "file": report.file.name}, user=user,
                 channel=channel)
    announce_change([], reason="report-withdrawn")
    return withdrawal


@transaction.atomic
def publish_report(rendered, user=None, *, channel=Channel.BACK_OFFICE):
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
    figures = data.figures() if hasattr(data, "figures") else {}
    if figures:
        report.figures = figures
        report.made_at = datetime.datetime.fromisoformat(figures["made_at"])
        report.product_version = figures["version"]
    report.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    report.save()
    _audit(report, user, channel)
    # The portal lists published reports: its cached pages must show the new one.
    announce_change([], reason="report-published")
    return report


def _audit(report, user, channel):
    after = {"unit_code": report.unit_code, "year": report.year, "since": report.since.isoformat(),
             "baseline_year": report.baseline_year, "language": report.language, "format": report.format,
             "title": report.title, "file": report.file.name, "size": report.size, "sha256": report.sha256}
    audit.record("reports.report.published", report, after=after, user=user, channel=channel)
