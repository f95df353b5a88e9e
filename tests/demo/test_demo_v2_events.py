"""The demo holds an event of every v2 type after 2021 (SPEC §7 v2), consistent with the v2 rules."""

import datetime

import pytest

from hoptac.demo.generator import generate

V2_TYPES = {"bankrupt", "revoked", "reinstated", "consolidated", "absorbed", "divided", "separated"}


@pytest.fixture(scope="module")
def tables():
    return generate(today=datetime.date(2026, 11, 30))


def test_every_v2_event_type_after_2021(tables):
    v2 = [e for e in tables["events"] if e["type"] in V2_TYPES or e.get("successors") or e.get("until")]
    assert {e["type"] for e in v2} >= V2_TYPES | {"converted", "suspended"}
    assert min(e["date"] for e in v2) > "2021-12-31"


def test_successors_are_formed_that_day_with_their_origin(tables):
    orgs = {r["code"]: r for r in tables["organizations"]}
    named = [e for e in tables["events"] if e.get("successors")]
    for e in named:
        for code in e["successors"].split(";"):
            successor = orgs[code]
            if e["type"] in ("consolidated", "divided", "separated"):
                assert (successor["established_on"], successor["origin"]) == (e["date"], "reorganisation")
            elif e["type"] == "converted":
                assert (orgs[e["org_code"]]["kind"], successor["kind"]) == ("tht", "htx")
                assert (successor["established_on"], successor["origin"]) == (e["date"], "new")
            else:  # absorbed: into an organisation that already exists
                assert successor["established_on"] < e["date"]
    assert [len(e["successors"].split(";")) for e in named if e["type"] == "divided"] == [2]


def test_suspensions_with_end_dates_one_lapsed_and_one_renewed(tables):
    by_org = {}
    for e in tables["events"]:
        if e["type"] in ("suspended", "resumed", "stopped") and e["date"] > "2021-12-31":
            by_org.setdefault(e["org_code"], []).append(e)
    with_until = {code: events for code, events in by_org.items() if any(e.get("until") for e in events)}
    lapsed = [code for code, events in with_until.items() if len(events) == 1]
    renewed = [code for code, events in with_until.items() if [e["type"] for e in events] == ["suspended", "suspended"]]
    resumed = [code for code, events in with_until.items() if [e["type"] for e in events] == ["suspended", "resumed"]]
    assert len(lapsed) == len(renewed) == len(resumed) == 1
    assert with_until[lapsed[0]][0]["until"] < "2026-11-30"
