"""Remembered engine answers (indicators.answers): equal to the computed ones, never stale after a
write, and never confused between plain, ``territory_of`` and ``as_recorded`` answers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from hoptac.geo.models import Crosswalk, UnitClosure
from hoptac.indicators import answers, engine, summary
from hoptac.indicators.engine import NATIONAL, breakdown, compute, report_support, series
from hoptac.registry import lifecycle
from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.models import AnnualReport
from tests.indicators.registers import build_small_register, unit

# Committed writes, as in production: on PostgreSQL a transaction that wrote to the register remembers nothing.
pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date
DATE, SINCE = D(2021, 12, 31), D(2002, 1, 1)


def computed(unit_, date=DATE, since=SINCE, baseline_year=2001, territory_of=None, as_recorded=None):
    """The engine's answer computed now, bypassing what is remembered."""
    return engine._compute(unit_, date, since, baseline_year, territory_of, as_recorded)


def test_remembered_answer_equals_the_computed_one_and_is_read_with_one_query(django_assert_num_queries):
    build_small_register()
    city = unit("31", DATE)
    first = compute(city, DATE, SINCE, 2001)
    assert first == computed(city)
    answers.stamp()  # PostgreSQL: folds the log of writes here if it has grown
    with django_assert_num_queries(1):  # the stamp; the answer is remembered
        again = compute(city, DATE, SINCE, 2001)
    assert again == first
    again["htx.total"] = -1  # a caller changing what it got does not change what is remembered
    again["htx.by_sector"]["trade"] = -1
    assert compute(city, DATE, SINCE, 2001) == first


def test_a_write_through_the_domain_functions_changes_the_next_answer():
    orgs = build_small_register()
    city = unit("31", DATE)
    before = compute(city, DATE, SINCE, 2001)
    before_series = series("31", 2019, 2021, 2001)
    before_nation = compute(NATIONAL, DATE)
    lifecycle.establish(code="N1", kind="htx", name="HTX N1", unit=unit("303", D(2021, 5, 1)),
                        sector="trade", established_on=D(2021, 5, 1))
    after = compute(city, DATE, SINCE, 2001)
    assert after == computed(city)
    assert after["htx.total"] == before["htx.total"] + 1
    assert after["htx.established"] == before["htx.established"] + 1
    assert compute(NATIONAL, DATE)["htx.total"] == before_nation["htx.total"] + 1
    assert series("31", 2019, 2021, 2001)[-1]["values"] == computed(city, since=D(2021, 1, 1))
    assert series("31", 2019, 2021, 2001)[:2] == before_series[:2]
    # A lifecycle event, then a report: each shows at once.
    lifecycle.record_event(orgs["A1"], "suspended", D(2021, 6, 1))
    suspended = compute(city, DATE, SINCE, 2001)
    assert suspended["htx.active"] == after["htx.active"] - 1
    assert suspended == computed(city)
    AnnualReport.objects.create(organization=orgs["A5"], year=2021, status="approved", in_force=True,
                                members=10, workers=4, revenue=999, income=20, value_added=5)
    reported = compute(city, DATE, SINCE, 2001)
    assert reported["members.total"] == suspended["members.total"] + 10
    assert reported == computed(city)
    assert report_support(city, DATE) == engine._report_support(city, DATE, None, None)


def test_a_write_outside_the_domain_functions_changes_the_stamp_too():
    build_small_register()
    token = answers.stamp()
    with connection.cursor() as cursor:  # as a bulk load writes: raw SQL
        cursor.execute("UPDATE registry_annualreport SET members = members + 1 WHERE year = 2021")
    assert answers.stamp() != token
    assert compute(unit("31", DATE), DATE, SINCE, 2001) == computed(unit("31", DATE))


