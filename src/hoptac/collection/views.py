"""Back-office pages of the annual-report collection (mounted under /admin/collection/).

Views parse, authorise through :mod:`hoptac.accounts.policy`, call the
workflow or the upload checker, and render. An organisation outside the user's
scope is a 404 (nothing about it leaks); a step the user may not take is a 403.
"""

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.accounts import policy
from hoptac.accounts.admin_base import forbidden as _forbidden
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core import concurrency
from hoptac.registry import ratings
from hoptac.registry.models import AnnualReport, Organization, ReportStatus, ReportingWindow
from hoptac.registry.report_checks import FIELDS, FIGURES, FLAGS, V2_FIGURES

from . import queue, selectors, tasks, verification, workflow
from .completeness import completeness
from .excel import build_template
from .forms import CommentForm, RatingForm, ReportForm, ReturnForm, UnitYearForm, UploadForm, WindowForm, default_year
from .models import Action, Upload, UploadStatus



def refusals_are_403(view):
    """Wagtail turns PermissionDenied into a redirect to the dashboard; a refusal here is a 403 page."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _forbidden(request)
    return wrapped


REPORT_ACTIONS = (policy.READ, policy.SUBMIT_REPORT, policy.VERIFY_REPORT, policy.APPROVE_REPORT)

STEP_FUNCTIONS = {
    "submit": (workflow.submit, gettext_lazy("The report was submitted for review.")),
    "verify": (workflow.verify, gettext_lazy("The report was verified.")),
    "approve": (workflow.approve, gettext_lazy("The report was approved; it is now the one in force.")),
}


def _year(request):
    try:
        year = int(request.GET.get("year") or default_year())
    except ValueError:
        year = default_year()
    return min(max(year, 2000), datetime.date.today().year)


def _organization(request, code, action=policy.READ):
    orgs = policy.organizations_for(request.user, action)
    return get_object_or_404(orgs, code=code)


@refusals_are_403
def report_list(request):
    """Organisations in the user's scope with the state of their report for a year."""
    if not policy.can(request.user, policy.READ, Organization):
        raise PermissionDenied
    year = _year(request)
    orgs = policy.organizations_for(request.user, policy.READ)
    if policy.role_of(request.user) == policy.COOPERATIVE and orgs.count() == 1:
        return redirect("collection:report", code=orgs.get().code, year=year)
    query = (request.GET.get("q") or "").strip()
    if query:
        orgs = orgs.filter(Q(code__icontains=query) | Q(name__icontains=query))
    orgs = selectors.with_report_status(orgs.filter(kind__in=("htx", "lhhtx")), year).order_by("code")
    status = request.GET.get("status") or ""
    if status == "none":
        orgs = orgs.filter(report_status__isnull=True)
    elif status in ReportStatus.values:
        orgs = orgs.filter(report_status=status)
    page = Paginator(orgs, 50).get_page(request.GET.get("p"))
    return render(request, "collection/report_list.html", {
        "year": year, "page": page, "query": query, "status": status,
        "statuses": [("none", _("not started"))] + list(ReportStatus.choices),
        "can_upload": policy.can(request.user, policy.VERIFY_REPORT, Organization),
    })


