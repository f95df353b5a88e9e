"""The back office's home panel: the key figures of the officer's own units (or the province)."""

import datetime

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from hoptac.accounts import policy
from hoptac.geo.models import Unit, UnitNotFound
from hoptac.indicators import engine, quality_views


@hooks.register("construct_homepage_panels")
def add_key_figures(request, panels):
    if policy.reach(request.user, policy.READ) is not None:
        panels.insert(0, KeyFiguresPanel(request.user))


DASHBOARD_FIGURES = ("htx.total", "htx.active", "htx.not_operating", "tht.total", "qtdnd.total")


def dashboard_units(user, date):
    """The units whose figures a user sees first: their own, or the province."""
    if policy.role_of(user) == policy.LOCAL:
        return list(user.hoptac_profile.units.order_by("code"))
    if policy.reach(user, policy.READ) != policy.ALL:
        return []
    try:
        return [Unit.objects.resolve(settings.HOPTAC_PROVINCE_CODE, date)]
    except UnitNotFound:
        return []


def key_figures(unit, date):
    """The dashboard's counts on ``date`` in scope of ``unit``, from the indicator engine."""
    values = engine.compute(unit, date)
    return {k: values.get(k) for k in DASHBOARD_FIGURES}


class KeyFiguresPanel(Component):
    name = "hoptac_key_figures"
    order = 50
    template_name = "registry/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = datetime.date.today()
        rows = []
        for unit in dashboard_units(self.user, today):
            figures = key_figures(unit, today)
            rows.append((unit, [figures[k] for k in DASHBOARD_FIGURES]))
        own = None
        if policy.role_of(self.user) == policy.COOPERATIVE:
            own = policy.organizations_for(self.user).first()
        return {"rows": rows, "today": today, "own": own}


@hooks.register("register_admin_urls")
def register_quality_urls():
    return [path("quality/", quality_views.quality_view, name="hoptac_quality")]


class QualityMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.reach(request.user, policy.READ) is not None and policy.role_of(request.user) != policy.COOPERATIVE


@hooks.register("register_registry_menu_item")  # the Register menu (registry/wagtail_hooks.py)
def quality_menu_item():
    return QualityMenuItem(_("Data quality"), reverse("hoptac_quality"), icon_name="warning", order=40)
