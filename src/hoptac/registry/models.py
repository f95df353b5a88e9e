"""The register: organisations, their dated lifecycle events, annual reports,
GRDP and plan targets (SPEC §2).

Events are the truth. ``OrganizationState`` is derived from them: one row per
interval during which an organisation's status, unit, sector and name stay the
same. It is rebuilt by :mod:`hoptac.registry.lifecycle` — the one place every
write path goes through — so that point-in-time questions are a range query
(``valid_from <= D < valid_to``) the database answers set-based.
The current-state columns on ``Organization`` are a cache of the same rebuild.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.geo.models import Unit

# Deadlines are days in Việt Nam whatever the server's time zone (SPEC §2).
REPORTING_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class Kind(models.TextChoices):
    HTX = "htx", pgettext_lazy("kind", "cooperative")
    LHHTX = "lhhtx", pgettext_lazy("kind", "union of cooperatives")
    THT = "tht", pgettext_lazy("kind", "cooperative group")
    QTDND = "qtdnd", pgettext_lazy("kind", "people's credit fund")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", pgettext_lazy("sector", "agriculture")
    INDUSTRY = "industry", pgettext_lazy("sector", "industry and handicrafts")
    CONSTRUCTION = "construction", pgettext_lazy("sector", "construction")
    TRADE = "trade", pgettext_lazy("sector", "trade, markets and services")
    TRANSPORT = "transport", pgettext_lazy("sector", "transport")
    CREDIT = "credit", pgettext_lazy("sector", "credit")
    ENVIRONMENT = "environment", pgettext_lazy("sector", "environment, clean water, rural power")
    HOUSING = "housing", pgettext_lazy("sector", "housing")
    OTHER = "other", pgettext_lazy("sector", "other")


UNCLASSIFIED = "unclassified"


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("status", "active")
    SUSPENDED = "suspended", pgettext_lazy("status", "suspended")
    STOPPED = "stopped", pgettext_lazy("status", "stopped, awaiting dissolution")
    DISSOLVED = "dissolved", pgettext_lazy("status", "dissolved")
    CONVERTED = "converted", pgettext_lazy("status", "converted")
    MERGED = "merged", pgettext_lazy("status", "merged")
    # v2: the exits and reorganisations of the Law on Cooperatives 2023 (SPEC §2 v2).
    BANKRUPT = "bankrupt", pgettext_lazy("status", "bankrupt")
    REVOKED = "revoked", pgettext_lazy("status", "certificate revoked")
    CONSOLIDATED = "consolidated", pgettext_lazy("status", "consolidated")
    ABSORBED = "absorbed", pgettext_lazy("status", "absorbed")
    DIVIDED = "divided", pgettext_lazy("status", "divided")


TERMINAL_STATUSES = (
    Status.DISSOLVED, Status.CONVERTED, Status.MERGED,
    Status.BANKRUPT, Status.CONSOLIDATED, Status.ABSORBED, Status.DIVIDED,
)
# An organisation exists on a date unless its status then is one of these: the
# terminal ones, and ``revoked`` (not terminal: ``reinstated`` or ``dissolved`` may follow).
GONE_STATUSES = (*TERMINAL_STATUSES, Status.REVOKED)
NOT_OPERATING_STATUSES = (Status.SUSPENDED, Status.STOPPED)
# Events that name the organisations that succeed the one they end or split.
REORGANISING_EVENTS = ("consolidated", "absorbed", "divided", "separated", "converted")


class EventType(models.TextChoices):
    ESTABLISHED = "established", pgettext_lazy("event", "established")
    SUSPENDED = "suspended", pgettext_lazy("event", "suspended")
    RESUMED = "resumed", pgettext_lazy("event", "resumed")
    STOPPED = "stopped", pgettext_lazy("event", "stopped")
    DISSOLVED = "dissolved", pgettext_lazy("event", "dissolved")
    CONVERTED = "converted", pgettext_lazy("event", "converted")
    MERGED = "merged", pgettext_lazy("event", "merged")
    RELOCATED = "relocated", pgettext_lazy("event", "relocated")
    RECLASSIFIED = "reclassified", pgettext_lazy("event", "reclassified")
    RENAMED = "renamed", pgettext_lazy("event", "renamed")
    # v2 (SPEC §2 v2)
    BANKRUPT = "bankrupt", pgettext_lazy("event", "bankrupt")
    REVOKED = "revoked", pgettext_lazy("event", "certificate revoked")
    REINSTATED = "reinstated", pgettext_lazy("event", "reinstated")
    CONSOLIDATED = "consolidated", pgettext_lazy("event", "consolidated")
    ABSORBED = "absorbed", pgettext_lazy("event", "absorbed")
    DIVIDED = "divided", pgettext_lazy("event", "divided")
    SEPARATED = "separated", pgettext_lazy("event", "separated")


class Origin(models.TextChoices):
    """How an organisation came to be (on its ``established`` event)."""

    NEW = "new", _("newly established")
    REORGANISATION = "reorganisation", _("formed by reorganisation")


class Organization(models.Model):
    code = models.CharField(_("registration number"), max_length=40, unique=True)
    # v2 identity (SPEC §2 v2): the number on an older certificate, the registration
    # authority, and the main line of business as a VSIC level-4 code.
    legacy_number = models.CharField(_("former registration number"), max_length=40, blank=True, db_index=True)
    registered_by = models.CharField(_("registration authority"), max_length=200, blank=True)
    vsic = models.CharField(
        _("main line of business (VSIC)"), max_length=4, blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("A VSIC code is four digits, for example 0118."))],
    )
    vsic_version = models.CharField(_("VSIC version"), max_length=8, default="2018", blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, db_index=True)
    established_on = models.DateField(_("established on"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    representative = models.CharField(_("representative"), max_length=120, blank=True)
    products = models.TextField(_("products and services"), blank=True)
    public_contact = models.BooleanField(
        _("publish contact on the portal"), default=False,
        help_text=_("The organisation agreed to show its phone and email in the public directory."),
    )
    # Cache of the state today, rebuilt by lifecycle.rebuild_states().
    name = models.CharField(_("name"), max_length=255, db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Event(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=14, choices=EventType.choices)
    date = models.DateField(_("date"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    document = models.CharField(_("decision document"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    # v2: the end of a suspension notice; the origin of an establishment; the
    # organisations that succeed this one (in the order the record gives them).
    until = models.DateField(_("suspended until"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=14, choices=Origin.choices, blank=True)
    successors = models.ManyToManyField(
        Organization, verbose_name=_("successors"), through="EventSuccessor", blank=True,
        related_name="predecessor_events",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # A correction never deletes: it voids the wrong event and records the right one.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Same-day events apply in the order they were recorded.
        ordering = ["organization", "date", "id"]
        indexes = [
            models.Index(fields=["type", "date"], name="registry_event_type_date"),
            models.Index(fields=["organization", "date", "id"], name="registry_event_org_date"),
            models.Index(fields=["recorded_at"], name="registry_event_recorded"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.date:%d/%m/%Y}"


class EventSuccessor(models.Model):
    """One successor named by a reorganising event, at its place in the record."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="successor_links")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="registry_successor_unique"),
        ]


