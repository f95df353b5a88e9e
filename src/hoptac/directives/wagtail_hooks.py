"""Documents, the action plan, support given and awards in the back office (menu "Chỉ đạo, điều hành")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from hoptac.accounts import policy
from hoptac.accounts.admin_base import PolicyPermission, PolicyViewSet
from hoptac.core import numbers
from hoptac.directives import admin_views as views
from hoptac.directives import forms
from hoptac.directives.models import Award, Document, Support, Task, TaskProgress

PLAN = {"view": policy.READ, "add": policy.WRITE, "change": policy.WRITE, "delete": policy.WRITE}
SCOPED = {"view": policy.READ, "add": policy.WRITE, "change": policy.WRITE, "delete": policy.WRITE}
for _model in (Document, Task, TaskProgress):
    register_permission_policy(_model, PolicyPermission(_model, PLAN))
for _model in (Support, Award):
    register_permission_policy(_model, PolicyPermission(_model, SCOPED))


class YesNoColumn(Column):
    """A yes/no field read in words (Wagtail's tick column says "True" to screen readers)."""

    def get_value(self, instance):
        return _("yes") if getattr(instance, self.name) else _("no")


class AmountColumn(Column):
    """Million VND as the officer writes it (27.500; 8.438,5), not the stored 27500.0000."""

    def get_value(self, instance):
        return numbers.localized(getattr(instance, self.name))


class EditableViewSet(PolicyViewSet):
    """List, add, edit and delete, each answered by the policy and recorded in the trail."""

    index_view_class = views.IndexView
    add_view_class = views.CreateView
    edit_view_class = views.EditView
    delete_view_class = views.DeleteView
    search_backend_name = None
    list_per_page = 50
    form_class = None
    declared_urls = ("index", "index_results", "add", "edit", "delete")

    def get_form_class(self, for_update=False):
        return self.form_class


class DocumentViewSet(EditableViewSet):
    model = Document
    icon = "doc-full"
    menu_label = _("Directive documents")
    form_class = forms.DocumentForm
    filterset_class = views.DocumentFilterSet
    list_display = ["number", "title", "issuer", "issued_on", "kind", "level",
                    YesNoColumn("published", label=_("published on the portal"))]
    search_fields = ["number", "title", "summary", "issuer"]


class TaskViewSet(EditableViewSet):
    model = Task
    icon = "tasks"
    menu_label = _("Action plan")
    form_class = forms.TaskForm
    index_view_class = views.TaskIndexView
    inspect_view_class = views.TaskInspectView
    inspect_view_enabled = True
    filterset_class = views.TaskFilterSet
    list_display = ["code", "title", "lead_agency", "starts_on", "deadline", "status",
                    Column("document", label=_("document"))]
    search_fields = ["code", "title", "lead_agency", "partners"]
    declared_urls = ("index", "index_results", "add", "edit", "delete", "inspect", "summary")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("summary/", views.TaskSummaryView.as_view(), name="summary"),
        ]


class ProgressViewSet(EditableViewSet):
    model = TaskProgress
    icon = "list-ul"
    menu_label = _("Progress notes")
    form_class = forms.TaskProgressForm
    list_display = ["task", "on", "note"]
    search_fields = ["task__code", "task__title", "note"]
    list_filter = ["on"]


class SupportViewSet(EditableViewSet):
    model = Support
    icon = "gift"
    menu_label = _("Support given")
    form_class = forms.SupportForm
    index_view_class = views.SupportIndexView
    filterset_class = views.SupportFilterSet
    list_display = [Column("organization", label=_("organisation")), "year", "kind",
                     AmountColumn("amount", label=_("amount (million VND)")), "programme"]
    search_fields = ["organization__name", "organization__code", "programme"]


class AwardViewSet(EditableViewSet):
    model = Award
    icon = "pick"
    menu_label = _("Awards")
    form_class = forms.AwardForm
    index_view_class = views.AwardIndexView
    filterset_class = views.AwardFilterSet
    list_display = ["decision", "decided_on", "kind", "recipient_kind",
                    Column("recipient_name", label=_("recipient's name")), "reason"]
    search_fields = ["decision", "recipient", "organization__name", "organization__code", "reason"]
    declared_urls = ("index", "index_results", "add", "edit", "delete", "decisions", "annex_docx", "annex_xlsx")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decisions/", views.AwardDecisionsView.as_view(), name="decisions"),
            path("annex.docx", views.award_annex, {"file_format": "docx"}, name="annex_docx"),
            path("annex.xlsx", views.award_annex, {"file_format": "xlsx"}, name="annex_xlsx"),
        ]


class DirectivesGroup(ViewSetGroup):
    menu_label = _("Directives and action plan")
    menu_icon = "doc-full-inverse"
    menu_order = 160
    items = (
        DocumentViewSet("directives_documents", url_prefix="directives/documents"),
        TaskViewSet("directives_tasks", url_prefix="directives/tasks"),
        ProgressViewSet("directives_progress", url_prefix="directives/progress"),
        SupportViewSet("directives_support", url_prefix="directives/support"),
        AwardViewSet("directives_awards", url_prefix="directives/awards"),
    )


@hooks.register("register_admin_viewset")
def register_directives():
    return DirectivesGroup()
