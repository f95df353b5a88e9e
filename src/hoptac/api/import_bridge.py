"""Bulk import through the API: an uploaded .xlsx or .zip of CSV files → the importer.

The upload is written to a private temporary directory (a zip is unpacked
there, keeping only ``*.csv`` members by their base names, so a crafted path
cannot escape), then handed to the registry's interchange importer, which
checks everything and writes all or nothing.
"""

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from .problems import Problem

TABLES = ("organizations", "events", "annual_reports", "macro", "targets")

MAX_UPLOAD = getattr(settings, "HOPTAC_API_MAX_IMPORT_BYTES", 50 * 1024 * 1024)
MAX_UNPACKED = 10 * MAX_UPLOAD


def _unpack_zip(upload, folder):
    folder.mkdir()
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise Problem(422, _("The file %(name)s is not a valid .zip archive.") % {"name": upload.name},
                      kind="import-unreadable", title="Unreadable file") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
        if not members:
            raise Problem(422, _("The archive %(name)s holds no .csv file; put organizations.csv, events.csv, "
                                 "annual_reports.csv, macro.csv or targets.csv in it.") % {"name": upload.name},
                          kind="import-unreadable", title="Unreadable file")
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise Problem(413, _("The archive unpacks to more than %(mb)s MB.") % {"mb": MAX_UNPACKED // 2**20})
        for member in members:
            name = PurePosixPath(member.filename).name
            with archive.open(member) as src, open(folder / name, "wb") as dst:
                shutil.copyfileobj(src, dst)
    return folder


def _problems(exc):
    return [{"file": p.file, "row": p.row or None, "column": p.column or None, "value": p.value,
             "message": p.rule} for p in exc.problems]


def _run_import(path, user):
    from hoptac.registry.interchange import ImportRejected, ReadError, import_path

    try:
        result = import_path(path, by=user)
    except ImportRejected as exc:
        raise Problem(422, _("The import was rejected and nothing was changed: %(n)s problem(s). Fix every "
                             "row listed in 'errors' and upload the whole file again.") % {"n": len(exc.problems)},
                      kind="import-rejected", title="Import rejected", errors=_problems(exc)) from None
    except ReadError as exc:
        raise Problem(422, str(exc), kind="import-unreadable", title="Unreadable file") from None
    return {name: getattr(result, name) for name in TABLES}


def import_upload(upload, user):
    """Import an uploaded file; returns ``{table: rows imported}`` or raises a Problem."""
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise Problem(413, _("The file is larger than %(mb)s MB; split it or import it with 'hoptac import'.")
                      % {"mb": MAX_UPLOAD // 2**20})
    name = (upload.name or "").lower()
    with tempfile.TemporaryDirectory(prefix="hoptac-api-import-") as tmp:
        tmp = Path(tmp)
        if name.endswith(".xlsx"):
            path = tmp / "upload.xlsx"
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        elif name.endswith(".zip"):
            path = _unpack_zip(upload, tmp / "tables")
        else:
            raise Problem(415, _("Upload an .xlsx workbook or a .zip of CSV files (the file was %(name)r).")
                          % {"name": upload.name}, kind="unsupported-file")
        return _run_import(path, user)