def test_territory_and_vintage_answers_are_not_confused_with_plain_ones():
    build_small_register()
    new_city = unit("31", D(2025, 12, 31))
    old_city = unit("31", D(2024, 12, 31))
    # A cooperative established after the reform in a commune made from old Hải Phòng.
    commune = Crosswalk.objects.filter(old_id__in=UnitClosure.objects.filter(ancestor=old_city).values("descendant_id"),
                                       new__parent=new_city).first().new
    lifecycle.establish(code="N2", kind="htx", name="HTX N2", unit=commune, sector="trade",
                        established_on=D(2025, 8, 1))
    plain = compute(new_city, D(2025, 12, 31))
    on_old = compute(old_city, D(2025, 12, 31), territory_of=D(2024, 12, 31))
    assert plain == computed(new_city, D(2025, 12, 31), None, None)
    assert on_old == computed(old_city, D(2025, 12, 31), None, None, territory_of=D(2024, 12, 31))
    assert compute(new_city, D(2025, 12, 31)) == plain  # remembered apart
    assert compute(old_city, D(2025, 12, 31), territory_of=D(2024, 12, 31)) == on_old
    plain_old = compute(old_city, D(2025, 12, 31))  # the old city's own units, no longer in force: none there
    assert plain_old == computed(old_city, D(2025, 12, 31), None, None)
    assert on_old["htx.established"] == plain_old["htx.established"] + 1  # N2, on the old city's territory
    # A moment before the last establishment: the vintage does not count it, today's answer does.
    moment = datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=1), datetime.time(12),
                                       tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    city = unit("31", DATE)
    today = compute(city, DATE, SINCE, 2001)
    vintage = compute(city, DATE, SINCE, 2001, as_recorded=moment)
    assert vintage == computed(city, as_recorded=moment)
    assert vintage != today  # nothing was recorded before today
    assert compute(city, DATE, SINCE, 2001) == today == computed(city)
    parts = breakdown(city, DATE, SINCE, 2001)
    assert [p["values"] for p in parts] == [p["values"] for p in engine._breakdown(
        city, DATE, SINCE, 2001, "children", None, None)]


def test_fresh_aggregates_are_found_by_the_stamp_without_the_fingerprint(django_assert_max_num_queries):
    build_small_register()
    summary.build()
    version = summary.fresh_summary()
    assert version is not None and version.stamp == answers.stamp()
    with django_assert_max_num_queries(2):  # the stamp and the version: no scan of the register
        assert summary.fresh_summary() == version
    lifecycle.establish(code="N3", kind="htx", name="HTX N3", unit=unit("303", D(2021, 5, 1)),
                        established_on=D(2021, 5, 1))
    rebuilt = summary.fresh_summary()  # inline tasks: rebuilt at once
    assert rebuilt is not None and rebuilt.pk != version.pk
    assert series("31", 2021, 2021)[0]["values"] == series("31", 2021, 2021, use_summary=False)[0]["values"]


def test_without_the_stamp_row_the_first_reader_makes_a_new_one():
    build_small_register()
    token = answers.stamp()
    with connection.cursor() as cursor:  # as a test flush does (PostgreSQL: the changes' log emptied)
        cursor.execute(f"DELETE FROM {answers.CHANGE_TABLE if connection.vendor == 'postgresql' else answers.STAMP_TABLE}")
    fresh = answers.stamp()
    assert fresh and fresh != token
    lifecycle.establish(code="N4", kind="htx", name="HTX N4", unit=unit("303", D(2021, 5, 1)),
                        established_on=D(2021, 5, 1))
    assert answers.stamp() != fresh


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the changes' log is PostgreSQL's")
def test_folding_the_changes_log_keeps_the_stamp():
    build_small_register()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {answers.CHANGE_TABLE} (txid) SELECT -g FROM generate_series(1, 300) g")
        cursor.execute(answers._PG_STAMP)
        before = cursor.fetchone()
        token = answers.stamp()
        cursor.execute(answers._PG_FOLD)
        cursor.execute(answers._PG_STAMP)
        after = cursor.fetchone()
    assert after[0] == 1 and before[0] > 300
    assert after[1:] == before[1:] and answers.stamp() == token


