"""Files of the interchange format owned by apps above the register.

An app whose records travel in the format (``hoptac.directives``: documents,
tasks, task_progress, support, awards) registers a part from its
``AppConfig.ready``; the register imports nothing of it. A part is a class
built with the :class:`~hoptac.registry.interchange.importer.Importer`, with
``check()`` (after the importer's own checks, recording problems through it),
``write(org_ids)`` (inside the import's transaction, organisations written) and
``counts``; the class also offers ``export_rows()`` and ``summary(counts)``.
"""

PARTS = []


def register(part):
    if part not in PARTS:
        PARTS.append(part)


def export_rows():
    tables = {}
    for part in PARTS:
        tables.update(part.export_rows())
    return tables


def summary(counts):
    return "".join(part.summary(counts) for part in PARTS)