class OrganizationStateQuerySet(models.QuerySet):
    def on(self, date):
        """State rows in force on ``date`` (one per organisation established by then)."""
        return self.filter(valid_from__lte=date).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=date))

    def in_scope(self, unit, date):
        """State rows on ``date`` whose unit is ``unit`` or lies under it (crosswalk included)."""
        return self.on(date).filter(unit__closure_ancestors__ancestor=unit)


class StateColumns(models.Model):
    """The columns of a state row: the organisation's state on every day of [valid_from, valid_to)."""

    kind = models.CharField(max_length=8, choices=Kind.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # exclusive; null = still
    status = models.CharField(max_length=14, choices=Status.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=16, choices=Sector.choices, blank=True)
    name = models.CharField(max_length=255)

    class Meta:
        abstract = True


class OrganizationState(StateColumns):
    """Derived: the organisation's state on every day of [valid_from, valid_to)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="states")

    objects = OrganizationStateQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to", "kind"], name="registry_state_range"),
            models.Index(fields=["unit", "valid_from"], name="registry_state_unit"),
            models.Index(fields=["organization", "valid_from"], name="registry_state_org"),
        ]


class StateVersionQuerySet(OrganizationStateQuerySet):
    def as_recorded(self, moment):
        """The state rows the register held at ``moment``: recorded at or before it, not superseded by then."""
        return self.filter(recorded_as_of(moment))


def recorded_as_of(moment, prefix="", start="recorded_at", end="superseded_at"):
    """Rows recorded at or before ``moment`` and not ended (superseded, voided) at or before it."""
    return Q(**{f"{prefix}{start}__lte": moment}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": moment})
    )


class OrganizationStateVersion(StateColumns):
    """Derived, for vintages (SPEC §3): every ``OrganizationState`` row the register has ever held,
    with the moments it was recorded and superseded.

    At a moment R the rows with ``recorded_at <= R < superseded_at`` are exactly the state rows
    a register holding only the events recorded by R (and not voided by R) would have; rows
    with no ``superseded_at`` are today's, the same as ``OrganizationState``. A separate table
    rather than versions inside ``OrganizationState``: a dozen modules join
    ``organization__states__`` and would count a superseded row twice. Rebuilt with the
    state rows by :func:`hoptac.registry.lifecycle.rebuild_states` from the events' recording
    and voiding moments.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="state_versions")
    # The first interval (valid_from is the establishment date): the establishment counts.
    is_first = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = StateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "recorded_at", "valid_from"]
        indexes = [
            models.Index(fields=["unit", "valid_from"], name="registry_version_unit"),
            models.Index(fields=["organization", "valid_from"], name="registry_version_org"),
            models.Index(fields=["valid_from", "valid_to", "kind"], name="registry_version_range"),
        ]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


