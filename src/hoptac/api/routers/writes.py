"""Writes for authorised callers: organisations, events, annual reports, bulk import.

Every write goes through the domain (``registry.lifecycle``, the collection
workflow, the interchange importer), is checked against the policy, and is
idempotent under an ``Idempotency-Key`` header.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import File, Router
from ninja.files import UploadedFile

from hoptac.accounts import policy
from hoptac.audit.models import Channel
from hoptac.collection import workflow
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.registry import lifecycle, ratings, report_checks

from .. import imports, open_data
from ..access import caller, readable_ids, refuse, require_unit_in_scope, require_write, today
from ..auth import READ, WRITE, require_writable
from ..idempotency import idempotent
from ..instance import api
from ..problems import Problem
from ..schemas import (
    EventIn, EventOut, ImportOut, OrganizationIn, OrganizationOut, ProblemOut, RatingIn, RatingOut, ReportIn, ReportOut,
)
from .common import WRITE_ERRORS
from . import organizations
from .organizations import _org_or_404, organization_out, report_out, states_on

# Writes share the organisations router: ninja serves one path from one router.
router = organizations.router
imports_router = Router(tags=["writes"], auth=WRITE)

IDEMPOTENCY_DOC = " Send an `Idempotency-Key` header to make a retry safe."


def _json(request, data, status=201):
    return api.create_response(request, data, status=status)


def _body_unit(code, date, field):
    try:
        return Unit.objects.resolve(code, date)
    except UnitNotFound as exc:
        raise Problem(422, _("%(field)s: %(message)s.") % {"field": field, "message": exc}, kind="validation",
                      title="Invalid input", errors=[{"field": field, "message": str(exc), "value": code}]) from None


def _lifecycle_problem(exc):
    errors = [{"field": v.field, "message": v.message} for v in exc.violations]
    return Problem(422, _("The lifecycle rules refuse this for %(subject)s: %(reasons)s.") % {
        "subject": exc.subject or _("the organisation"), "reasons": "; ".join(v.message for v in exc.violations)},
        kind="lifecycle", title="Refused by the lifecycle rules", errors=errors)


@router.post("", auth=WRITE, tags=["writes"], response={201: OrganizationOut, **WRITE_ERRORS}, summary="Create an organisation",
             description="Records the organisation and its `established` event." + IDEMPOTENCY_DOC)
@idempotent
def create_organization(request, payload: OrganizationIn):
    user = caller(request)
    unit = _body_unit(payload.unit, payload.established_on, "unit")
    require_unit_in_scope(user, policy.WRITE, unit,
                          _("Your account may not create organisations in %(unit)s.") % {"unit": unit.name})
    require_writable(request)
    try:
        org = lifecycle.establish(
            code=payload.code.strip(), kind=payload.kind, name=payload.name.strip(), unit=unit,
            established_on=payload.established_on, sector=payload.sector or "", by=user,
            document=payload.document, note=payload.note, address=payload.address, phone=payload.phone,
            email=payload.email, representative=payload.representative, channel=Channel.API,
            origin=payload.origin, legacy_number=payload.legacy_number.strip(),
            registered_by=payload.registered_by.strip(), vsic=payload.vsic.strip(),
            vsic_version=payload.vsic_version.strip(), public_contact=payload.public_contact,
        )
    except lifecycle.LifecycleError as exc:
        raise _lifecycle_problem(exc) from None
    transaction.on_commit(open_data.bump)
    state = states_on(payload.established_on).get(organization=org)
    return _json(request, organization_out(state, org, personal=True))


@router.post("/{code}/events", auth=WRITE, tags=["writes"], response={201: EventOut, **WRITE_ERRORS}, summary="Record an event",
             description="Checked against the whole history by the lifecycle rules." + IDEMPOTENCY_DOC)
@idempotent
def create_event(request, code: str, payload: EventIn):
    user = caller(request)
    org = _org_or_404(code)
    require_write(request, policy.WRITE, org,
                  _("Your account may not record events of %(code)s: it is outside your units.") % {"code": org.code})
    unit = None
    if payload.unit:
        unit = _body_unit(payload.unit, payload.date, "unit")
        require_unit_in_scope(user, policy.WRITE, unit,
                              _("Your account may not move an organisation to %(unit)s.") % {"unit": unit.name})
    try:
        event = lifecycle.record_event(org, payload.type, payload.date, unit=unit, sector=payload.sector or "",
                                       name=payload.name, document=payload.document, note=payload.note,
                                       until=payload.until, successors=[c.strip() for c in payload.successors],
                                       by=user, channel=Channel.API)
    except lifecycle.LifecycleError as exc:
        raise _lifecycle_problem(exc) from None
    transaction.on_commit(open_data.bump)
    return _json(request, {
        "id": event.id, "type": event.type, "date": event.date,
        "unit": {"code": unit.code, "name": unit.name} if unit else None, "sector": event.sector or None,
        "name": event.name or None, "document": event.document, "note": event.note,
        "until": event.until, "successors": [c.strip() for c in payload.successors],
        "recorded_at": event.recorded_at, "voided": False,
    })


@router.post("/{code}/reports", auth=WRITE, tags=["writes"], response={201: ReportOut, **WRITE_ERRORS}, summary="Submit an annual report",
             description="Saves the figures as a draft and, with `submit` (default), submits them for review "
                         "through the collection workflow." + IDEMPOTENCY_DOC)
@idempotent
def submit_report(request, code: str, payload: ReportIn):
    user = caller(request)
    org = _org_or_404(code)
    require_write(request, policy.SUBMIT_REPORT, org,
                  _("Your account may not submit reports of %(code)s.") % {"code": org.code})
    this_year = today().year
    if payload.year > this_year:
        message = _("year: %(year)s is in the future; a report is for a year that has begun (at most %(this)s).") % {
            "year": payload.year, "this": this_year}
        raise Problem(422, message, kind="validation", title="Invalid input",
                      errors=[{"field": "year", "in": "body", "message": message}])
    figures = payload.dict(include={"members", "workers", "revenue", "profit", "income", "value_added", "is_estimate",
                                    *report_checks.V2_FIELDS})
    try:
        report = workflow.save_draft(user, org, payload.year, figures, comment=payload.comment, channel=Channel.API)
        if payload.submit:
            report = workflow.submit(user, report, comment=payload.comment, channel=Channel.API)
    except workflow.WorkflowError as exc:
        raise Problem(409, str(exc), kind="report-workflow", title="Not possible in the report's state") from None
    except PermissionDenied as exc:
        raise Problem(403, str(exc) or _("Your account may not submit reports of %(code)s.") % {"code": org.code}) from None
    return _json(request, report_out(report, org.code))


@imports_router.post("", response={201: ImportOut, 413: ProblemOut, **WRITE_ERRORS},
                     summary="Bulk import (interchange format)",
                     description="Upload an .xlsx workbook or a .zip of CSV files of the interchange format. "
                                 "All or nothing: any problem rejects the whole file, and the answer lists every "
                                 "problem with file, row, column and rule." + IDEMPOTENCY_DOC)
@idempotent
def bulk_import(request, file: File[UploadedFile]):
    user = caller(request)
    if policy.reach(user, policy.WRITE) != policy.ALL:
        raise Problem(403, _("Bulk import is for province officers and administrators; import single records "
                             "with the other operations."))
    require_writable(request)
    counts = imports.import_upload(file, user)
    transaction.on_commit(open_data.bump)
    return _json(request, {"imported": counts})


@router.put("/{code}/ratings/{year}", auth=WRITE, tags=["writes"], response={200: RatingOut, **WRITE_ERRORS},
            summary="Rate an organisation for a year",
            description="The Department's yearly rating (good, fair, average, weak): province officers only. "
                        "A change supersedes the rating in force, which stays in the history; every change is "
                        "audited." + IDEMPOTENCY_DOC)
@idempotent
def rate(request, code: str, year: int, payload: RatingIn):
    user = caller(request)
    org = _org_or_404(code)
    require_write(request, policy.RATE, org, _("Only officers of the Department rate organisations."))
    try:
        rating = ratings.record(user, org, year, payload.rating, channel=Channel.API)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        message = f"{field}: {' '.join(messages)}"
        raise Problem(422, message, kind="validation", title="Invalid input",
                      errors=[{"field": field, "in": "path" if field == "year" else "body",
                               "message": message}]) from None
    return _json(request, rating_out(rating, org.code), status=200)


@router.get("/{code}/ratings", auth=READ, response={200: list[RatingOut], **WRITE_ERRORS},
            summary="Yearly ratings of one organisation, with their history")
def rating_history(request, code: str):
    """Every rating recorded for the organisation, the superseded ones included (newest first),
    for the organisation itself and the officers and viewers whose scope holds it."""
    org = _org_or_404(code)
    user = caller(request)
    if org.pk not in readable_ids(user, [org.pk]):
        refuse(user, _("The ratings of one organisation are not public; only the organisation and the officers in "
                       "charge of it may read them."))
    return [rating_out(r, org.code) for r in ratings.history(org)]


def rating_out(rating, code):
    return {"organization": code, "year": rating.year, "rating": rating.rating, "recorded_at": rating.recorded_at,
            "superseded_at": rating.superseded_at}
