"""A deterministic, generated register of Hải Phòng from 2001 to 2025 (SPEC §7).

:func:`generate` returns the interchange tables of SPEC §4 (``organizations``,
``events``, ``annual_reports``, ``macro``, ``targets``: lists of row dicts whose
values are text, as in a CSV file). The same seed gives the same tables on any
machine; the only use of the clock is that no event is dated after ``today``.

How the 2021 figures come out exactly: the head counts of
:mod:`hoptac.demo.calibration` decide how many organisations of each fate are
built (the cooperatives existing on 31/12/2021 by sector and status, those
established, dissolved, converted or merged in 2002–2021); the money figures of
2001 and 2021 are then made exact with integer arithmetic
(:mod:`hoptac.demo.figures`). Everything after
2021 is built in a second pass that only adds events dated from 2022 and
reports for 2022 onwards, so it cannot move a 2021 figure.
"""

import datetime
import random
from dataclasses import dataclass, field

from hoptac.demo import calibration as cal
from hoptac.demo import figures, names, reports_v2
from hoptac.demo.geography import districts

SEED = 2021
NEW_GROUPS_AFTER_D = 48
REFORM = datetime.date(2025, 7, 1)
END = datetime.date(figures.LAST_YEAR, 12, 31)
D, S = cal.D, cal.S
DAY = datetime.timedelta(days=1)

SECTORS_ANY = ("agriculture", "industry", "trade", "transport", "other", "construction", "environment", "")
# Where each sector tends to be (weights per district code).
RURAL = {"311": 10, "312": 7, "313": 8, "314": 8, "315": 10, "316": 11, "317": 3, "309": 3, "307": 2, "308": 2, "306": 2}
URBAN = {"303": 6, "304": 6, "305": 6, "306": 5, "307": 4, "308": 2, "309": 2, "311": 4, "312": 3, "317": 2}
MIXED = {"303": 3, "304": 3, "305": 3, "306": 3, "307": 3, "308": 2, "309": 2, "311": 5, "312": 4,
         "313": 3, "314": 3, "315": 3, "316": 3, "317": 2}
DISTRICT_WEIGHTS = {
    "agriculture": {**RURAL, "318": 0.3}, "industry": MIXED, "construction": MIXED, "trade": URBAN,
    "transport": URBAN, "environment": RURAL, "other": MIXED, "housing": URBAN, "": MIXED, "credit": RURAL,
}
ESTABLISHED_YEARS = dict(zip(range(2002, 2022), (6, 6, 5, 5, 5, 5, 6, 6, 7, 6, 6, 8, 9, 9, 10, 11, 12, 12, 11, 11), strict=True))
DISSOLVED_YEARS = dict(zip(range(2002, 2022), (3, 4, 9, 10, 8, 5, 4, 3, 3, 3, 3, 6, 7, 8, 9, 7, 5, 4, 3, 3), strict=True))
STATUS_AFTER = {
    "suspended": "suspended", "resumed": "active", "stopped": "stopped", "dissolved": "dissolved",
    "converted": "converted", "merged": "merged", "bankrupt": "bankrupt", "revoked": "revoked",
    "reinstated": "active", "consolidated": "consolidated", "absorbed": "absorbed", "divided": "divided",
}
TERMINAL = ("dissolved", "converted", "merged", "bankrupt", "consolidated", "absorbed", "divided")
THT_YEARS = dict(zip(range(2002, 2022), (5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 17, 18, 18), strict=True))


@dataclass
class Org:
    code: str
    kind: str
    name: str
    unit: str
    sector: str
    established_on: datetime.date
    address: str = ""
    phone: str = ""
    email: str = ""
    representative: str = ""
    district: str = ""
    label: str = ""  # the place or motto its name was made from
    events: list = field(default_factory=list)
    profile: tuple = ()
    origin: str = ""  # "reorganisation" for one formed by a consolidation, division or separation (v2)
    formed: bool = False  # formed by a v2 event: coded after the others, so that their codes stay

    def add(self, date, type, **fields):
        self.events.append({"date": date, "type": type, **fields})

    def status_on(self, date):
        status, until = "active", None
        for e in sorted(self.events, key=lambda e: e["date"]):
            if e["date"] > date:
                break
            if status == "suspended" and until is not None and e["date"] > until:
                status = "active"  # the suspension ran out (SPEC §2 v2)
            status = STATUS_AFTER.get(e["type"], status)
            until = e.get("until") if e["type"] == "suspended" else until
        if status == "suspended" and until is not None and date > until:
            status = "active"
        return status

    def sector_on(self, date):
        sector = self.sector
        for e in sorted(self.events, key=lambda e: e["date"]):
            if e["date"] <= date and e["type"] == "reclassified":
                sector = e["sector"]
        return sector


