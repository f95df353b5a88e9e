"""Directive documents, the action plan, support given and awards (``/documents``, ``/tasks``,
``/support``, ``/awards``).

Published documents are public; tasks, support and awards are read with a
token, in the caller's scope. Writes follow the same policy as the back office
(documents and tasks: the province; support and awards: within the caller's
units) and the same rules, from the models: a refused write is a 422 problem
naming each field, and nothing is saved.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hoptac.accounts import policy
from hoptac.directives import history
from hoptac.directives.figures import support_figures
from hoptac.directives.models import (
    Award,
    Document,
    DocumentKind,
    Level,
    RecipientKind,
    Support,
    SupportKind,
    Task,
    TaskStatus,
    check_replaces,
)
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.registry.interchange.schema import format_number
from hoptac.registry.models import Organization

from ..access import caller, refuse, require_unit_in_scope, today
from ..auth import READ, WRITE, require_writable
from ..instance import api
from ..problems import Problem
from .common import ERRORS, WRITE_ERRORS

router = Router(tags=["directives"])
LINKS = ("implements", "replaces", "amends")


class DocumentIn(Schema):
    number: str = Field(..., min_length=1, max_length=60)
    issuer: str = Field(..., min_length=1, max_length=200)
    issued_on: datetime.date
    kind: DocumentKind
    level: Level = Level.PROVINCE
    title: str = Field(..., min_length=1, max_length=400)
    summary: str = Field("", max_length=20000)
    published: bool = True
    implements: list[str] = Field(default_factory=list, max_length=200,
                                  description="References written number|issuer|YYYY-MM-DD")
    replaces: list[str] = Field(default_factory=list, max_length=200)
    amends: list[str] = Field(default_factory=list, max_length=200)


class DocumentOut(Schema):
    reference: str
    number: str
    issuer: str
    issued_on: datetime.date
    kind: str
    level: str
    title: str
    summary: str
    implements: list[str]
    replaces: list[str]
    amends: list[str]


class TaskIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    document: str = Field(..., min_length=1, max_length=300, description="number|issuer|YYYY-MM-DD")
    title: str = Field(..., min_length=1, max_length=400)
    lead_agency: str = Field(..., min_length=1, max_length=200)
    partners: str = Field("", max_length=500)
    starts_on: datetime.date
    deadline: datetime.date
    status: TaskStatus = TaskStatus.NOT_STARTED


class TaskOut(Schema):
    code: str
    document: str
    title: str
    lead_agency: str
    partners: str
    starts_on: datetime.date
    deadline: datetime.date
    status: str
    overdue: bool


class SupportIn(Schema):
    org_code: str = Field(..., min_length=1, max_length=40)
    year: int = Field(..., ge=1900, le=2100)
    kind: SupportKind
    amount: Decimal = Field(..., max_digits=20, decimal_places=4, description="million VND")
    programme: str = Field("", max_length=255)
    document: str | None = Field(None, max_length=300)


class SupportOut(Schema):
    org_code: str
    year: int
    kind: str
    amount: Decimal
    programme: str
    document: str | None


class SupportFigures(Schema):
    unit: str
    years: str
    organizations: int
    rows: int
    amount: Decimal
    by_kind: dict[str, dict[str, Decimal]]
    by_year: dict[str, dict[str, Decimal]]


class AwardIn(Schema):
    decision: str = Field(..., min_length=1, max_length=60)
    decided_on: datetime.date
    issuer: str = Field(..., min_length=1, max_length=200)
    kind: str = Field("Bằng khen", max_length=120)
    recipient_kind: RecipientKind
    org_code: str | None = Field(None, max_length=40)
    recipient: str = Field("", max_length=255)
    unit: str | None = Field(None, max_length=10, description="unit of a collective or a person")
    reason: str = Field("", max_length=5000)


class AwardOut(Schema):
    decision: str
    decided_on: datetime.date
    issuer: str
    kind: str
    recipient_kind: str
    org_code: str | None
    recipient: str


# -- helpers -------------------------------------------------------------------

def _money(value):
    """Million VND without trailing zeros (``100``, ``8438.5``), as the interchange files write it."""
    return Decimal(format_number(value))


def _invalid(errors):
    """A 422 problem from ``{field: [message, …]}``."""
    names = {"organization": "org_code", "__all__": ""}  # the model's names → the payload's
    flat = [{"field": names.get(f, f), "message": m} for f, messages in errors.items() for m in messages]
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in flat)
    return Problem(422, _("Nothing was saved: %(reasons)s.") % {"reasons": detail}, kind="validation",
                   title="Invalid input", errors=flat)


def _checked(obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise _invalid(exc.message_dict) from None


def _document(reference, field):
    parts = (reference or "").split("|")
    if len(parts) == 3:
        try:
            found = Document.objects.by_reference(parts[0].strip(), parts[1].strip(),
                                                  datetime.date.fromisoformat(parts[2].strip())).first()
        except ValueError:
            found = None
        if found is not None:
            return found
    raise _invalid({field: [_("no document with this number, issuer and date: %(ref)s") % {"ref": reference}]})


def _require(request, action, model, message):
    user = caller(request)
    if not policy.can(user, action, model):
        refuse(user, message)
    return user


def _created(request, data):
    return api.create_response(request, data, status=201)


def document_out(d):
    return {"reference": d.reference, "number": d.number, "issuer": d.issuer, "issued_on": d.issued_on,
            "kind": d.kind, "level": d.level, "title": d.title, "summary": d.summary,
            **{link: sorted(o.reference for o in getattr(d, link).all()) for link in LINKS}}


def task_out(t, on):
    return {"code": t.code, "document": t.document.reference, "title": t.title, "lead_agency": t.lead_agency,
            "partners": t.partners, "starts_on": t.starts_on, "deadline": t.deadline, "status": t.status,
            "overdue": t.is_overdue(on)}


def support_out(s):
    return {"org_code": s.organization.code, "year": s.year, "kind": s.kind, "amount": _money(s.amount),
            "programme": s.programme, "document": s.document.reference if s.document_id else None}


def award_out(a):
    return {"decision": a.decision, "decided_on": a.decided_on, "issuer": a.issuer, "kind": a.kind,
            "recipient_kind": a.recipient_kind, "org_code": a.organization.code if a.organization_id else None,
            "recipient": a.recipient_name}


# -- documents -------------------------------------------------------------------

@router.get("/documents", auth=READ, response={200: list[DocumentOut], **ERRORS}, summary="Directive documents",
            description="Published documents for the public; every document for the roles that read them.")
def list_documents(request, level: Level | None = None, kind: DocumentKind | None = None,
                   year: int | None = Query(None, ge=1900, le=2100)):
    user = caller(request)
    documents = Document.objects.all()
    if policy.reach(user, policy.READ_DIRECTIVES) is None:
        documents = documents.filter(published=True)
    if level:
        documents = documents.filter(level=level)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(issued_on__year=year)
    return [document_out(d) for d in documents.order_by("issued_on", "issuer", "number").prefetch_related(*LINKS)]


@router.post("/documents", auth=WRITE, tags=["writes"], response={201: DocumentOut, **WRITE_ERRORS},
             summary="Record a directive document")
def create_document(request, payload: DocumentIn):
    user = _require(request, policy.WRITE, Document, _("Only province officers record directive documents."))
    require_writable(request)
    links = {link: [_document(ref, link) for ref in getattr(payload, link)] for link in LINKS}
    fields = payload.dict(exclude=set(LINKS))
    doc = Document(**{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()})
    _checked(doc)
    with transaction.atomic():
        doc.save()
        for link, targets in links.items():
            getattr(doc, link).set(targets)
        try:
            check_replaces(doc.pk, [d.pk for d in links["replaces"]])
        except ValidationError as exc:
            transaction.set_rollback(True)
            raise _invalid(exc.message_dict) from None
        history.record_created(doc, user=user, request=request)
    return _created(request, document_out(doc))


# -- tasks -----------------------------------------------------------------------

@router.get("/tasks", auth=WRITE, response={200: list[TaskOut], **ERRORS}, summary="Tasks of the action plan")
def list_tasks(request, overdue: bool = False, status: TaskStatus | None = None):
    _require(request, policy.READ, Task, _("Your account does not read the action plan."))
    on = today()
    tasks = Task.objects.select_related("document")
    if overdue:
        tasks = tasks.overdue(on)
    if status:
        tasks = tasks.filter(status=status)
    return [task_out(t, on) for t in tasks.order_by("code")]


@router.post("/tasks", auth=WRITE, tags=["writes"], response={201: TaskOut, **WRITE_ERRORS},
             summary="Record a task of the action plan")
def create_task(request, payload: TaskIn):
    user = _require(request, policy.WRITE, Task, _("Only province officers record tasks of the action plan."))
    require_writable(request)
    document = _document(payload.document, "document")
    task = Task(document=document, **payload.dict(exclude={"document"}))
    _checked(task)
    with transaction.atomic():
        task.save()
        history.record_created(task, user=user, request=request)
    return _created(request, task_out(task, today()))


# -- support ---------------------------------------------------------------------

def _organization(user, code, field):
    """The organisation a write names: 422 when there is none, 403 when it is outside the caller's units."""
    code = (code or "").strip()
    org = policy.organizations_for(user, policy.WRITE).filter(code=code).first()
    if org is None:
        if Organization.objects.filter(code=code).exists():
            refuse(user, _("Your account does not cover the organisation %(code)s.") % {"code": code})
        raise _invalid({field: [_("no organisation with the number %(code)s among those you may record")
                                % {"code": code}]})
    return org