MONEY = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class AnnualReport(models.Model):
    """One revision of an organisation's report for a year (money in million VND).

    Indicators read only the revision ``in_force`` (at most one per organisation
    and year): the approved one. A correction is a new revision that leaves the
    approved one in force until it is itself approved.
    """

    # Indexes (each one slows the bulk load of 300,000 reports): the two unique constraints
    # and (year, in_force). Reports are found by organisation through the constraint on
    # (organisation, year, revision), which starts with it; none is looked up by the users who
    # created, submitted, verified, approved or returned it (deleting a user scans the table once).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="annual_reports",
                                     db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    in_force = models.BooleanField(_("in force"), default=False)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    revenue = models.DecimalField(_("revenue (million VND)"), **MONEY)
    profit = models.DecimalField(_("profit (million VND)"), **MONEY)
    income = models.DecimalField(_("average income per worker (million VND/year)"), **MONEY)
    value_added = models.DecimalField(_("value added (million VND)"), **MONEY)
    is_estimate = models.BooleanField(_("estimate"), default=False)
    # v2 figures (SPEC §2 v2), all optional: a field never reported is null, never zero.
    members_official = models.PositiveIntegerField(_("official members"), null=True, blank=True)
    members_associate = models.PositiveIntegerField(_("associate members"), null=True, blank=True)
    members_joined = models.PositiveIntegerField(_("members joined in the year"), null=True, blank=True)
    members_left = models.PositiveIntegerField(_("members who left in the year"), null=True, blank=True)
    workers_regular = models.PositiveIntegerField(_("regular workers"), null=True, blank=True)
    workers_members = models.PositiveIntegerField(_("regular workers who are members"), null=True, blank=True)
    revenue_with_members = models.DecimalField(_("revenue from members (million VND)"), **MONEY)
    charter_capital = models.DecimalField(_("charter capital (million VND)"), **MONEY)
    total_capital = models.DecimalField(_("total capital (million VND)"), **MONEY)
    budget_paid = models.DecimalField(_("paid to the state budget (million VND)"), **MONEY)
    value_chain = models.BooleanField(_("takes part in a value chain"), null=True, blank=True)
    high_tech = models.BooleanField(_("applies high technology"), null=True, blank=True)
    director_trained = models.BooleanField(_("director trained"), null=True, blank=True)
    managers = models.PositiveIntegerField(_("managers"), null=True, blank=True)
    managers_college = models.PositiveIntegerField(_("managers with a college or university degree"), null=True, blank=True)
    member_htx = models.PositiveIntegerField(_("member cooperatives (unions)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The first submission of any revision of this organisation's report for the year
    # (SPEC §2, on time): set once, copied to corrections, never overwritten.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # The moment this revision stopped being in force (a later revision approved), for vintages.
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["organization", "year", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "revision"], name="registry_report_revision"),
            models.UniqueConstraint(
                fields=["organization", "year"], condition=models.Q(in_force=True), name="registry_report_in_force"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "in_force"], name="registry_report_year"),
            # The year-end aggregates' fingerprint counts the first-submitted revisions (the on-time
            # counts): an index-only read of their ids instead of a scan of every report.
            models.Index(fields=["id"], condition=models.Q(first_submitted_at__isnull=False),
                         name="registry_report_submitted"),
        ]

    def __str__(self):
        return f"{self.organization.code} {self.year} r{self.revision}"