def between(rng, start, end):
    """A day in [start, end]."""
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def in_year(rng, weights, start=None, end=None):
    """A day of a year drawn from ``{year: weight}``, clipped to [start, end]."""
    years = [y for y in weights if (start is None or y >= start.year) and (end is None or y <= end.year)]
    year = rng.choices(years, weights=[weights[y] for y in years])[0]
    lo = max(datetime.date(year, 1, 1), start or datetime.date.min)
    hi = min(datetime.date(year, 12, 31), end or datetime.date.max)
    return between(rng, lo, hi)


def weighted_sample(rng, items, weight, k):
    """``k`` items drawn without replacement, with probability growing with ``weight(item)``."""
    keyed = sorted(items, key=lambda it: -(rng.random() ** (1.0 / weight(it))))
    return keyed[:k]


def _decision(rng, body="UBND"):
    """A decision number as a People's Committee (or a department) writes it."""
    return f"{rng.randint(12, 3980)}/QĐ-{body}"


class Generator:
    def __init__(self, seed=SEED, today=None):
        self.seed = seed
        self.today = today or datetime.date.today()
        self.geo = districts()
        self.orgs = []
        self.names_taken = set()

    def rng(self, section):
        # String seeds are hashed with SHA-512 by random: stable across runs and machines.
        return random.Random(f"hoptac-demo:{self.seed}:{section}")

    # --- places and organisations --------------------------------------

    def district_for(self, rng, sector):
        weights = DISTRICT_WEIGHTS[sector]
        codes = list(weights)
        return self.geo[rng.choices(codes, weights=[weights[c] for c in codes])[0]]

    def new_org(self, rng, kind, sector, established_on, district=None, name=None):
        district = district or self.district_for(rng, sector if kind != "qtdnd" else "credit")
        if established_on >= REFORM and not district.new_places:
            district = self.geo["317"]  # the island district without communes: its neighbour
        places = district.new_places if established_on >= REFORM else district.places
        place = rng.choice(places)
        label = names.place(place.name if len(place.code) == 5 else district.name)
        org = Org(
            code="", kind=kind, sector=sector, established_on=established_on, unit=place.code,
            name=name or names.organization_name(rng, kind, sector, label, self.names_taken),
            district=district.code, label=label,
        )
        district_name = district.name if established_on < REFORM else ""
        commune_name = place.name if len(place.code) == 5 else ""
        org.address = names.address(rng, commune_name, place.type, district_name)
        org.representative = names.person(rng)
        org.phone = names.phone(rng)
        if kind in ("htx", "lhhtx") and rng.random() < 0.3:
            org.email = "pending"  # filled once the code is known
        self.orgs.append(org)
        return org

    def other_place(self, rng, org, date):
        """A different unit in the organisation's district, valid on ``date``."""
        district = self.geo[org.district]
        places = district.new_places if date >= REFORM else district.places
        choices = [p for p in places if p.code != org.unit]
        return rng.choice(choices) if choices else None

    # --- the register up to 31/12/2021 ---------------------------------

    def build_until_d(self):
        rng = self.rng("cells")
        cells = [(sector, status) for sector, counts in cal.ON_D.items()
                 for status, n in zip(cal.STATUSES_ON_D, counts, strict=True) for _ in range(n)]
        rng.shuffle(cells)
        # Cooperatives founded in 2002–2021 are more often active and in the new "other" services.
        new_cells = weighted_sample(
            rng, list(enumerate(cells)),
            lambda c: (3.0 if c[1][1] == "active" else 1.0) * (2.0 if c[1][0] == "other" else 1.0),
            cal.HTX_NEW_SURVIVORS,
        )
        new_ids = {i for i, _ in new_cells}
        old_cells = [c for i, c in enumerate(cells) if i not in new_ids]
        new_cells = [c for _, c in sorted(new_cells)]
        self.old_survivors(old_cells)
        self.new_survivors(new_cells)
        self.old_ended()
        self.new_dissolved()
        self.early_dissolved()
        self.credit_funds()
        self.unions_until_d()
        self.groups_until_d()

    def old_date(self, rng):
        """Establishment of a cooperative existing in 2001: mostly re-registered under the 1996 law."""
        if rng.random() < 0.85:
            return between(rng, datetime.date(1997, 1, 1), datetime.date(2001, 9, 30))
        return between(rng, datetime.date(1980, 1, 1), datetime.date(1996, 12, 31))

    def survivor_history(self, rng, org, sector, status):
        """Events in (established, D] that leave ``org`` with ``sector`` and ``status`` on D."""
        e = org.established_on
        first = max(e + 60 * DAY, datetime.date(2002, 1, 1))
        if sector and rng.random() < 0.07 and first < D:
            org.sector = rng.choice([s for s in ("", "trade", "other", "industry", "agriculture") if s != sector])
            org.add(between(rng, first, D), "reclassified", sector=sector,
                    document=_decision(rng, "SKHĐT"), note="Điều chỉnh ngành nghề kinh doanh chính")
        if rng.random() < 0.08 and first < D:
            final = org.name
            org.name = names.organization_name(rng, "htx", org.sector or "", org.label, self.names_taken)
            org.add(between(rng, first, D), "renamed", name=final, document=_decision(rng),
                    note="Đổi tên khi đăng ký lại theo Luật Hợp tác xã")
        if rng.random() < 0.04 and first < D:
            place = self.other_place(rng, org, e)
            if place is not None:
                final, org.unit = org.unit, place.code
                org.add(between(rng, first, D), "relocated", unit=final, document=_decision(rng),
                        note="Chuyển trụ sở")
        start = max(e + 180 * DAY, datetime.date(2004, 1, 1))
        if status == "active" and rng.random() < 0.12 and start < D - 400 * DAY:
            t1 = between(rng, start, D - 400 * DAY)
            org.add(t1, "suspended", document=f"{rng.randint(1, 99)}/TB-HTX", note=self.pause_note(rng, t1))
            org.add(between(rng, t1 + 90 * DAY, min(t1 + 700 * DAY, D)), "resumed",
                    document=f"{rng.randint(1, 99)}/TB-HTX")
        elif status == "suspended":
            t = between(rng, start, D - 10 * DAY) if start < D - 10 * DAY else D - 5 * DAY
            org.add(t, "suspended", document=f"{rng.randint(1, 99)}/TB-HTX", note=self.pause_note(rng, t))
        elif status == "stopped":
            t = between(rng, start, D - 5 * DAY) if start < D - 5 * DAY else D - 2 * DAY
            if rng.random() < 0.4 and t - 200 * DAY > e:
                t0 = between(rng, max(e + DAY, t - 900 * DAY), t - 60 * DAY)
                org.add(t0, "suspended", document=f"{rng.randint(1, 99)}/TB-HTX", note=self.pause_note(rng, t0))
            org.add(t, "stopped", note=rng.choice((
                "Không còn hoạt động, chờ giải thể", "Không tổ chức lại theo Luật Hợp tác xã 2012",
                "Ngừng sản xuất kinh doanh, không báo cáo")))

    @staticmethod
    def pause_note(rng, date):
        if datetime.date(2020, 2, 1) <= date <= datetime.date(2021, 12, 31) and rng.random() < 0.6:
            return "Tạm ngừng do ảnh hưởng của dịch COVID-19"
        return rng.choice(("Tạm ngừng do thiếu vốn", "Tạm ngừng để củng cố tổ chức", "Tạm ngừng do mất thị trường"))

    def old_survivors(self, cells):
        rng = self.rng("old-survivors")
        for sector, status in cells:
            org = self.new_org(rng, "htx", sector, self.old_date(rng))
            self.survivor_history(rng, org, sector, status)

    def new_survivors(self, cells):
        rng = self.rng("new-survivors")
        from_groups = 0
        for sector, status in cells:
            latest = D - (700 if status != "active" else 0) * DAY
            e = in_year(rng, ESTABLISHED_YEARS, end=latest)
            org = self.new_org(rng, "htx", sector, e)
            self.survivor_history(rng, org, sector, status)
            if from_groups < cal.HTX_FROM_THT and sector == "agriculture" and e.year >= 2008:
                from_groups += 1
                self.group_before(rng, org)
        assert from_groups == cal.HTX_FROM_THT

    def group_before(self, rng, htx):
        """The cooperative group that became ``htx``: converted the day the cooperative was founded."""
        group = self.new_org(rng, "tht", htx.sector, between(rng, htx.established_on - 8 * 365 * DAY,
                                                            htx.established_on - 3 * 365 * DAY),
                             district=self.geo[htx.district])
        group.unit = htx.unit
        group.add(htx.established_on, "converted", document=_decision(rng),
                  note=f"Chuyển đổi thành {htx.name}")

    def dissolution(self, rng, org, dissolved_on):
        stop = max(org.established_on + 60 * DAY, S, dissolved_on - rng.randint(30, 540) * DAY)
        if stop >= dissolved_on:
            stop = dissolved_on - DAY
        org.add(stop, "stopped", note="Ngừng hoạt động, chờ giải thể")
        reason = "Giải thể do hoạt động kém hiệu quả"
        if dissolved_on.year >= 2013 and rng.random() < 0.6:
            reason = "Giải thể do không tổ chức lại theo Luật Hợp tác xã 2012"
        elif rng.random() < 0.15:
            reason = "Giải thể để thành lập doanh nghiệp theo Luật Doanh nghiệp"
        org.add(dissolved_on, "dissolved", document=_decision(rng), note=reason)

    def old_ended(self):
        """Cooperatives of 2001 that ended in 2002–2021: dissolved, converted or merged."""
        rng = self.rng("old-ended")
        sectors = ("agriculture", "industry", "trade", "construction", "transport", "other", "")
        weights = (35, 25, 15, 8, 7, 5, 5)
        for _ in range(cal.HTX_DISSOLVED_OF_OLD):
            org = self.new_org(rng, "htx", rng.choices(sectors, weights)[0], self.old_date(rng))
            self.dissolution(rng, org, in_year(rng, DISSOLVED_YEARS, start=S + 60 * DAY))
        for _ in range(cal.HTX_CONVERTED_IN_PERIOD):
            org = self.new_org(rng, "htx", rng.choice(("industry", "trade", "transport")), self.old_date(rng))
            org.add(between(rng, datetime.date(2008, 1, 1), datetime.date(2019, 12, 31)), "converted",
                    document=_decision(rng), note="Chuyển đổi thành công ty TNHH theo Luật Doanh nghiệp")
        for _ in range(cal.HTX_MERGED_IN_PERIOD):
            org = self.new_org(rng, "htx", "agriculture", self.old_date(rng))
            into = rng.choice([o for o in self.orgs if o.kind == "htx" and o.district == org.district
                               and o.status_on(END) != "dissolved" and o is not org])
            org.add(between(rng, datetime.date(2010, 1, 1), datetime.date(2020, 12, 31)), "merged",
                    document=_decision(rng), note=f"Hợp nhất vào {into.name}")

    def new_dissolved(self):
        rng = self.rng("new-dissolved")
        for _ in range(cal.HTX_DISSOLVED_OF_NEW):
            dissolved_on = in_year(rng, DISSOLVED_YEARS, start=datetime.date(2006, 1, 1))
            e = between(rng, S, dissolved_on - 2 * 365 * DAY)
            org = self.new_org(rng, "htx", rng.choice(SECTORS_ANY), e)
            self.dissolution(rng, org, dissolved_on)

    def early_dissolved(self):
        rng = self.rng("early-dissolved")
        for _ in range(cal.HTX_DISSOLVED_BEFORE_PERIOD):
            org = self.new_org(rng, "htx", rng.choice(SECTORS_ANY), between(
                rng, datetime.date(1990, 1, 1), datetime.date(1998, 6, 30)))
            dissolved_on = between(rng, datetime.date(1999, 6, 1), datetime.date(2001, 10, 31))
            org.add(dissolved_on - rng.randint(30, 300) * DAY, "stopped", note="Ngừng hoạt động")
            org.add(dissolved_on, "dissolved", document=_decision(rng),
                    note="Giải thể do không chuyển đổi theo Luật Hợp tác xã 1996")

    def credit_funds(self):
        rng = self.rng("qtdnd")
        funds = [self.new_org(rng, "qtdnd", "credit", between(rng, datetime.date(1994, 1, 1), datetime.date(2000, 12, 31)))
                 for _ in range(cal.QTDND_BEFORE_PERIOD)]
        for org in funds[: cal.QTDND_DISSOLVED_IN_PERIOD]:
            self.dissolution(rng, org, between(rng, datetime.date(2003, 6, 1), datetime.date(2019, 12, 31)))

    def unions_until_d(self):
        rng = self.rng("lhhtx")
        self.new_org(rng, "lhhtx", "transport", datetime.date(1999, 5, 12), district=self.geo["304"],
                     name="Liên hiệp HTX Vận tải Duyên Hải")
        self.new_org(rng, "lhhtx", "agriculture", datetime.date(2018, 8, 20), district=self.geo["315"],
                     name="Liên hiệp HTX Dịch vụ nông nghiệp Tiên Lãng")

    def groups_until_d(self):
        rng = self.rng("tht")
        groups = [self.new_org(rng, "tht", "agriculture" if rng.random() < 0.75 else rng.choice(("industry", "transport", "trade")),
                               between(rng, datetime.date(1996, 1, 1), datetime.date(2001, 12, 31))) for _ in range(40)]
        groups += [self.new_org(rng, "tht", "agriculture" if rng.random() < 0.75 else rng.choice(("industry", "transport", "trade")),
                                in_year(rng, THT_YEARS)) for _ in range(220)]
        for org in rng.sample(groups, 70):
            if org.established_on < D - 3 * 365 * DAY:
                self.dissolution(rng, org, between(rng, max(org.established_on + 2 * 365 * DAY, S + 90 * DAY), D))

    # --- 2022–2025 ------------------------------------------------------

    def build_after_d(self):
        rng = self.rng("after")
        existing = [o for o in self.orgs if o.status_on(D) in ("active", "suspended", "stopped")]
        for org in existing:
            self.later_history(rng, org)
        # New organisations 2022–2025. Cooperative groups grow by about 11 a year,
        # the pace that reaches the 2030 target of about 300; active cooperatives
        # grow more slowly than the target of more than 500 needs.
        rng = self.rng("after-new")
        weights = {"agriculture": 45, "other": 12, "environment": 8, "trade": 15, "industry": 15, "transport": 5}
        for _ in range(48):
            e = between(rng, datetime.date(2022, 1, 10), END - 15 * DAY)
            self.new_org(rng, "htx", rng.choices(list(weights), list(weights.values()))[0], e)
        self.new_org(rng, "lhhtx", "agriculture", datetime.date(2024, 4, 16), district=self.geo["316"],
                     name="Liên hiệp HTX Nông sản an toàn Vĩnh Bảo")
        for _ in range(NEW_GROUPS_AFTER_D):
            e = between(rng, datetime.date(2022, 1, 10), END - 15 * DAY)
            self.new_org(rng, "tht", "agriculture" if rng.random() < 0.8 else "industry", e)
        self.law_2023_events()

    def quiet_after_d(self, kind):
        """Organisations of ``kind`` active on D and after, with no event after D (candidates for v2 events)."""
        return [o for o in self.orgs if o.kind == kind and not o.formed and o.established_on <= D
                and o.status_on(D) == "active" and not any(e["date"] > D for e in o.events)]

    def formed_org(self, rng, predecessor, date, kind="htx", origin="reorganisation"):
        org = self.new_org(rng, kind, predecessor.sector, date, district=self.geo[predecessor.district])
        org.origin, org.formed = origin, True
        return org

    def law_2023_events(self):
        """One of each exit and reorganisation of the 2023 law, all after 2021 (SPEC §7 v2).

        They touch only organisations with nothing after D and add organisations founded
        after D, so no 2021 figure moves.
        """
        rng = self.rng("law-2023")
        pool = self.quiet_after_d("htx")
        rng.shuffle(pool)
        take = pool.pop
        take().add(datetime.date(2023, 8, 15), "bankrupt", document="05/2023/QĐ-TA",
                   note="Tòa án nhân dân tuyên bố phá sản")
        take().add(datetime.date(2024, 3, 12), "revoked", document=_decision(rng, "SKHĐT"),
                   note="Thu hồi giấy chứng nhận theo đề nghị của cơ quan thuế")
        revoked = take()
        revoked.add(datetime.date(2022, 10, 3), "revoked", document=_decision(rng, "SKHĐT"),
                    note="Thu hồi giấy chứng nhận do không hoạt động tại địa chỉ đăng ký")
        revoked.add(datetime.date(2023, 2, 20), "reinstated", document=_decision(rng, "SKHĐT"),
                    note="Khôi phục sau khi khắc phục vi phạm")
        # A consolidation of two cooperatives of one district into a new one.
        first = take()
        second = next(o for o in reversed(pool) if o.district == first.district)
        pool.remove(second)
        day = datetime.date(2023, 6, 15)
        merged = self.formed_org(rng, first, day)
        for org in (first, second):
            org.add(day, "consolidated", successors=[merged], document=_decision(rng),
                    note="Hợp nhất theo Luật Hợp tác xã 2023")
        # An absorption into a cooperative of the same district that goes on.
        absorbed = take()
        absorber = next(o for o in reversed(pool) if o.district == absorbed.district)
        pool.remove(absorber)
        absorbed.add(datetime.date(2024, 2, 20), "absorbed", successors=[absorber], document=_decision(rng),
                     note="Sáp nhập vào hợp tác xã khác")
        # A division into two, and a separation after the 2025 reform (new communes).
        divided, day = take(), datetime.date(2024, 9, 10)
        parts = [self.formed_org(rng, divided, day) for _ in range(2)]
        divided.add(day, "divided", successors=parts, document=_decision(rng), note="Chia thành hai hợp tác xã")
        separated, day = take(), datetime.date(2025, 8, 20)
        separated.add(day, "separated", successors=[self.formed_org(rng, separated, day)], document=_decision(rng),
                      note="Tách một bộ phận thành hợp tác xã mới")
        # A cooperative group that became a cooperative (a newly registered HTX).
        group, day = self.rng("law-2023-tht").choice(self.quiet_after_d("tht")), datetime.date(2023, 10, 2)
        group.add(day, "converted", successors=[self.formed_org(rng, group, day, "htx", "new")],
                  document=_decision(rng), note="Tổ hợp tác chuyển đổi thành hợp tác xã")
        # Suspensions with their end date: one resumed early, one run out, one renewed.
        early = take()
        early.add(datetime.date(2024, 1, 15), "suspended", until=datetime.date(2024, 12, 31),
                  note="Tạm ngừng để củng cố tổ chức")
        early.add(datetime.date(2024, 11, 1), "resumed", note="Hoạt động trở lại trước thời hạn")
        take().add(datetime.date(2023, 5, 2), "suspended", until=datetime.date(2023, 10, 31),
                   note="Tạm ngừng do thiếu vốn; hết thời hạn không thông báo")
        renewed = take()
        renewed.add(datetime.date(2025, 2, 3), "suspended", until=datetime.date(2025, 7, 31),
                    note="Tạm ngừng do mất thị trường")
        renewed.add(datetime.date(2025, 7, 21), "suspended", until=datetime.date(2026, 1, 31),
                    note="Gia hạn tạm ngừng hoạt động")

    def later_history(self, rng, org):
        """Events from 2022: dissolutions of stopped cooperatives, resumptions, data clean-up, moves."""
        status = org.status_on(D)
        if org.sector_on(D) == "" and rng.random() < 0.5:
            org.add(between(rng, datetime.date(2023, 3, 1), datetime.date(2023, 12, 31)), "reclassified",
                    sector=rng.choice(("agriculture", "trade", "other", "industry")),
                    note="Bổ sung ngành nghề khi rà soát dữ liệu")
        if org.sector_on(D) == "other" and any(w in org.name for w in ("môi trường", "Nước sạch", "điện năng")):
            org.add(between(rng, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)), "reclassified",
                    sector="environment", note="Phân loại lại theo danh mục ngành mới")
        if rng.random() < 0.025:
            when = between(rng, datetime.date(2022, 3, 1), END - 30 * DAY)
            place = self.other_place(rng, org, when)
            if place is not None:
                org.add(when, "relocated", unit=place.code, document=_decision(rng), note="Chuyển trụ sở")
        t = between(rng, datetime.date(2022, 2, 1), datetime.date(2025, 11, 30))
        if status == "stopped" and rng.random() < (0.35 if org.kind == "htx" else 0.2):
            org.add(t, "dissolved", document=_decision(rng), note="Giải thể theo quyết định của UBND")
        elif status == "suspended":
            roll = rng.random()
            if roll < 0.3:
                org.add(t, "resumed", note="Hoạt động trở lại")
            elif roll < 0.55:
                org.add(t, "stopped", note="Không hoạt động trở lại, chờ giải thể")
        elif status == "active":
            roll = rng.random()
            if roll < 0.03:
                org.add(t, "suspended", note=self.pause_note(rng, t))
            elif roll < 0.05:
                org.add(t, "stopped", note="Ngừng hoạt động")
        # Nothing happens to an organisation after it is dissolved.
        org.events.sort(key=lambda e: e["date"])
        for i, e in enumerate(org.events):
            if e["type"] in TERMINAL:
                del org.events[i + 1:]
                break

    # --- codes, reports, macro, targets ----------------------------------

    def assign_codes(self):
        """Registration numbers in order of establishment, as a register issues them."""
        rng = self.rng("codes")
        number, group_number = 2_000_120, 0
        for org in sorted((o for o in self.orgs if not o.formed), key=lambda o: o.established_on):
            if org.kind == "tht":
                group_number += 1
                org.code = f"THT{group_number:05d}"
            else:
                number += rng.randint(1, 37)
                org.code = f"02{number:08d}"
            if org.email == "pending":
                org.email = names.email_for(org.name, org.code)
        # Organisations formed by the 2023 law's events come after the others, whose codes stay as they were.
        for org in sorted((o for o in self.orgs if o.formed), key=lambda o: o.established_on):
            number += rng.randint(1, 37)
            org.code = f"02{number:08d}"
            if org.email == "pending":
                org.email = names.email_for(org.name, org.code)

    def generate(self):
        self.build_until_d()
        self.build_after_d()
        self.assign_codes()
        reports = figures.annual_reports(self.orgs, self.rng)
        return {
            "organizations": [self.org_row(o) for o in sorted(self.orgs, key=lambda o: o.code)],
            "events": self.event_rows(),
            "annual_reports": sorted(reports, key=lambda r: (r["org_code"], int(r["year"]))),
            "macro": figures.macro(),
            "targets": figures.targets(),
        }

    @staticmethod
    def org_row(org):
        return {
            "code": org.code, "kind": org.kind, "name": org.name, "unit": org.unit, "sector": org.sector,
            "established_on": org.established_on.isoformat(), "address": org.address, "phone": org.phone,
            "email": org.email, "representative": org.representative,
            **({"origin": org.origin} if org.origin else {}),
        }

    def event_rows(self):
        rows = []
        for org in sorted(self.orgs, key=lambda o: o.code):
            for e in sorted(org.events, key=lambda e: e["date"]):  # stable: same-day events keep their order
                if e["date"] > self.today:
                    continue
                row = {
                    "org_code": org.code, "date": e["date"].isoformat(), "type": e["type"],
                    "unit": e.get("unit", ""), "sector": e.get("sector", ""), "name": e.get("name", ""),
                    "document": e.get("document", ""), "note": e.get("note", ""),
                }
                if e.get("until"):
                    row["until"] = e["until"].isoformat()
                if e.get("successors"):
                    row["successors"] = ";".join(o.code for o in e["successors"])
                rows.append(row)
        return rows




def generate(seed=SEED, today=None):
    """The interchange tables of the demo register (see the module docstring)."""
    generator = Generator(seed, today)
    return reports_v2.enrich(generator.generate(), seed, generator.today)


def until(tables, date=D):
    """The part of ``tables`` known on ``date``: what a register kept until then would hold."""
    year = date.year
    orgs = [r for r in tables["organizations"] if r["established_on"] <= date.isoformat()]
    codes = {r["code"] for r in orgs}
    return {
        "organizations": orgs,
        "events": [r for r in tables["events"] if r["org_code"] in codes and r["date"] <= date.isoformat()],
        "annual_reports": [r for r in tables["annual_reports"] if r["org_code"] in codes and int(r["year"]) <= year],
        "macro": [r for r in tables["macro"] if int(r["year"]) <= year],
        "targets": list(tables["targets"]),
        # A window is set before it opens; the reports of the year carry its submission moments.
        "windows": [r for r in tables.get("windows", ()) if int(r["year"]) <= year],
    }