@router.get("/support", auth=WRITE, response={200: SupportFigures, **ERRORS}, summary="Support given in a unit",
            description="Organisations supported and amounts (million VND), by kind and year, in scope of the unit.")
def support_in_unit(request, unit: str = Query(..., min_length=1, max_length=10),
                    years: str = Query(..., pattern=r"^\d{4}-\d{4}$")):
    user = caller(request)
    first, last = (int(y) for y in years.split("-"))
    if first > last or first < 1900 or last > 2100:
        raise _invalid({"years": [_("write the years as A-B with A not after B")]})
    try:
        resolved = Unit.objects.resolve(unit, datetime.date(last, 12, 31))
    except UnitNotFound as exc:
        raise _invalid({"unit": [str(exc)]}) from None
    require_unit_in_scope(user, policy.READ, resolved, _("Your account does not cover %(unit)s.")
                          % {"unit": resolved.name})
    figures = support_figures(resolved, first, last)
    return {"unit": resolved.code, "years": years, "organizations": figures["organizations"],
            "rows": figures["rows"], "amount": _money(figures["amount"]),
            "by_kind": {k: {"organizations": Decimal(v["organizations"]), "amount": _money(v["amount"])}
                        for k, v in figures["by_kind"].items()},
            "by_year": {str(k): {"organizations": Decimal(v["organizations"]), "amount": _money(v["amount"])}
                        for k, v in figures["by_year"].items()}}