@refusals_are_403
@require_http_methods(["GET", "POST"])
def report_detail(request, code, year):
    """One organisation's report for a year: the form while editable, the review steps, the history."""
    org = _organization(request, code)
    if not 2000 <= year <= datetime.date.today().year:
        raise Http404
    if request.method == "GET" and (request.GET.get("y") or "").isdigit():  # the year switcher
        return redirect("collection:report", code=org.code, year=int(request.GET["y"]))
    revisions = list(selectors.revisions(org, year))
    current = revisions[0] if revisions else None
    allowed = {a for a in REPORT_ACTIONS if policy.can(request.user, a, org)}
    last_year = selectors.last_year_figures(org, year)
    editable = policy.SUBMIT_REPORT in allowed and (current is None or current.status in workflow.EDITABLE)
    initial = {k: getattr(current, k) for k in FIELDS} if current else {}
    form = ReportForm(request.POST or None, initial=initial, last_year=last_year, year=year,
                      kind=org.kind)

    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "save_submit"):
                if not editable:
                    raise PermissionDenied
                if form.is_valid():
                    with transaction.atomic():
                        # Another officer's save since this form was shown is not overwritten.
                        Organization.objects.select_for_update().filter(pk=org.pk).first()
                        stored = selectors.revisions(org, year).first()
                        if concurrency.is_stale(request.POST.get(concurrency.FIELD), _version(stored)):
                            form.add_error(None, concurrency.STALE_MESSAGE)
                            raise _Stale
                        report = workflow.save_draft(request.user, org, year, form.figures(),
                                                     comment=form.note(), channel=Channel.BACK_OFFICE)
                    if action == "save_submit":
                        workflow.submit(request.user, report, channel=Channel.BACK_OFFICE)
                        messages.success(request, STEP_FUNCTIONS["submit"][1])
                    else:
                        messages.success(request, _("The draft was saved."))
                    return redirect("collection:report", code=org.code, year=year)
            elif action == "return":
                return_form = ReturnForm(request.POST)
                if not return_form.is_valid() or current is None:
                    messages.error(request, _("Say why the report is returned: the comment is required."))
                    return redirect("collection:report", code=org.code, year=year)
                workflow.return_report(request.user, current, comment=return_form.cleaned_data["comment"],
                                       channel=Channel.BACK_OFFICE)
                messages.success(request, _("The report was returned with your comment."))
                return redirect("collection:report", code=org.code, year=year)
            elif action == "rate":
                rating_form = RatingForm(request.POST)
                if not rating_form.is_valid():
                    messages.error(request, _("Choose a rating."))
                    return redirect("collection:report", code=org.code, year=year)
                try:
                    ratings.record(request.user, org, year, rating_form.cleaned_data["rating"],
                                   channel=Channel.BACK_OFFICE)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("collection:report", code=org.code, year=year)
                messages.success(request, _("The rating of %(year)s was recorded.") % {"year": year})
                return redirect("collection:report", code=org.code, year=year)
            elif action == "reopen" and current is not None:
                workflow.reopen(request.user, current, reason=request.POST.get("reason", ""), channel=Channel.BACK_OFFICE)
                messages.success(request, _("The year was reopened: a correction was started as a new revision."))
                return redirect("collection:report", code=org.code, year=year)
            elif action in STEP_FUNCTIONS and current is not None:
                step, message = STEP_FUNCTIONS[action]
                comment = CommentForm(request.POST)
                step(request.user, current, comment=comment.cleaned_data["comment"] if comment.is_valid() else "",
                     channel=Channel.BACK_OFFICE)
                messages.success(request, message)
                return redirect("collection:report", code=org.code, year=year)
            else:
                raise Http404
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("collection:report", code=org.code, year=year)
        except _Stale:
            pass

    in_force = next((r for r in revisions if r.in_force), None)
    status = current.status if current else None
    return render(request, "collection/report_detail.html", {
        "organization": org, "year": year, "current": current, "in_force": in_force, "revisions": revisions,
        "form": form if editable else None, "last_year": last_year,
        "can": {
            "submit": workflow.possible(Action.SUBMITTED, status) and policy.SUBMIT_REPORT in allowed and not editable,
            "verify": workflow.possible(Action.VERIFIED, status)
            and verification.may_verify(request.user, org, timezone.localdate()),
            "approve": workflow.possible(Action.APPROVED, status) and policy.APPROVE_REPORT in allowed,
            "return": workflow.possible(Action.RETURNED, status) and policy.VERIFY_REPORT in allowed,
            "reopen": workflow.possible(Action.REOPENED, status) and policy.can(request.user, policy.REOPEN_REPORT, org),
        },
        "further": _further(current),
        "rating": ratings.current(org, year),
        "rating_history": list(ratings.history(org, year)) if policy.can(request.user, policy.RATE, org) else [],
        "rating_form": RatingForm(initial={"rating": getattr(ratings.current(org, year), "rating", "")})
        if policy.can(request.user, policy.RATE, org) else None,
        "fields": FIELDS, "return_form": ReturnForm(), "comment_form": CommentForm(),
        "years": range(datetime.date.today().year, 2000, -1),
        "edit_version": request.POST.get(concurrency.FIELD) or _version(current),
    })


def _further(report):
    """(label, value, is a yes/no answer) for the v2 figures ``report`` gives."""
    if report is None:
        return []
    names = [f.name for f in V2_FIGURES] + list(FLAGS)
    return [(AnnualReport._meta.get_field(n).verbose_name, getattr(report, n), n in FLAGS)
            for n in names if getattr(report, n) is not None]


class _Stale(Exception):
    """The report changed since the form was shown; the form is shown again with the message."""


def _version(report):
    return concurrency.of_fields(report, ["pk", "revision", "status", *FIELDS])


def _unit_year_form(request):
    return UnitYearForm(request.GET or None, user=request.user, allowed_unit_ids=policy.scope_unit_ids(request.user),
                        initial={"year": default_year()})


