"""The portal's standard views computed ahead of the first reader after a write (issue 19):
``portal.warm`` runs after each committed change to the register when a worker runs the tasks;
the first reader then reads no register table, and sees the figures of the register as it is."""

import datetime
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from hoptac.indicators import answers
from hoptac.portal import cache as page_cache
from hoptac.portal import recent, warm

# Committed writes, as in production: the precompute runs after the writer's commit.
pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date
STATISTICS = "/thong-ke/?unit=31&date=2021-12-31"
EXPLORER = "/kham-pha/?indicator=revenue.avg&unit=31&from=2015&to=2021"


@pytest.fixture
def register(make_org):
    for year in (2015, 2017, 2019):
        make_org(unit="303", established_on=D(year, 3, 1))
    make_org(unit="304", established_on=D(2016, 5, 1), sector="trade")


def register_reads(client, url):
    """(page, queries of the page that read a register table)."""
    page_cache.bump()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries if "registry_" in q["sql"]]


def counts(html):
    """The statistics page's table of counts."""
    body = html[html.index('id="s-counts"'):]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", body[:body.index("</table>")], re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def computed_page(client, url):
    """The page with every figure computed now (nothing remembered)."""
    answers.ENABLED = False
    try:
        page_cache.bump()
        return client.get(url).content.decode()
    finally:
        answers.ENABLED = True


@override_settings(HOPTAC_TASKS="worker")  # the tests' immediate backend runs the queued task at once
def test_after_a_write_the_first_reader_finds_the_views_computed(client, portal, register, make_org):
    client.get(STATISTICS)  # readers asked for these views: they are noted
    client.get(EXPLORER)
    make_org(unit="303", established_on=D(2020, 7, 1))  # the write queues the precompute
    html, reads = register_reads(client, STATISTICS)
    assert reads == []
    assert counts(html) == counts(computed_page(client, STATISTICS))
    assert "5" in counts(html)  # the new organisation is counted
    html, reads = register_reads(client, EXPLORER)
    assert reads == []
    for url in ("/kham-pha/", "/kham-pha/?indicator=income.avg"):  # never asked for: the explorer's defaults
        html, reads = register_reads(client, url)
        assert reads == []


@override_settings(HOPTAC_TASKS="worker")
def test_a_write_after_the_precompute_is_never_answered_from_it(client, portal, register, make_org):
    client.get(STATISTICS)
    make_org(unit="303", established_on=D(2020, 7, 1))
    with override_settings(HOPTAC_TASKS="inline"):  # no worker: this write queues nothing
        make_org(unit="304", established_on=D(2020, 8, 1))
    html, reads = register_reads(client, STATISTICS)
    assert reads  # computed by the reader: the precomputed figures are of the register before the write
    assert counts(html) == counts(computed_page(client, STATISTICS))
    assert "6" in counts(html)


def test_with_inline_tasks_a_write_queues_no_precompute(client, portal, register, make_org):
    client.get(STATISTICS)
    make_org(unit="303", established_on=D(2020, 7, 1))
    assert register_reads(client, STATISTICS)[1]


def test_recent_views_newest_first_each_once_and_bounded(rf):
    for n in range(recent.LIMIT + 3):
        recent.note(recent.STATISTICS, 1, rf.get("/", {"unit": "31", "date": f"2021-01-{n + 1:02d}", "x": "junk"}).GET)
    recent.note(recent.EXPLORER, 1, rf.get("/", {"indicator": "htx.total", "unit": ["31", "303"]}).GET)
    recent.note(recent.EXPLORER, 1, rf.get("/", {"indicator": "htx.total", "unit": ["31", "303"]}).GET)
    recent.note(recent.STATISTICS, 1, rf.get("/", {"unit": "31", "as_recorded": "2024-01-01T00:00"}).GET)
    views = recent.views()
    assert len(views) == recent.LIMIT
    assert views[0] == (recent.EXPLORER, 1, "indicator=htx.total&unit=31&unit=303")
    assert views[1] == (recent.STATISTICS, 1, "unit=31&date=2021-01-11")


def test_a_bad_noted_view_does_not_stop_the_others(client, portal, register):
    site_id = portal.get_site().pk
    recent.note(recent.STATISTICS, site_id, client.get("/", {"unit": "31"}).wsgi_request.GET)
    recent.note(recent.EXPLORER, site_id, client.get("/", {"indicator": "nope", "from": "x"}).wsgi_request.GET)
    assert warm.warm() == 4  # two defaults and two noted views: a bad field falls back to its default