@router.post("/support", auth=WRITE, tags=["writes"], response={201: SupportOut, **WRITE_ERRORS},
             summary="Record support given to an organisation")
def create_support(request, payload: SupportIn):
    user = _require(request, policy.WRITE, Support, _("Your account does not record support."))
    require_writable(request)
    org = _organization(user, payload.org_code, "org_code")
    document = _document(payload.document, "document") if payload.document else None
    support = Support(organization=org, year=payload.year, kind=payload.kind, amount=payload.amount,
                      programme=payload.programme, document=document)
    _checked(support)
    with transaction.atomic():
        support.save()
        history.record_created(support, user=user, request=request)
    return _created(request, support_out(support))


# -- awards ----------------------------------------------------------------------

@router.get("/awards", auth=WRITE, response={200: list[AwardOut], **ERRORS}, summary="Awards in the caller's scope")
def list_awards(request, year: int | None = Query(None, ge=1900, le=2100),
                decision: str | None = Query(None, max_length=60)):
    user = _require(request, policy.READ, Award, _("Your account does not read awards."))
    awards = policy.queryset_for(user, Award, policy.READ).select_related("organization")
    if year:
        awards = awards.filter(decided_on__year=year)
    if decision:
        awards = awards.filter(decision=decision)
    return [award_out(a) for a in awards.order_by("decided_on", "decision", "pk")]


@router.post("/awards", auth=WRITE, tags=["writes"], response={201: AwardOut, **WRITE_ERRORS},
             summary="Record an award")
def create_award(request, payload: AwardIn):
    user = _require(request, policy.WRITE, Award, _("Your account does not record awards."))
    require_writable(request)
    award = Award(decision=payload.decision.strip(), decided_on=payload.decided_on, issuer=payload.issuer,
                  kind=payload.kind, recipient_kind=payload.recipient_kind, recipient=payload.recipient.strip(),
                  reason=payload.reason)
    if payload.recipient_kind == RecipientKind.ORGANIZATION and payload.org_code:
        award.organization = _organization(user, payload.org_code, "org_code")
        award.unit_id = award.organization.unit_id
    elif payload.unit:
        try:
            award.unit = Unit.objects.resolve(payload.unit, payload.decided_on)
        except UnitNotFound as exc:
            raise _invalid({"unit": [str(exc)]}) from None
        require_unit_in_scope(user, policy.WRITE, award.unit, _("Your account does not cover %(unit)s.")
                              % {"unit": award.unit.name})
    elif policy.scope_unit_ids(user) is not None and payload.recipient_kind != RecipientKind.ORGANIZATION:
        raise _invalid({"unit": [_("choose the unit of the collective or person among yours")]})
    _checked(award)
    with transaction.atomic():
        award.save()
        history.record_created(award, user=user, request=request)
    return _created(request, award_out(award))