@refusals_are_403
def template_download(request):
    """The Excel template of a unit and a year, pre-filled with its organisations."""
    if not policy.can(request.user, policy.VERIFY_REPORT, Organization):
        raise PermissionDenied
    form = _unit_year_form(request)
    if form.is_bound and form.is_valid():
        unit, year = form.cleaned_data["unit_obj"], form.cleaned_data["year"]
        scope = policy.organizations_for(request.user, policy.SUBMIT_REPORT)
        result = completeness(unit, year, scope)
        current = _current_figures([r.organization_id for r in result.rows], year)
        data = build_template(unit, year, [(r.code, r.name) for r in sorted(result.rows, key=lambda r: r.code)],
                              current, language=request.LANGUAGE_CODE)
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{year}.xlsx"'
        return response
    return render(request, "collection/template_form.html", {"form": form})


def _current_figures(org_ids, year):

    latest = {}
    for r in (AnnualReport.objects.filter(organization_id__in=org_ids, year=year)
              .order_by("organization_id", "revision").values("organization__code", *FIELDS)):
        latest[r["organization__code"]] = r
    return latest


@refusals_are_403
@require_http_methods(["GET", "POST"])
def upload_new(request):
    if not policy.can(request.user, policy.VERIFY_REPORT, Organization):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = Upload.objects.create(file=file, original_name=file.name[:255], size=file.size,
                                       uploaded_by=request.user)
        tasks.run(tasks.check_upload, upload)
        return redirect("collection:upload", pk=upload.pk)
    uploads = Upload.objects.filter(uploaded_by=request.user)[:10]
    return render(request, "collection/upload_new.html", {"form": form, "uploads": uploads})


def _upload(request, pk):
    upload = get_object_or_404(Upload, pk=pk)
    if upload.uploaded_by_id != request.user.pk and policy.role_of(request.user) != policy.ADMIN:
        raise Http404
    return upload


@refusals_are_403
def upload_detail(request, pk):
    """The preview: counts, rows that would change, every problem and warning."""
    upload = _upload(request, pk)
    return render(request, "collection/upload_detail.html", {
        "upload": upload, "problems": upload.problems[:500], "warnings": upload.warnings[:500],
        "status_url": reverse("collection:upload_status", kwargs={"pk": upload.pk}),
        "fields": FIELDS, "figure_keys": [f.name for f in FIGURES] + list(FLAGS), "flags": FLAGS,
        "further_columns": [(f.name, f.label) for f in V2_FIGURES]
        + [(n, AnnualReport._meta.get_field(n).verbose_name) for n in FLAGS],
    })


@refusals_are_403
@require_POST
def upload_confirm(request, pk):
    upload = _upload(request, pk)
    if upload.status != UploadStatus.READY:
        messages.error(request, _("This file cannot be saved (%(status)s).") % {"status": upload.get_status_display()})
        return redirect("collection:upload", pk=upload.pk)
    note = (request.POST.get("warning_note") or "").strip()[:2000]
    if upload.warnings and not note:
        messages.error(request, _("Write a note confirming the figures with a warning (why they are right) "
                                  "before saving."))
        return redirect("collection:upload", pk=upload.pk)
    if upload.warnings:  # SPEC §2 v2: a warning asks for a confirming note, kept in the audit trail
        audit.record("collection.upload.warnings_confirmed", upload, user=request.user, note=note,
                     after={"warnings": len(upload.warnings)}, channel=Channel.BACK_OFFICE)
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.SAVING, progress=0)
    upload.refresh_from_db()
    tasks.run(tasks.save_upload, upload)
    return redirect("collection:upload", pk=upload.pk)


@refusals_are_403
def upload_status(request, pk):
    upload = _upload(request, pk)
    return JsonResponse({"status": upload.status, "label": str(upload.get_status_display()),
                         "progress": upload.progress, "running": upload.is_running,
                         "rows_done": upload.rows_done, "rows_total": upload.rows_total})


@refusals_are_403
def completeness_view(request):
    """Expected, reported and the step of each report for a unit and a year; the reminders list."""
    if not policy.can(request.user, policy.VERIFY_REPORT, Organization):
        raise PermissionDenied
    form = _unit_year_form(request)
    result = None
    if form.is_bound and form.is_valid():
        result = completeness(form.cleaned_data["unit_obj"], form.cleaned_data["year"],
                              policy.organizations_for(request.user, policy.READ))
    steps = [("none", _("not started"))] + [(s, ReportStatus(s).label) for s in
                                             ("draft", "returned", "submitted", "verified", "approved")]
    reminders = result.reminders if result else []
    # Rows are already limited to the user's scope: contact details follow the role alone.
    if reminders and policy.PERSONAL_ROLES.get(policy.role_of(request.user)):
        contacts = Organization.objects.in_bulk([r.organization_id for r in reminders])
        for row in reminders:
            row.contact = contacts.get(row.organization_id)
    return render(request, "collection/completeness.html", {
        "form": form, "result": result,
        "steps": [(key, label, result.by_step.get(key, 0)) for key, label in steps] if result else [],
        "reminders": reminders,
    })


