"""Year-end aggregates by province: a denormalisation for fast series.

The series of a province or of the whole country over 25 years reads millions
of annual reports joined with the state of each organisation on 31 December of
their year. These tables keep that result, grouped by year, province and kind
(states also by status and sector), so a series is a read of a few hundred
rows. They are derived data: :mod:`hoptac.indicators.summary` rebuilds them
when the register has changed since the last build (see ``SummaryVersion``)
and the engine falls back to the live queries otherwise. ``province`` null
means the whole country. ``UnitYearCounts`` keeps the v2 counts of every unit and ``UnitYearReports``
its v2 report sums (by the unit of the state row), which any area's series sums over its units.
"""

from django.db import models

from hoptac.geo.models import Unit


class SummaryVersion(models.Model):
    """The fingerprint of the register the aggregates were built from."""

    fingerprint = models.CharField(max_length=200)
    # The register's change stamp (``indicators.answers``) read before the fingerprint: while it is
    # unchanged the aggregates are fresh without computing the fingerprint again.
    stamp = models.CharField(max_length=40, blank=True, db_default="")
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    built_at = models.DateTimeField(auto_now=True)


class YearEndState(models.Model):
    """Organisations in force on 31 December of ``year`` by kind, status and sector."""

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    status = models.CharField(max_length=14)  # registry.Status: "consolidated" has 12 letters
    sector = models.CharField(max_length=16, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["province", "year"], name="indicators_yes_prov_year")]


class YearEvents(models.Model):
    """Establishments and dissolutions during ``year`` (unit on the event date)."""

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    established = models.PositiveIntegerField()
    dissolved = models.PositiveIntegerField()
    # The v2 events of the same organisations (``indicators.v2.event_counts``): {what: organisations}.
    v2 = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["province", "year"], name="indicators_ye_prov_year")]


class YearReports(models.Model):
    """Sums over the in-force reports for ``year`` of organisations in scope on 31 December.

    Money sums are exact integers of 1/10 000 million VND (see ``indicators.sql``).
    """

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    s_n = models.PositiveIntegerField()
    s_members = models.BigIntegerField(null=True)
    s_workers = models.BigIntegerField(null=True)
    s_revenue_n = models.PositiveIntegerField()
    s_revenue = models.BigIntegerField(null=True)
    s_income_weighted = models.BigIntegerField(null=True)
    s_income_workers = models.BigIntegerField(null=True)
    s_value_added = models.BigIntegerField(null=True)
    # The v2 report sums of the same reports (``indicators.v2.report_aggregates``: integers or null).
    v2 = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["province", "year"], name="indicators_yr_prov_year")]



class YearCounts(models.Model):
    """Counts of ``year`` over organisations in scope on 31 December that depend on more than the
    reports in force: on-time reporting (``indicators.v2.on_time_counts``: HTX and unions with a
    first submission, and first submitted before the window's cutoff; null for a year without a
    reporting window) and the HTX with a current rating (``indicators.v2.rating_counts``)."""

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    on_time = models.PositiveIntegerField(null=True)
    moments = models.PositiveIntegerField(null=True)
    rated = models.PositiveIntegerField()
    good_fair = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["province", "year"], name="indicators_yc_prov_year")]


class UnitYearCounts(models.Model):
    """The v2 counts of :class:`YearCounts` and the v2 event counts (``indicators.v2.event_counts``) of
    ``year`` by the unit of the organisation's state (on 31 December; on the event's date for events),
    so that the series of any area — a district, a commune, a unit's territory on a date — sums the rows
    of its units instead of querying the register.

    ``on_time`` and ``moments``: null for a year without a reporting window or without a submission in
    the unit. ``vc_gf_yes`` and ``vc_gf_answered``: HTX rated good or fair whose in-force report answers
    the value-chain question, yes / at all. ``events``: {"type|kind": organisations} (each organisation
    once per type in the unit), null for none; ``spread``: {"type|kind": [organisation ids]} of the organisations with
    such an event of the year in this unit and in another one, so that a sum over several units counts
    each of them once (an organisation revoked, reinstated, moved and revoked again within a year)."""

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    on_time = models.PositiveIntegerField(null=True)
    moments = models.PositiveIntegerField(null=True)
    rated = models.PositiveIntegerField(default=0)
    good_fair = models.PositiveIntegerField(default=0)
    vc_gf_yes = models.PositiveIntegerField(default=0)
    vc_gf_answered = models.PositiveIntegerField(default=0)
    events = models.JSONField(null=True)  # null: none (most rows; a series then decodes no JSON)
    spread = models.JSONField(null=True)  # null: none

    class Meta:
        indexes = [models.Index(fields=["unit", "year"], name="indicators_uyc_unit_year")]


class UnitYearReports(models.Model):
    """The v2 report sums a series assembles (``indicators.v2.ASSEMBLED_SUMS``, less the good/fair value-chain
    pair that :class:`UnitYearCounts` counts from the ratings) over the in-force reports for ``year`` of HTX
    and unions (``kind``), by the unit of the organisation's state on 31 December, so that the series of any
    area sums the rows of its units instead of adding these columns to its pass over the reports.

    Each column is the sum ``v_<column>`` of ``indicators.v2.report_aggregates``: counts of reports, and sums
    (null when no report gives the field; money as exact integers of 1/10 000 million VND)."""

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    members_official = models.BigIntegerField(null=True)
    members_joined = models.BigIntegerField(null=True)
    members_left = models.BigIntegerField(null=True)
    workers_regular = models.BigIntegerField(null=True)
    workers_members = models.BigIntegerField(null=True)
    member_htx = models.BigIntegerField(null=True)
    profit_n = models.PositiveIntegerField()
    profit = models.BigIntegerField(null=True)
    rwm = models.BigIntegerField(null=True)  # revenue with members, of the reports giving it and revenue > 0
    rwm_revenue = models.BigIntegerField(null=True)  # their revenue
    vc_yes = models.PositiveIntegerField()
    vc_answered = models.PositiveIntegerField()
    ht_yes = models.PositiveIntegerField()
    ht_answered = models.PositiveIntegerField()
    mgr_college = models.BigIntegerField(null=True)  # managers with a degree, of the reports giving both, managers > 0
    mgr = models.BigIntegerField(null=True)  # their managers

    class Meta:
        indexes = [models.Index(fields=["unit", "year"], name="indicators_uyr_unit_year")]
