"""Bulk import through the API: an uploaded .xlsx or .zip of CSV files → the importer.

The upload is written to a private temporary directory (a zip is checked by
:func:`hoptac.core.spreadsheets.guard_archive`, then unpacked there, keeping only
``*.csv`` members by their base names, so a crafted path cannot escape), then
handed to the registry's interchange importer, which guards a workbook with
:func:`hoptac.core.spreadsheets.guard_workbook`, checks everything and writes
all or nothing. Files larger than ``HOPTAC_API_MAX_IMPORT_MB`` are refused.
"""

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from hoptac.audit.models import Channel
from hoptac.core import spreadsheets
from hoptac.registry.interchange import ImportRejected, ReadError, import_path

from .problems import Problem


def max_upload():
    """The largest file the API imports (``HOPTAC_API_MAX_IMPORT_MB``)."""
    return settings.HOPTAC_API_MAX_IMPORT_BYTES


def _unreadable(message):
    return Problem(422, message, kind="import-unreadable", title="Unreadable file")


def _unpack_zip(path, name, folder):
    folder.mkdir()
    try:
        spreadsheets.guard_archive(path, not_zip=_("The file %(name)s is not a valid .zip archive.") % {"name": name})
    except spreadsheets.WorkbookRefused as exc:
        raise _unreadable(str(exc)) from None
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
        if not members:
            raise _unreadable(_("The archive %(name)s holds no .csv file; put organizations.csv, events.csv, "
                                "annual_reports.csv, macro.csv or targets.csv in it.") % {"name": name})
        for member in members:
            name = PurePosixPath(member.filename).name
            with archive.open(member) as src, open(folder / name, "wb") as dst:
                shutil.copyfileobj(src, dst)
    return folder


def _problems(exc):
    return [{"file": p.file, "row": p.row or None, "column": p.column or None, "value": p.value,
             "message": p.rule} for p in exc.problems]


def _run_import(path, user):
    try:
        result = import_path(path, by=user, max_bytes=max_upload(), channel=Channel.API)
    except ImportRejected as exc:
        raise Problem(422, _("The import was rejected and nothing was changed: %(n)s problem(s). Fix every "
                             "row listed in 'errors' and upload the whole file again.") % {"n": len(exc.problems)},
                      kind="import-rejected", title="Import rejected", errors=_problems(exc)) from None
    except ReadError as exc:
        raise Problem(422, str(exc), kind="import-unreadable", title="Unreadable file") from None
    return result.counts()


def import_upload(upload, user):
    """Import an uploaded file; returns ``{table: rows imported}`` or raises a Problem."""
    if upload.size is not None and upload.size > max_upload():
        raise too_large()
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".zip")):
        raise Problem(422, _("Upload an .xlsx workbook or a .zip of CSV files (the file was %(name)r).")
                      % {"name": upload.name}, kind="unsupported-file")
    with tempfile.TemporaryDirectory(prefix="hoptac-api-import-") as tmp:
        tmp = Path(tmp)
        path = tmp / ("upload.xlsx" if name.endswith(".xlsx") else "upload.zip")
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if name.endswith(".zip"):
            path = _unpack_zip(path, upload.name, tmp / "tables")
        return _run_import(path, user)


def too_large():
    return Problem(413, _("The file is larger than %(mb)s MB; split it or import it with 'hoptac import'.")
                   % {"mb": max_upload() // 2**20})
