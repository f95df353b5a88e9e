"""Every back-office route of hoptac and every API operation is in a permission matrix.

A new route (a view registered under /admin/ by a hoptac app, or an operation of
/api/v1/) fails this test until it joins the back-office matrix
(``tests/accounts/test_permission_matrix.py``), the API matrix
(``tests/api/matrix.py``) or, with the test that checks its access, ``ELSEWHERE``.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from hoptac.api.api import api
from tests.accounts.test_permission_matrix import ENDPOINTS, build
from tests.api.matrix import OPERATIONS

pytestmark = pytest.mark.django_db

# Routes whose access rules are tested outside the two matrices, with where.
ELSEWHERE = {
    "admin/unit-picker/": "tests/backoffice/test_unit_picker.py (scope of the officer)",
    "admin/two-factor/": "tests/accounts/test_signin.py (two-factor set-up)",
    "admin/two-factor/verify/": "tests/accounts/test_signin.py",
    "admin/api-tokens/": "tests/api/test_docs_and_tokens.py (own tokens; administrators all)",
    "admin/api-tokens/<int:pk>/revoke/": "tests/api/test_docs_and_tokens.py",
    "admin/collection/": "tests/collection/test_report_pages.py (scope, outsider refused)",
    "admin/collection/template/": "tests/collection/test_upload_pages.py",
    "admin/collection/uploads/new/": "tests/collection/test_upload_pages.py",
    "admin/collection/uploads/<int:pk>/": "tests/collection/test_upload_pages.py (another officer's upload refused)",
    "admin/collection/uploads/<int:pk>/confirm/": "tests/collection/test_upload_pages.py",
    "admin/collection/uploads/<int:pk>/status/": "tests/collection/test_upload_pages.py",
    "admin/collection/completeness/": "tests/collection/test_completeness.py",
    "admin/reports/": "tests/reports/test_admin.py (province officers and administrators)",
    "admin/reports/<int:pk>/download/": "tests/reports/test_admin.py",
    "admin/reports/<int:pk>/withdraw/": "tests/reports/test_admin.py",
    "admin/reports/preview/<str:token>/": "tests/reports/test_admin.py",
    "admin/reports/preview/<str:token>/file/": "tests/reports/test_admin.py",
    "admin/reports/<int:pk>/revisions/": "tests/reports/test_revision_views.py (outsider district, roles without the register, anonymous)",
    "admin/reports/vintages/": "tests/reports/test_revision_views.py (outsider district refused)",
    # Wagtail's listing views answer their filters at results/ with the same view and rules as the index.
    "admin/registry/organizations/results/": "the index view's rules (matrix: organisation list)",
    "admin/registry/events/results/": "the index view's rules (matrix: event list)",
    "admin/registry/reports/results/": "the index view's rules (matrix: annual report list)",
    "admin/registry/targets/results/": "the index view's rules (matrix: target list)",
    "admin/registry/macro/results/": "the index view's rules (matrix: macro data list)",
    "admin/units/results/": "the index view's rules (matrix: unit list)",
    "admin/audit/results/": "the index view's rules (matrix: audit trail)",
    "admin/roles/results/": "the index view's rules (matrix: users and roles)",
    "admin/units/<int:pk>/": "tests/accounts/test_policy.py (units are read by every role)",
    "admin/audit/inspect/<int:pk>/": "tests/accounts/test_audit.py (province officers and administrators)",
    "admin/roles/add/": "tests/accounts/test_audit.py (administrators only)",
    **{f"admin/directives/{route}": "tests/directives/test_permission_matrix.py (every role, own and foreign units)"
       for route in ("documents/", "documents/results/", "documents/add/", "documents/<int:pk>/edit/",
                     "documents/<int:pk>/delete/", "tasks/", "tasks/results/", "tasks/add/", "tasks/<int:pk>/",
                     "tasks/<int:pk>/edit/", "tasks/<int:pk>/delete/", "tasks/summary/", "progress/",
                     "progress/results/", "progress/add/", "progress/<int:pk>/edit/", "progress/<int:pk>/delete/",
                     "support/", "support/results/", "support/add/", "support/<int:pk>/edit/",
                     "support/<int:pk>/delete/", "awards/", "awards/results/", "awards/add/",
                     "awards/<int:pk>/edit/", "awards/<int:pk>/delete/")},
    "admin/registry/recode/": "tests/backoffice/test_recode.py (own district only, outsider 404, read-only roles 403)",
    "admin/registry/recode/<int:pk>/": "tests/backoffice/test_recode.py",
    "admin/registry/reconcile/": "tests/backoffice/test_reconcile.py (whole-province readers only)",
    "admin/quality/": "tests/backoffice/test_quality_screen.py (the user's units; cooperative and editor refused)",
    "admin/directives/awards/decisions/": "tests/directives/test_award_annex.py (readers of awards)",
    "admin/directives/awards/annex.docx": "tests/directives/test_award_annex.py (scope; editor and anonymous refused)",
    "admin/directives/awards/annex.xlsx": "tests/directives/test_award_annex.py",
}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def back_office_routes():
    """Routes under /admin/ whose view is hoptac's own."""
    found = set()
    for route, pattern in _routes(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if route.startswith("admin/") and view.__module__.startswith("hoptac."):
            found.add(route)
    return found


def test_every_back_office_route_is_in_the_matrix(world):
    build(world)
    covered = {resolve(urlsplit(e.url(world, world.own_org, "own")).path).route for e in ENDPOINTS}
    missing = back_office_routes() - covered - set(ELSEWHERE)
    assert not missing, f"back-office routes in no permission matrix: {sorted(missing)}"
    assert not set(ELSEWHERE) & covered, "a route listed in ELSEWHERE is in the matrix now; drop it from ELSEWHERE"


class _World:
    class own_org:
        code = "HP-0001"


def test_every_api_operation_is_in_the_matrix():
    operations = {(method.upper(), path) for path, methods in api.get_openapi_schema()["paths"].items()
                  for method in methods}
    covered = set()
    for op in OPERATIONS:
        url = urlsplit(op.url(_World)).path
        for method, path in operations:
            if method == op.method and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")), url):
                covered.add((method, path))
    missing = operations - covered
    assert not missing, f"API operations in no permission matrix: {sorted(missing)}"