def test_a_transaction_that_wrote_sees_its_own_writes():
    from django.db import transaction

    build_small_register()
    city = unit("31", DATE)
    before = compute(city, DATE, SINCE, 2001)
    with transaction.atomic():
        lifecycle.establish(code="N5", kind="htx", name="HTX N5", unit=unit("303", D(2021, 5, 1)),
                            established_on=D(2021, 5, 1))
        inside = compute(city, DATE, SINCE, 2001)
        assert inside["htx.total"] == before["htx.total"] + 1
        lifecycle.establish(code="N6", kind="htx", name="HTX N6", unit=unit("303", D(2021, 5, 1)),
                            established_on=D(2021, 5, 1))
        assert compute(city, DATE, SINCE, 2001)["htx.total"] == before["htx.total"] + 2
        transaction.set_rollback(True)
    assert compute(city, DATE, SINCE, 2001) == before == computed(city)
    lifecycle.establish(code="N7", kind="htx", name="HTX N7", unit=unit("303", D(2021, 5, 1)),
                        established_on=D(2021, 5, 1))
    assert compute(city, DATE, SINCE, 2001)["htx.total"] == before["htx.total"] + 1


def _insert_triggers():
    """The SQL of the stamp's triggers (SQLite) or of its statement triggers (PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ORDER BY name",
                           [answers.TRIGGER_PREFIX + "%"])
        else:
            cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname LIKE %s ORDER BY tgname",
                           [answers.TRIGGER_PREFIX + "%"])
        return cursor.fetchall()


def test_an_import_changes_the_stamp_once_and_keeps_the_triggers():
    """The import writes its rows with the stamp's triggers fired once (SQLite has no statement
    triggers: they are suspended for the bulk write, in its transaction); the answers remembered
    before it go stale, and the triggers are there again for the next write."""
    build_small_register()
    city = unit("31", DATE)
    triggers = _insert_triggers()
    assert triggers
    before = compute(city, DATE, SINCE, 2001)
    token = answers.stamp()
    import_tables({
        "organizations": [{"code": f"I{i}", "kind": "htx", "name": f"HTX I{i}", "unit": "303",
                           "established_on": "2015-03-01"} for i in range(5)],
        "annual_reports": [{"org_code": f"I{i}", "year": str(year), "members": "10", "workers": "2"}
                           for i in range(5) for year in (2020, 2021)],
    }, source="test")
    assert answers.stamp() != token
    after = compute(city, DATE, SINCE, 2001)
    assert after == computed(city)
    assert after["htx.total"] == before["htx.total"] + 5
    assert after["members.total"] == before["members.total"] + 50
    assert _insert_triggers() == triggers
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # one firing for the import's thousands of rows
            cursor.execute(f"SELECT n FROM {answers.STAMP_TABLE}")
            fired = cursor.fetchone()[0]
        lifecycle.establish(code="N6", kind="htx", name="HTX N6", unit=unit("303", D(2021, 5, 1)),
                            established_on=D(2021, 5, 1))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT n FROM {answers.STAMP_TABLE}")
            assert cursor.fetchone()[0] > fired  # the triggers fire again for a plain write


def test_a_rejected_import_leaves_the_stamp_and_the_triggers():
    build_small_register()
    triggers = _insert_triggers()
    token = answers.stamp()
    with pytest.raises(ImportRejected):
        import_tables({"organizations": [{"code": "R1", "kind": "htx", "name": "HTX R1", "unit": "303",
                                          "established_on": "2015-03-01"}],
                       "annual_reports": [{"org_code": "R1", "year": "2020", "members": "-1"}]}, source="test")
    assert answers.stamp() == token
    assert _insert_triggers() == triggers


def test_the_targets_document_is_remembered_and_follows_a_new_target(django_assert_num_queries):
    from hoptac.indicators import documents
    from hoptac.registry.models import Target

    build_small_register()
    city = unit("31", DATE)
    Target.objects.create(indicator="htx.active", unit=city, year=2030, op=">", value=3, source="KH 1")
    first = documents.targets_progress(city, DATE)
    assert first == documents._targets_document(city, DATE, None)
    answers.stamp()  # PostgreSQL: folds the log of writes here if it has grown
    with django_assert_num_queries(1):  # the stamp; the document is remembered
        assert documents.targets_progress(city, DATE) == first
    Target.objects.create(indicator="htx.total", unit=city, year=2030, op=">=", value=9, source="KH 2")
    after = documents.targets_progress(city, DATE)
    assert [t["indicator"] for t in after] == ["htx.active", "htx.total"]
    assert after == documents._targets_document(city, DATE, None)