@refusals_are_403
@require_http_methods(["GET", "POST"])
def windows_view(request):
    """The reporting windows (opens, deadline) of each year, set by the Department."""
    if not policy.can(request.user, policy.SET_WINDOWS, Organization):
        raise PermissionDenied
    initial = {}
    edit = ReportingWindow.objects.filter(year=request.GET.get("year") or 0).first() if (
        request.GET.get("year") or "").isdigit() else None
    if edit:
        initial = {"year": edit.year, "opens_on": edit.opens_on, "deadline": edit.deadline}
    form = WindowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            now = timezone.now()
            old = ReportingWindow.objects.select_for_update().filter(year=data["year"]).first()
            before = audit.snapshot(old) if old else None
            if old:  # the replaced version is kept, with the moment it stopped being in force
                old.superseded_at = now
                old.save(update_fields=["superseded_at"])
            window = ReportingWindow.objects.create(
                year=data["year"], opens_on=data["opens_on"], deadline=data["deadline"],
                recorded_by=request.user, recorded_at=now,
            )
            audit.record("collection.window.set", window, before=before, after=audit.snapshot(window),
                         user=request.user, channel=Channel.BACK_OFFICE)
        messages.success(request, _("The reporting window of %(year)s was saved.") % {"year": window.year})
        return redirect("collection:windows")
    return render(request, "collection/windows.html", {
        "form": form, "windows": ReportingWindow.objects.select_related("recorded_by"),
        "replaced": ReportingWindow.versions.filter(superseded_at__isnull=False).select_related("recorded_by")
        .order_by("-year", "-superseded_at"),
    })


QUEUE_PAGE = 200  # rows per page of a work-queue list (every item is reachable, page by page)


@refusals_are_403
@require_http_methods(["GET", "POST"])
def queue_view(request, key):
    """One entry of the work queue: the reports (or late organisations) behind it, each linking to
    where it is done; verified reports can be approved together with one confirmation."""
    if key not in queue.LABELS or key == "uploads":
        raise Http404
    if policy.role_of(request.user) not in queue.ROLES:
        raise PermissionDenied
    if key == "late":
        window, orgs = queue.late_organizations(request.user)
        page = Paginator(orgs.order_by("code") if window else Organization.objects.none(), QUEUE_PAGE).get_page(
            request.GET.get("p"))
        rows = [(org, window.year, None) for org in page]
    else:
        selected = queue.reports(request.user, key).select_related("organization").order_by("year", "organization__code")
        if request.method == "POST":
            if key != "approve":
                raise Http404
            return _approve_selected(request, selected)
        window = None
        if key == "submit":  # while a window is open: the organisations not started yet, then the drafts
            window, orgs = queue.not_started(request.user)
            items = [(org, window.year, None) for org in orgs.order_by("code")] if window else []
            items += [(r.organization, r.year, r) for r in selected]
            page = Paginator(items, QUEUE_PAGE).get_page(request.GET.get("p"))
            rows = list(page)
        else:
            page = Paginator(selected, QUEUE_PAGE).get_page(request.GET.get("p"))
            rows = [(r.organization, r.year, r) for r in page]
    return render(request, "collection/queue.html", {
        "key": key, "label": queue.LABELS[key], "rows": rows, "page": page, "total": page.paginator.count,
        "window": window,
        "can_approve": key == "approve" and policy.can(request.user, policy.APPROVE_REPORT, Organization),
    })


def _approve_selected(request, selected):
    """Bulk approval: every selected report is approved, or none (with a message naming the one at fault)."""
    if not policy.can(request.user, policy.APPROVE_REPORT, Organization):
        raise PermissionDenied
    try:
        ids = sorted({int(v) for v in request.POST.getlist("report")})
    except ValueError:
        ids = []
    if not ids:
        messages.error(request, _("Select the verified reports to approve."))
    elif not request.POST.get("confirm"):
        messages.error(request, _("Tick the confirmation to approve the %(n)s selected reports.") % {"n": len(ids)})
    else:
        try:
            done = workflow.approve_many(request.user, ids, channel=Channel.BACK_OFFICE)
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)s reports were approved; they are now the ones in force.")
                             % {"n": len(done)})
    return redirect("collection:queue", key="approve")
