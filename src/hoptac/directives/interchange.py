"""The ``documents``, ``tasks``, ``task_progress``, ``support`` and ``awards`` files (SPEC §4 v2).

The part is registered with :mod:`hoptac.registry.interchange.extensions` when
the app is ready (the register sits below this app and imports nothing of it).
The importer calls :meth:`DirectivesPart.check` after its own checks and
:meth:`DirectivesPart.write` inside its transaction, once the organisations
exist; the exporter adds :meth:`DirectivesPart.export_rows`.

A document is referred to as ``number|issuer|issued_on``; lists of references
are separated by ``;``. Every rule the back office applies is applied here:
a document already recorded, a link to a document that does not exist, a cycle
of "replaces", a deadline before the start, an award to nobody, a support
amount below zero — each a problem naming file, row, column and value.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hoptac.directives.models import (
    Award,
    Document,
    DocumentKind,
    Level,
    RecipientKind,
    Support,
    SupportKind,
    Task,
    TaskProgress,
    TaskStatus,
    replaces_cycle,
    stored_replaces,
)
from hoptac.registry.interchange.schema import is_empty, parse_date, parse_decimal, parse_int, text
from hoptac.registry.models import Organization

TABLE_ORDER = ("documents", "tasks", "task_progress", "support", "awards")
LINKS = ("implements", "replaces", "amends")
FIRST_YEAR = 1900


def reference(number, issuer, issued_on):
    return f"{number}|{issuer}|{issued_on.isoformat()}"


@dataclass
class DocumentRecord:
    row: object
    key: tuple
    fields: dict
    links: dict = field(default_factory=dict)  # link -> [key, …]


class DirectivesPart:
    """Checks and writes the five files for one :class:`~hoptac.registry.interchange.importer.Importer`."""

    def __init__(self, importer):
        self.importer = importer
        self.documents, self.tasks, self.progress, self.support, self.awards = {}, {}, [], [], []
        self.counts = dict.fromkeys(TABLE_ORDER, 0)

    # -- checking ------------------------------------------------------------
    def check(self):
        self.known_documents = {(n, i, d): pk for n, i, d, pk in
                                Document.objects.values_list("number", "issuer", "issued_on", "pk")}
        self.known_tasks = set(Task.objects.values_list("code", flat=True))
        self.check_documents()
        self.check_tasks()
        self.check_progress()
        self.check_support()
        self.check_awards()

    def _parse_reference(self, raw):
        parts = text(raw).split("|")
        if len(parts) != 3 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(_("not a document reference (write number|issuer|YYYY-MM-DD)"))
        try:
            issued_on = parse_date(parts[2].strip())
        except Exception:
            raise ValueError(_("not a document reference (write number|issuer|YYYY-MM-DD)")) from None
        return parts[0].strip(), parts[1].strip(), issued_on

    def _document(self, row, column, required=False):
        """The key of the document a cell refers to (in the file or the register), or None."""
        raw = row.value(column)
        if is_empty(raw):
            if required:
                row.fail(column, raw, _("required"))
            return None
        try:
            key = self._parse_reference(raw)
        except ValueError as exc:
            row.fail(column, raw, str(exc))
            return None
        if key not in self.documents and key not in self.known_documents:
            if "documents" not in self.importer.unusable:
                row.fail(column, raw, _("no document with this number, issuer and date in documents or in the register"))
            return None
        return key

    def check_documents(self):
        kinds, levels = tuple(DocumentKind.values), tuple(Level.values)
        rows = []
        for row in self.importer.rows("documents"):
            number = row.get("number", required=True, max_length=60)
            issuer = row.get("issuer", required=True, max_length=200)
            issued_on = row.get("issued_on", parse_date, required=True)
            kind = row.get("kind", required=True, choices=kinds,
                           hint=_("unknown kind of document (use %(kinds)s)") % {"kinds": ", ".join(kinds)})
            level = row.get("level", required=True, choices=levels,
                            hint=_("unknown level (use %(levels)s)") % {"levels": ", ".join(levels)})
            title = row.get("title", required=True, max_length=400)
            summary = row.get("summary") or ""
            for column, value in (("number", number), ("issuer", issuer)):
                if value and ("|" in value or ";" in value):
                    row.fail(column, value, _("must not contain | or ; (they separate document references)"))
            if not (number and issuer and issued_on):
                continue
            key = (number, issuer, issued_on)
            if key in self.documents:
                row.fail("number", number, _("this document (same number, issuer and date) is already in row %(row)d")
                         % {"row": self.documents[key].row.number})
            elif key in self.known_documents:
                row.fail("number", number, _("a document with this number, issuer and date is already in the register"))
            else:
                self.documents[key] = DocumentRecord(row, key, {"number": number, "issuer": issuer, "issued_on": issued_on,
                                                                "kind": kind, "level": level, "title": title,
                                                                "summary": summary})
                rows.append(self.documents[key])
        for record in rows:
            row = record.row
            for link in LINKS:
                raw = row.value(link)
                keys = []
                for part in ([] if is_empty(raw) else text(raw).split(";")):
                    if not part.strip():
                        continue
                    try:
                        key = self._parse_reference(part)
                    except ValueError as exc:
                        row.fail(link, part.strip(), str(exc))
                        continue
                    if key == record.key:
                        row.fail(link, part.strip(), _("a document cannot refer to itself"))
                    elif key not in self.documents and key not in self.known_documents:
                        row.fail(link, part.strip(),
                                 _("no document with this number, issuer and date in documents or in the register"))
                    else:
                        keys.append(key)
                record.links[link] = keys
        self._check_replaces_cycles(rows, replaces_cycle)
        self.counts["documents"] = len(self.documents)

    def _check_replaces_cycles(self, rows, replaces_cycle):
        """Blame each row whose "replaces" links lie on a cycle (with the register's links too)."""
        if not any(r.links.get("replaces") for r in rows):
            return
        by_pk = {pk: key for key, pk in self.known_documents.items()}
        edges = {by_pk[a]: {by_pk[b] for b in targets} for a, targets in stored_replaces().items()}
        for record in rows:
            edges[record.key] = set(record.links.get("replaces", ()))
        if not replaces_cycle(edges):
            return
        for record in rows:
            if self._on_cycle(edges, record.key):
                record.row.fail("replaces", record.row.value("replaces"),
                                _("these links would make a cycle of documents replacing each other"))

    @staticmethod
    def _on_cycle(edges, start):
        """Whether ``start`` can reach itself through the "replaces" links."""
        seen, stack = set(), list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node == start:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        return False

    def check_tasks(self):
        statuses = tuple(TaskStatus.values)
        self.task_codes = set()  # every code of the file, valid row or not (its progress notes are not blamed)
        for row in self.importer.rows("tasks"):
            code = row.get("code", required=True, max_length=40)
            self.task_codes.add(code)
            document = self._document(row, "document", required=True)
            title = row.get("title", required=True, max_length=400)
            lead = row.get("lead_agency", required=True, max_length=200)
            partners = row.get("partners", max_length=500) or ""
            starts_on = row.get("starts_on", parse_date, required=True)
            deadline = row.get("deadline", parse_date, required=True)
            status = row.get("status", choices=statuses,
                             hint=_("unknown status (use %(statuses)s)") % {"statuses": ", ".join(statuses)})
            if starts_on and deadline and deadline < starts_on:
                row.fail("deadline", row.value("deadline"), _("the deadline is before the task's start"))
            if code in self.tasks:
                row.fail("code", code, _("this code is already used in row %(row)d") % {"row": self.tasks[code][0].number})
            elif code in self.known_tasks:
                row.fail("code", code, _("a task with this code is already in the register"))
            elif code and row.ok:
                self.tasks[code] = (row, {"code": code, "document": document, "title": title, "lead_agency": lead,
                                          "partners": partners, "starts_on": starts_on, "deadline": deadline,
                                          "status": status or TaskStatus.NOT_STARTED})
        self.counts["tasks"] = len(self.tasks)

    def check_progress(self):
        for row in self.importer.rows("task_progress"):
            code = row.get("task", required=True)
            on = row.get("on", parse_date, required=True)
            note = row.get("note", required=True)
            if code and code not in self.task_codes and code not in self.known_tasks \
                    and "tasks" not in self.importer.unusable:
                row.fail("task", code, _("no task with this code in tasks or in the register"))
            if row.ok:
                self.progress.append({"task": code, "on": on, "note": note})
        self.counts["task_progress"] = len(self.progress)

    def _organization(self, row, column, required):
        code = row.get(column, required=required)
        if code and code not in self.importer.orgs and code not in self.importer.existing:
            if "organizations" not in self.importer.unusable:
                row.fail(column, code, _("no organisation with this code in organizations or in the register"))
            return None
        return code

    def check_support(self):
        kinds = tuple(SupportKind.values)
        for row in self.importer.rows("support"):
            org = self._organization(row, "org_code", required=True)
            year = row.get("year", parse_int, required=True)
            if year is not None and not FIRST_YEAR <= year <= self.importer.today.year:
                row.fail("year", year, _("in the future") if year > self.importer.today.year else _("not a plausible year"))
            kind = row.get("kind", required=True, choices=kinds,
                           hint=_("unknown kind of support (use %(kinds)s)") % {"kinds": ", ".join(kinds)})
            amount = row.get("amount", parse_decimal, required=True)
            if amount is not None and amount < 0:
                row.fail("amount", row.value("amount"), _("the amount of support cannot be below zero"))
            programme = row.get("programme", max_length=255) or ""
            document = self._document(row, "document")
            if row.ok and org:
                self.support.append({"org": org, "year": year, "kind": kind, "amount": amount,
                                     "programme": programme, "document": document})
        self.counts["support"] = len(self.support)

    def check_awards(self):
        kinds = tuple(RecipientKind.values)
        for row in self.importer.rows("awards"):
            decision = row.get("decision", required=True, max_length=60)
            decided_on = row.get("decided_on", parse_date, required=True)
            issuer = row.get("issuer", required=True, max_length=200)
            kind = row.get("kind", max_length=120) or ""
            recipient_kind = row.get("recipient_kind", required=True, choices=kinds,
                                     hint=_("unknown recipient kind (use %(kinds)s)") % {"kinds": ", ".join(kinds)})
            org = None
            recipient = row.get("recipient", max_length=255) or ""
            if recipient_kind == RecipientKind.ORGANIZATION:
                if is_empty(row.value("org_code")):
                    row.fail("org_code", "", _("an award to an organisation names the organisation"))
                else:
                    org = self._organization(row, "org_code", required=True)
            elif recipient_kind:
                if not is_empty(row.value("org_code")):
                    row.fail("org_code", row.value("org_code"), _("only for an award to an organisation"))
                if not recipient:
                    row.fail("recipient", "", _("an award names its recipient: nobody is named"))
            reason = row.get("reason") or ""
            if row.ok:
                self.awards.append({"decision": decision, "decided_on": decided_on, "issuer": issuer,
                                    "kind": kind, "recipient_kind": recipient_kind, "org": org,
                                    "recipient": recipient, "reason": reason})
        self.counts["awards"] = len(self.awards)

    # -- writing -------------------------------------------------------------
    def write(self, org_ids):
        """Write everything checked; ``org_ids`` maps organisation codes to ids (after they were written)."""
        created = Document.objects.bulk_create([Document(**r.fields) for r in self.documents.values()])
        pks = dict(self.known_documents)
        pks.update({(d.number, d.issuer, d.issued_on): d.pk for d in created})
        for link in LINKS:
            through = getattr(Document, link).through
            through.objects.bulk_create([
                through(from_document_id=pks[r.key], to_document_id=pks[target])
                for r in self.documents.values() for target in r.links.get(link, ())
            ])
        Task.objects.bulk_create([
            Task(**{k: v for k, v in values.items() if k != "document"}, document_id=pks[values["document"]])
            for _row, values in self.tasks.values()
        ])
        task_ids = dict(Task.objects.values_list("code", "pk"))
        TaskProgress.objects.bulk_create([
            TaskProgress(task_id=task_ids[p["task"]], on=p["on"], note=p["note"]) for p in self.progress
        ])
        Support.objects.bulk_create([
            Support(organization_id=org_ids[s["org"]], year=s["year"], kind=s["kind"], amount=s["amount"],
                    programme=s["programme"], document_id=pks[s["document"]] if s["document"] else None)
            for s in self.support
        ])
        awarded = {org_ids[a["org"]] for a in self.awards if a["org"]}
        org_units = dict(Organization.objects.filter(pk__in=awarded).values_list("pk", "unit_id")) if awarded else {}
        Award.objects.bulk_create([
            Award(decision=a["decision"], decided_on=a["decided_on"], issuer=a["issuer"], kind=a["kind"],
                  recipient_kind=a["recipient_kind"], recipient=a["recipient"], reason=a["reason"],
                  organization_id=org_ids[a["org"]] if a["org"] else None,
                  unit_id=org_units.get(org_ids[a["org"]]) if a["org"] else None)
            for a in self.awards
        ])


def _export_rows():
    """The five tables as ``{table: [row, …]}`` in a fixed order (typed cells, None for empty)."""
    def blank(value):
        return None if value == "" else value

    documents = list(Document.objects.order_by("issued_on", "issuer", "number").prefetch_related(*LINKS))
    refs = {d.pk: d.reference for d in documents}
    doc_rows = [
        [d.number, d.issuer, d.issued_on, d.kind, d.level, d.title, blank(d.summary),
         *(blank(";".join(sorted(refs[o.pk] for o in getattr(d, link).all()))) for link in LINKS)]
        for d in documents
    ]
    tasks = [
        [t.code, refs[t.document_id], t.title, t.lead_agency, blank(t.partners), t.starts_on, t.deadline, t.status]
        for t in Task.objects.order_by("code")
    ]
    progress = [list(r) for r in TaskProgress.objects.order_by("task__code", "on", "pk")
                .values_list("task__code", "on", "note")]
    support = [
        [code, year, kind, amount, blank(programme), refs.get(doc_id)]
        for code, year, kind, amount, programme, doc_id in Support.objects.order_by(
            "organization__code", "year", "kind", "pk").values_list(
            "organization__code", "year", "kind", "amount", "programme", "document_id")
    ]
    awards = [
        [decision, decided_on, blank(issuer), blank(kind), recipient_kind, code, blank(recipient), blank(reason)]
        for decision, decided_on, issuer, kind, recipient_kind, code, recipient, reason in Award.objects.order_by(
            "decided_on", "decision", "pk").values_list(
            "decision", "decided_on", "issuer", "kind", "recipient_kind", "organization__code", "recipient", "reason")
    ]
    return {"documents": doc_rows, "tasks": tasks, "task_progress": progress, "support": support, "awards": awards}


def _summary(counts):
    """``"; 29 documents, …"`` for the command's last line, or nothing when the five files are empty."""
    if not any(counts.get(t) for t in TABLE_ORDER):
        return ""
    n = {t: number_format(counts.get(t, 0), force_grouping=True) for t in TABLE_ORDER}
    return "; " + _(
        "%(documents)s documents, %(tasks)s tasks, %(progress)s progress notes, %(support)s support rows "
        "and %(awards)s awards"
    ) % {"documents": n["documents"], "tasks": n["tasks"], "progress": n["task_progress"],
         "support": n["support"], "awards": n["awards"]}


DirectivesPart.export_rows = staticmethod(_export_rows)
DirectivesPart.summary = staticmethod(_summary)