class Rating(models.TextChoices):
    GOOD = "good", pgettext_lazy("rating", "good")
    FAIR = "fair", pgettext_lazy("rating", "fair")
    AVERAGE = "average", pgettext_lazy("rating", "average")
    WEAK = "weak", pgettext_lazy("rating", "weak")


class YearRating(models.Model):
    """The Department's rating of an organisation for a year (SPEC §2 v2).

    It belongs to the year, not to a report revision, so it survives corrections.
    A change is a new row; the old one keeps its moments (``superseded_at``) for vintages.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")
        ordering = ["organization", "year", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], condition=models.Q(superseded_at__isnull=True),
                name="registry_rating_current",
            ),
        ]
        indexes = [models.Index(fields=["year"], name="registry_rating_year")]

    def __str__(self):
        return f"{self.organization.code} {self.year}: {self.get_rating_display()}"


class CurrentWindows(models.Manager):
    """The windows in force: one per year (the replaced versions are in ``ReportingWindow.versions``)."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_at__isnull=True)

    def as_recorded(self, moment):
        """The windows as the register held them at ``moment``."""
        return ReportingWindow.versions.filter(recorded_at__lte=moment).exclude(superseded_at__lte=moment)


class ReportingWindow(models.Model):
    """The reporting window of a year (SPEC §2 v2): opens on a date, closes at the end of its deadline.

    A report is on time when its first submission was made by 23:59:59 Asia/Ho_Chi_Minh
    on the deadline, i.e. before :meth:`cutoff`.
    """

    year = models.PositiveSmallIntegerField(_("reporting year"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A changed window is a new row; the one it replaces keeps its dates and gets this moment
    # (vintages, SPEC §3: what the on-time rate was computed with at any past moment).
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = CurrentWindows()
    versions = models.Manager()  # every version, replaced ones included

    class Meta:
        verbose_name = _("reporting window")
        verbose_name_plural = _("reporting windows")
        ordering = ["-year"]
        base_manager_name = "versions"
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(superseded_at__isnull=True), name="registry_window_current",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.opens_on:%d/%m/%Y} – {self.deadline:%d/%m/%Y}"

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _(
                "The deadline %(deadline)s is before the window opens (%(opens)s); give a deadline on or after "
                "the opening day."
            ) % {"deadline": self.deadline.strftime("%d/%m/%Y"), "opens": self.opens_on.strftime("%d/%m/%Y")}})

    @staticmethod
    def cutoff_of(deadline):
        """The first moment after the deadline: midnight starting the next day in Việt Nam."""
        return datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(0), tzinfo=REPORTING_TZ)

    @property
    def cutoff(self):
        return self.cutoff_of(self.deadline)

    def is_on_time(self, moment):
        return moment is not None and moment < self.cutoff


