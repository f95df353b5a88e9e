"""Building the demo in a database: register, documents, awards, accounts, portal pages.

The register goes in through the interchange importer
(:func:`hoptac.registry.interchange.import_tables`), the same all-or-nothing
path as ``hoptac import``, so the demo data obeys every rule a real import does.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from hoptac.demo import accounts, documents, figures, identities, names, vintages, workflow
from hoptac.demo.generator import SEED, generate
from hoptac.geo.models import Unit
from hoptac.portal.demo_content import create_demo_pages
from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.models import (
    AnnualReport,
    Event,
    Grdp,
    Organization,
    OrganizationState,
    ReportingWindow,
    Target,
)

# The union of cooperatives founded in 1999 that every demo register holds.
MARKER = {"kind": "lhhtx", "name": "Liên hiệp HTX Vận tải Duyên Hải"}
ON_REVIEW = datetime.date(2021, 12, 31)


class DemoError(Exception):
    """The demo cannot be built here (the message says why and what to do)."""


def is_loaded():
    return Organization.objects.filter(**MARKER).exists()


def province_and_district():
    return Unit.objects.resolve("31", ON_REVIEW), Unit.objects.resolve(accounts.HONG_BANG, ON_REVIEW)


def wipe():
    """Delete the register and the demo accounts (``--reset``)."""
    try:
        get_user_model().objects.filter(username__in=accounts.all_usernames()).delete()
        vintages.forget_review()
        for versioned in (ReportingWindow, Target, Grdp):
            versioned.versions.all().delete()  # the replaced versions too
        for model in (*documents.directive_models(), AnnualReport, OrganizationState, Event, Organization):
            model.objects.all().delete()
    except (ProtectedError, RestrictedError) as exc:
        blockers = sorted({obj._meta.verbose_name for obj in exc.args[1]})
        raise DemoError(
            _("cannot reset: other records still refer to the register (%(records)s); use a fresh HOPTAC_DATA_DIR "
              "instead") % {"records": ", ".join(map(str, blockers))}
        ) from exc


def complete_profiles():
    """What the interchange format does not carry: products, and consent to publish contacts.

    Organisations that gave an e-mail address agreed to show their contact in the directory.
    """
    Organization.objects.exclude(email="").update(public_contact=True)
    orgs = list(Organization.objects.only("pk", "name"))
    for org in orgs:
        org.products = names.products_for(org.name)
    Organization.objects.bulk_update([o for o in orgs if o.products], ["products"], batch_size=500)


def load_register(tables):
    """Import the tables; a rejection (a bug in the generator) becomes a DemoError naming the problems."""
    try:
        return import_tables(tables, source="demo")
    except ImportRejected as exc:
        shown = "\n".join(f"  {p}" for p in exc.problems[:20])
        raise DemoError(_("the generated register was rejected (%(n)d problems):") % {"n": len(exc.problems)}
                        + "\n" + shown) from exc


@transaction.atomic
def build(*, reset=False):
    """Build the whole demo in one transaction; returns ``(import result, accounts)``."""
    if reset:
        wipe()
    elif Organization.objects.exists():
        raise DemoError(
            _("this database already holds a register of %(n)d organisations that is not the demo; use a fresh "
              "HOPTAC_DATA_DIR, or --reset to delete it and build the demo") % {"n": Organization.objects.count()}
        )
    result = load_register(generate())
    Target.objects.filter(source=figures.TARGET_SOURCE).update(
        set_on=figures.TARGETS_SET_ON, territory_of=figures.TARGETS_SET_ON
    )
    complete_profiles()
    identities.add_identities(random.Random(f"hoptac-demo:{SEED}:identities"))
    identities.locate_some_to_district(random.Random(f"hoptac-demo:{SEED}:district-only"))
    province, district = province_and_district()
    recorded = documents.create_documents(province)
    documents.create_action_plan(recorded)
    documents.create_support(random.Random(f"hoptac-demo:{SEED}:support"), recorded)
    documents.create_commendations(random.Random(f"hoptac-demo:{SEED}:commendations"))
    created = accounts.create_accounts(province, district)
    vintages.build(SEED)
    workflow.create_pending_reports(district)
    return result, created


def create_portal_pages():
    """The portal's demo news and pages; a sentence saying what happened."""
    create_demo_pages()
    return _("portal demo pages: created")
