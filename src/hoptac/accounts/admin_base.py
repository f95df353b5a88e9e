"""Wagtail admin views answered by the one permission policy (:mod:`hoptac.accounts.policy`).

:class:`PolicyPermission` lets Wagtail's generic views ask the policy instead
of Django's model permissions. :class:`ScopedViewMixin` makes every listing
start from the user's rows, turns an object outside the user's scope into a 404
(nothing about it leaks, not even that it exists) and a forbidden action into a
403 page — Wagtail would otherwise redirect to the dashboard.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from hoptac.accounts import policy
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel

READ_ONLY = {"view": policy.READ}
READ_WRITE = {"view": policy.READ, "add": policy.WRITE, "change": policy.WRITE}


class PolicyPermission(BasePermissionPolicy):
    """Wagtail action names ("view", "add", "change", "delete") mapped to policy actions.

    An action missing from ``actions`` is refused to everyone.
    """

    def __init__(self, model, actions=READ_ONLY):
        super().__init__(model)
        self.actions = dict(actions)

    def user_has_permission(self, user, action):
        mapped = self.actions.get(action)
        return mapped is not None and policy.can(user, mapped, self.model)

    def user_has_permission_for_instance(self, user, action, instance):
        mapped = self.actions.get(action)
        return mapped is not None and policy.can(user, mapped, instance)

    def instances_user_has_permission_for(self, user, action):
        mapped = self.actions.get(action)
        if mapped is None:
            return self.model._default_manager.none()
        return policy.queryset_for(user, self.model, mapped)

    def instances_user_has_any_permission_for(self, user, actions):
        querysets = [self.instances_user_has_permission_for(user, a) for a in actions if a in self.actions]
        if not querysets:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(pk__in=querysets[0].union(*querysets[1:]).values("pk"))

    def users_with_any_permission(self, actions):
        # Only used by Wagtail for notifications; hoptac sends none from these models.
        return get_user_model().objects.none()


def forbidden(request):
    """The 403 page of the back office (the refusal is recorded by the audit middleware)."""
    return TemplateResponse(request, "accounts/forbidden.html", status=403)


class ScopedViewMixin:
    """For Wagtail generic views of a model governed by :class:`PolicyPermission`."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[getattr(self, "pk_url_kwarg", "pk")]))
        visible = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        obj = visible.filter(pk=pk).first()
        if obj is None:
            existing = self.model._default_manager.filter(pk=pk).first()
            if existing is not None:
                audit.record(audit.ACCESS_REFUSED, existing, request=self.request, note="out of scope",
                             channel=Channel.BACK_OFFICE)
            raise Http404
        return obj


class AuditedCreateMixin:
    """For Wagtail create views: the new object is recorded in the audit trail."""

    def save_instance(self):
        instance = super().save_instance()
        audit.record_created(instance, request=self.request, channel=Channel.BACK_OFFICE)
        return instance


class AuditedEditMixin:
    """For Wagtail edit views: the stored values before and after are recorded."""

    def save_instance(self):
        with audit.changing(self.object, request=self.request, channel=Channel.BACK_OFFICE):
            instance = super().save_instance()
        return instance


class AuditedDeleteMixin:
    """For Wagtail delete views: the values of the deleted object are recorded."""

    def delete_action(self):
        audit.record_deleted(self.object, request=self.request, channel=Channel.BACK_OFFICE)
        super().delete_action()


class PolicyViewSet(ModelViewSet):
    """A ModelViewSet whose views only link to the URLs it actually declares.

    Subclasses name their URLs in ``declared_urls``; those of ``ROUTES`` are
    served there (a viewset adds or replaces routes in ``get_urlpatterns``);
    Wagtail's links to views left out (history, usage, copy, delete…) are
    dropped instead of failing.
    """

    declared_urls = ("index", "index_results")
    ROUTES = {"index": "", "index_results": "results/", "add": "add/", "inspect": "<int:pk>/",
              "edit": "<int:pk>/edit/", "delete": "<int:pk>/delete/"}

    def get_urlpatterns(self):
        return [path(self.ROUTES[name], getattr(self, f"{name}_view"), name=name)
                for name in self.declared_urls if name in self.ROUTES]

    def construct_view(self, view_class, **kwargs):
        merged = {**self.get_common_view_kwargs(), **kwargs}
        for key, value in list(merged.items()):
            if key.endswith("_url_name") and isinstance(value, str) and value.split(":")[-1] not in self.declared_urls:
                kwargs[key] = None
        return super().construct_view(view_class, **kwargs)


class ReadOnlyPolicyViewSet(PolicyViewSet):
    """A list and a read-only page per object: nothing to add, edit or delete."""

    inspect_view_enabled = True
    declared_urls = ("index", "index_results", "inspect")