class CurrentVersions(models.Manager):
    """The rows in force (no ``superseded_at``); ``as_recorded(R)`` gives the rows as the register held them at R."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_at__isnull=True)

    def as_recorded(self, moment):
        return self.model.versions.filter(recorded_as_of(moment))


class Grdp(models.Model):
    """Macro data of a unit for a year (SPEC §2): GRDP and, in v2, the statistics
    office's official share of the collective economy and the population, each
    with its source. Every figure is optional."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    grdp = models.DecimalField(_("GRDP (million VND)"), max_digits=24, decimal_places=4, null=True, blank=True)
    grdp_source = models.CharField(_("source of the GRDP"), max_length=255, blank=True)
    grdp_share_official = models.DecimalField(
        _("official share of the collective economy in GRDP (%)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    grdp_share_official_source = models.CharField(_("source of the official share"), max_length=255, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("source of the population"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # A change is a new row; the row it replaces keeps its figures and gets this moment (vintages, SPEC §3).
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = CurrentVersions()
    versions = models.Manager()  # every version, replaced ones included

    class Meta:
        verbose_name = _("macro data")
        verbose_name_plural = _("macro data")
        ordering = ["unit__code", "year"]
        base_manager_name = "versions"
        constraints = [models.UniqueConstraint(
            fields=["unit", "year"], condition=models.Q(superseded_at__isnull=True), name="registry_grdp_unit_year")]

    def __str__(self):
        return f"{self.unit.name} {self.year}"


class Comparator(models.TextChoices):
    GT = ">", _("above")
    GE = ">=", _("at least")
    APPROX = "~", _("about")
    LE = "<=", _("at most")


class Target(models.Model):
    indicator = models.CharField(_("indicator"), max_length=40)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("target year"))
    op = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source document"), max_length=255, blank=True)
    # v2: when the target was set and the territory it was set for (default: set_on).
    set_on = models.DateField(_("set on"), null=True, blank=True)
    territory_of = models.DateField(_("territory as on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # A change is a new row; the row it replaces keeps its values and gets this moment (vintages, SPEC §3).
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = CurrentVersions()
    versions = models.Manager()  # every version, replaced ones included

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "indicator"]
        base_manager_name = "versions"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], condition=models.Q(superseded_at__isnull=True),
                                    name="registry_target_unique")
        ]

    def __str__(self):
        return f"{self.indicator} {self.op} {self.value} ({self.year})"



class Severity(models.TextChoices):
    """What a broken check does (SPEC §2 v2): an error blocks the report, a warning asks for a confirming note."""

    ERROR = "error", _("error: blocks the report")
    WARNING = "warning", _("warning: needs a confirming note")


class CheckSetting(models.Model):
    """How the Department applies one check of :mod:`hoptac.registry.report_checks`.

    What a check computes is code (``report_checks.CHECKS``); whether it is in force,
    its severity and its parameters are this row, seeded with the law's values and
    changed in the back office with who, when and why (each change is also audited).
    """

    code = models.CharField(_("check"), max_length=40, unique=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    active = models.BooleanField(_("in force"), default=True)
    # The year-on-year checks: a figure more than ``factor`` times, or less than 1/``factor``, last year's.
    factor = models.DecimalField(_("factor"), max_digits=6, decimal_places=2, null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("check setting")
        verbose_name_plural = _("check settings")
        ordering = ["id"]

    def __str__(self):
        return self.code


class LegalMinimum(models.Model):
    """The legal minimum of official members of an organisation of ``kind``, in force from ``valid_from``
    until the next row of the same kind (the check ``legal_minimum`` reads it on 31 December of a year)."""

    setting = models.ForeignKey(CheckSetting, on_delete=models.CASCADE, related_name="minimums")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    valid_from = models.DateField(_("in force from"))
    minimum = models.PositiveIntegerField(_("minimum of official members"))
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal minimum of members")
        verbose_name_plural = _("legal minimums of members")
        ordering = ["kind", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="registry_minimum_from")]

    def __str__(self):
        return f"{self.kind} {self.minimum} ({self.valid_from:%d/%m/%Y})"
