"""Back-office views of documents, the action plan, support given and awards.

Querysets start from :mod:`hoptac.accounts.policy`; every write is recorded
through :mod:`hoptac.directives.history`.
"""

import datetime
from collections import Counter, defaultdict

from django.http import Http404, HttpResponse
import django_filters
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from hoptac.accounts import policy
from hoptac.accounts.admin_base import ScopedViewMixin, forbidden
from hoptac.directives import annex, history
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
)


class ForUserMixin:
    """The form gets the user: organisation and unit boxes are limited to what they may write."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class HistoryCreateMixin:
    def save_instance(self):
        instance = super().save_instance()
        history.record_created(instance, request=self.request)
        return instance


class HistoryEditMixin:
    def save_instance(self):
        with history.changing(self.object, request=self.request):
            instance = super().save_instance()
        return instance


class HistoryDeleteMixin:
    def delete_action(self):
        history.record_deleted(self.object, request=self.request)
        super().delete_action()


class CreateView(ForUserMixin, ScopedViewMixin, HistoryCreateMixin, generic.CreateView):
    pass


class EditView(ForUserMixin, ScopedViewMixin, HistoryEditMixin, generic.EditView):
    pass


class DeleteView(ScopedViewMixin, HistoryDeleteMixin, generic.DeleteView):
    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as exc:
            users = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
            messages.error(self.request, _("%(object)s cannot be deleted: %(records)s refer to it.")
                           % {"object": self.object, "records": ", ".join(users)})
            return redirect(self.index_url_name)


class IndexView(ScopedViewMixin, generic.IndexView):
    pass


# -- documents -------------------------------------------------------------

class YearFilter(django_filters.NumberFilter):
    def filter(self, qs, value):
        return qs if value in (None, "") else qs.filter(**{f"{self.field_name}__year": int(value)})


class DocumentFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind of document"), choices=DocumentKind.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    issuer = django_filters.CharFilter(label=_("issuing body"), lookup_expr="icontains")
    year = YearFilter(label=_("year issued"), field_name="issued_on")

    class Meta:
        model = Document
        fields = []


# -- tasks -----------------------------------------------------------------

class TaskFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")
    lead_agency = django_filters.CharFilter(label=_("lead agency"), lookup_expr="icontains")
    document = django_filters.ModelChoiceFilter(label=_("document"), queryset=Document.objects.all())

    class Meta:
        model = Task
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Task.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class TaskIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("document")


class TaskInspectView(ScopedViewMixin, generic.InspectView):
    template_name = "directives/admin/task_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        context.update(
            task=task,
            overdue=task.is_overdue(),
            progress=task.progress.order_by("on", "pk"),
            can_write=policy.can(user, policy.WRITE_DIRECTIVES, Task),
            add_progress_url=reverse("directives_progress:add") + f"?task={task.pk}",
            history=history.visible_entries(user, task),
        )
        return context

    def get_fields(self):
        return ["code", "document", "title", "lead_agency", "partners", "starts_on", "deadline", "status"]


def task_summary(tasks, on):
    """Counts of tasks by status and overdue, grouped by lead agency and by document."""
    overdue = set(tasks.overdue(on).values_list("pk", flat=True))
    by_agency, by_document = defaultdict(Counter), defaultdict(Counter)
    for task in tasks.select_related("document"):
        for table, key in ((by_agency, task.lead_agency), (by_document, task.document)):
            table[key][task.status] += 1
            table[key]["total"] += 1
            table[key]["overdue"] += task.pk in overdue
    statuses = [s for s, _label in TaskStatus.choices]

    def rows(table):
        return [{"name": key, "total": c["total"], "overdue": c["overdue"], "by_status": [c[s] for s in statuses]}
                for key, c in sorted(table.items(), key=lambda kv: str(kv[0]))]

    return {"statuses": [label for _s, label in TaskStatus.choices], "by_agency": rows(by_agency),
            "by_document": rows(by_document), "overdue": len(overdue)}


class TaskSummaryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "directives/admin/task_summary.html"
    page_title = _("Action plan: summary by agency and by document")

    def dispatch(self, request, *args, **kwargs):
        if not policy.can(request.user, policy.READ_DIRECTIVES, Task):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        on = timezone.localdate()
        tasks = policy.queryset_for(self.request.user, Task, policy.READ)
        return {**super().get_context_data(**kwargs), **task_summary(tasks, on), "on": on}


# -- support and awards ------------------------------------------------------

class SupportFilterSet(WagtailFilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    kind = django_filters.ChoiceFilter(label=_("kind of support"), choices=SupportKind.choices)
    programme = django_filters.CharFilter(label=_("programme"), lookup_expr="icontains")

    class Meta:
        model = Support
        fields = []


class SupportIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization", "document")


class AwardFilterSet(WagtailFilterSet):
    year = YearFilter(label=_("year"), field_name="decided_on")
    decision = django_filters.CharFilter(label=_("decision number"), lookup_expr="icontains")
    recipient_kind = django_filters.ChoiceFilter(label=_("recipient"), choices=RecipientKind.choices)

    class Meta:
        model = Award
        fields = []


class AwardIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization")


class AwardDecisionsView(WagtailAdminTemplateMixin, TemplateView):
    """Awards grouped by year and decision, each decision with its annex as Word and Excel."""

    template_name = "directives/admin/award_decisions.html"
    page_title = _("Awards by year and decision")

    def dispatch(self, request, *args, **kwargs):
        if not policy.can(request.user, policy.READ, Award):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        awards = policy.queryset_for(self.request.user, Award, policy.READ)
        decisions = (awards.values("decision", "decided_on", "issuer")
                     .annotate(collectives=Count("pk", filter=~Q(recipient_kind=RecipientKind.INDIVIDUAL)),
                               individuals=Count("pk", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)))
                     .order_by("-decided_on", "decision"))
        return {**super().get_context_data(**kwargs), "decisions": decisions}


def award_annex(request, file_format):
    """The annex of one decision (``?decision=…&decided_on=YYYY-MM-DD``): the awards the user may read."""
    if not policy.can(request.user, policy.READ, Award):
        return forbidden(request)
    try:
        decided_on = datetime.date.fromisoformat(request.GET.get("decided_on", ""))
    except ValueError:
        raise Http404 from None
    awards = policy.queryset_for(request.user, Award, policy.READ).filter(
        decision=request.GET.get("decision", ""), decided_on=decided_on)
    if not awards.exists():
        raise Http404
    built = annex.build(awards)
    body, kind = ((annex.to_docx(built), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                  if file_format == "docx" else
                  (annex.to_xlsx(built), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response = HttpResponse(body, content_type=kind)
    name = "danh-sach-khen-thuong-" + decided_on.isoformat() + "." + file_format
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    history.record("directives.award.annex_exported", Award, request=request,
                   note=f"{built.decision} {decided_on.isoformat()} {file_format}")
    return response
