"""The review report's section on directive documents, the action plan, support and commendations.

Reads ``ReportData.directives`` (gathered by :func:`hoptac.directives.figures.for_report`)
and writes headings and paragraphs through the builder, so the figures come from
the records, never from text.
"""

from django.utils.translation import npgettext, pgettext

from hoptac.reports.document import Cell, Table

SUPPORT_KINDS = {
    "land": lambda: pgettext("report", "land and premises"),
    "training": lambda: pgettext("report", "training"),
    "trade_promotion": lambda: pgettext("report", "trade promotion"),
    "technology": lambda: pgettext("report", "technology"),
    "credit": lambda: pgettext("report", "credit"),
    "infrastructure": lambda: pgettext("report", "infrastructure"),
    "other": lambda: pgettext("report", "other support"),
}


def write(b):
    """Add the section to builder ``b`` when the records hold anything for its period."""
    figures = getattr(b.d, "directives", None) or {}
    documents, tasks = figures.get("documents"), figures.get("tasks")
    support, awards = figures.get("support") or {}, figures.get("awards") or {}
    has_any = (documents or {}).get("documents") or (tasks or {}).get("tasks") or support.get("rows") \
        or awards.get("collectives") or awards.get("individuals")
    if not has_any:
        return
    b.heading(pgettext("report", "Leadership, support and commendation"))
    period = {"start": b.day(b.d.since), "end": b.day(b.d.date)}
    if documents and documents["documents"]:
        text = npgettext("report", "From %(start)s to %(end)s the city issued %(count)s directive document on the "
                         "collective economy", "From %(start)s to %(end)s the city issued %(count)s directive "
                         "documents on the collective economy", documents["documents"]) \
            % {**period, "count": b.n(documents["documents"])}
        if documents["implemented"]:
            text += pgettext("report", ", implementing %(texts)s") % {"texts": b.join(documents["implemented"])}
        b.para(text + ".")
    if tasks and tasks.get("tasks"):
        by = tasks["by_status"]
        b.para(pgettext("report", "The action plan for %(first)s–%(last)s assigns %(tasks)s tasks to %(agencies)s "
                        "agencies: %(done)s done, %(progress)s in progress, %(waiting)s not started and %(cancelled)s "
                        "cancelled; %(overdue)s overdue on %(date)s.")
               % {"first": tasks["first_year"], "last": tasks["last_year"], "tasks": b.n(tasks["tasks"]),
                  "agencies": b.n(tasks["agencies"]), "done": b.n(by["done"]), "progress": b.n(by["in_progress"]),
                  "waiting": b.n(by["not_started"]), "cancelled": b.n(by["cancelled"]),
                  "overdue": b.n(tasks["overdue"]), "date": b.day(b.d.date)})
    if support.get("rows"):
        years = {"first": min(support["by_year"]), "last": max(support["by_year"])}
        b.para(pgettext("report", "Support reached %(orgs)s organisations, %(amount)s million VND in all, from "
                        "%(first)s to %(last)s.")
               % {"orgs": b.n(support["organizations"]), "amount": b.money(support["amount"], 1), **years})
        rows = tuple(
            (Cell(SUPPORT_KINDS.get(kind, lambda: kind)()), b.int_cell(v["organizations"]),
             b.dec_cell(v["amount"], 1, "#,##0.0"))
            for kind, v in support["by_kind"].items()
        )
        b.blocks.append(Table(
            key="support", sheet=pgettext("report", "Support"),
            caption=pgettext("report", "Table %(n)s. Support given by kind, %(first)s–%(last)s")
            % {"n": b.table_number(), **years},
            columns=(pgettext("report", "Kind of support"), pgettext("report", "Organisations"),
                     pgettext("report", "Amount (million VND)")),
            rows=rows, total=(Cell(pgettext("report", "Total")), b.int_cell(support["organizations"]),
                              b.dec_cell(support["amount"], 1, "#,##0.0")),
            widths=(6, 3, 4),
        ))
    if awards.get("collectives") or awards.get("individuals"):
        decisions = [pgettext("report", "%(number)s of %(date)s") % {"number": n, "date": b.day(d)}
                     for d, n in awards["decisions"]]
        b.para(pgettext("report", "%(collectives)s collectives and %(individuals)s individuals were commended "
                        "(decision %(decisions)s).")
               % {"collectives": b.n(awards["collectives"]), "individuals": b.n(awards["individuals"]),
                  "decisions": b.join(decisions)})
