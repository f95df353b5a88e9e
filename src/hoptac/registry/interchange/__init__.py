"""The interchange format of SPEC §4: bulk import, export, backups and test data.

Public API::

    import_path(path, *, by=None, channel=IMPORT) -> ImportResult   # folder of CSV files or .xlsx
    import_tables(tables, *, source="tables", by=None, channel=IMPORT) -> ImportResult
    export_path(path) -> ExportResult                     # .xlsx -> workbook, else a folder
    export_tables() -> dict[str, list[list]]              # typed rows, header first
    ImportRejected(problems)  # .problems: list[Problem(file, row, column, value, rule)]
    ReadError                 # the path cannot be read at all (one line for the user)

``import_tables`` takes ``{table: [row dict, …]}`` with tables among
``organizations``, ``events``, ``annual_reports``, ``macro``, ``targets``
(any may be absent). Row dicts map column names to cells: text as in a CSV
file, or Python values (``datetime.date``, ``int``, ``Decimal``, ``float``,
``None``). The row at index ``i`` is reported as row ``i + 2`` (the header is
row 1); an empty dict is a blank row. Everything is validated before anything
is written; then the import runs in one transaction, or raises
``ImportRejected`` with every problem and leaves the database unchanged.
Imported annual reports are revision 1, approved, in force. A successful import
records one audit entry (the rows written per table) with the caller's channel.
"""

from hoptac.audit.models import Channel

from hoptac.registry.interchange.exporter import ExportResult, export_path, export_tables
from hoptac.registry.interchange.importer import Importer, ImportResult
from hoptac.registry.interchange.problems import ImportRejected, Problem, ReadError
from hoptac.registry.interchange.readers import reader_for
from hoptac.registry.interchange.schema import TABLES

__all__ = [
    "TABLES", "ExportResult", "ImportRejected", "ImportResult", "Problem", "ReadError",
    "export_path", "export_tables", "import_path", "import_tables",
]


def import_tables(tables, *, source="tables", by=None, channel=Channel.IMPORT):
    """Import rows given as Python data; see the module docstring for the shape."""
    return Importer(tables, source=source, by=by, channel=channel).run()


def import_path(path, *, by=None, max_bytes=None, channel=Channel.IMPORT):
    """Import a folder of CSV files or an ``.xlsx`` workbook (at most ``max_bytes`` long, when given).

    Raises :class:`ReadError` when the path cannot be read at all (a workbook
    refused by the guard of :mod:`hoptac.core.spreadsheets` included) and
    :class:`ImportRejected` (problems of shape and of content together) otherwise.
    """
    read = reader_for(path, max_bytes).read()
    return Importer(read.tables, source=str(path), by=by, labels=read.labels, problems=read.problems,
                    channel=channel).run()
