"""Turn :class:`~hoptac.reports.data.ReportData` into a :class:`~hoptac.reports.document.Document`.

The wording is hoptac's own. Strings are English in the code and Vietnamese in
the app's catalogue (``locale/vi``); :func:`build` switches the language, so the
same code writes both versions. Counts are phrased for 0, 1 and many: a zero is
said in words ("không có … nào"), never printed as a bare 0 in running text.
"""

import datetime
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hoptac.reports import charts, numbers
from hoptac.reports.document import Cell, Chart, Document, Header, Heading, Paragraph, Signature, Table, Title

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
SECTORS = ("agriculture", "industry", "construction", "trade", "transport", "credit", "environment",
           "housing", "other", "unclassified")
TARGET_ORDER = {"tht.total": 0, "htx.total": 1, "htx.active": 2, "grdp.share_pct": 3}
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.00"
MONEY_FORMAT = "#,##0"
MONEY1_FORMAT = "#,##0.0"
RATIO_FORMAT = "0.00"


def build(data, lang="vi"):
    """The review report for ``data`` in ``lang`` (``vi`` or ``en``)."""
    if lang not in ("vi", "en"):
        raise ValueError(f"unsupported language {lang!r}; use vi or en")
    with translation.override(lang):
        return _Builder(data, lang).document()


def sector_label(code):
    return {
        "agriculture": _("Agriculture"),
        "industry": _("Industry and handicrafts"),
        "construction": _("Construction"),
        "trade": _("Trade, markets and services"),
        "transport": _("Transport"),
        "credit": _("Credit"),
        "environment": _("Environment, clean water, rural power"),
        "housing": _("Housing"),
        "other": _("Other sectors"),
        "unclassified": _("No sector recorded"),
    }.get(code, code)


def sector_phrase(code, n):
    """``n`` cooperatives of one sector, as a phrase in running text."""
    phrases = {
        "agriculture": ngettext("%(count)s cooperative in agriculture", "%(count)s cooperatives in agriculture", n),
        "industry": ngettext("%(count)s cooperative in industry and handicrafts",
                             "%(count)s cooperatives in industry and handicrafts", n),
        "construction": ngettext("%(count)s cooperative in construction", "%(count)s cooperatives in construction", n),
        "trade": ngettext("%(count)s cooperative in trade, markets and services",
                          "%(count)s cooperatives in trade, markets and services", n),
        "transport": ngettext("%(count)s cooperative in transport", "%(count)s cooperatives in transport", n),
        "credit": ngettext("%(count)s cooperative in credit", "%(count)s cooperatives in credit", n),
        "environment": ngettext("%(count)s cooperative in environment, clean water and rural power",
                                "%(count)s cooperatives in environment, clean water and rural power", n),
        "housing": ngettext("%(count)s cooperative in housing", "%(count)s cooperatives in housing", n),
        "other": ngettext("%(count)s cooperative in other sectors", "%(count)s cooperatives in other sectors", n),
        "unclassified": ngettext("%(count)s cooperative with no sector recorded",
                                 "%(count)s cooperatives with no sector recorded", n),
    }
    return phrases[code]


def kind_phrase(kind, n):
    """``n`` organisations of a kind, as a phrase (for lists of foundations, totals…)."""
    return {
        "htx": ngettext("%(count)s cooperative", "%(count)s cooperatives", n),
        "lhhtx": ngettext("%(count)s union of cooperatives", "%(count)s unions of cooperatives", n),
        "tht": ngettext("%(count)s cooperative group", "%(count)s cooperative groups", n),
        "qtdnd": ngettext("%(count)s people's credit fund", "%(count)s people's credit funds", n),
    }[kind]


def kind_label(kind):
    return {
        "htx": _("Cooperatives"),
        "lhhtx": _("Unions of cooperatives"),
        "tht": _("Cooperative groups"),
        "qtdnd": _("People's credit funds"),
    }[kind]


def indicator_label(code):
    return {
        "tht.total": _("Cooperative groups"),
        "htx.total": _("Cooperatives"),
        "htx.active": _("Operating cooperatives"),
        "lhhtx.total": _("Unions of cooperatives"),
        "qtdnd.total": _("People's credit funds"),
        "grdp.share_pct": _("Share of GRDP (%)"),
        "members.total": _("Members of cooperatives"),
        "workers.total": _("Workers in cooperatives"),
        "revenue.avg": _("Average revenue (million VND per cooperative)"),
        "income.avg": _("Average income (million VND per person per year)"),
        "reports.coverage_pct": _("Annual report coverage (%)"),
    }.get(code, code)


def comparator_word(op):
    return {">": _("above"), ">=": _("at least"), "~": _("about"), "<=": _("at most")}.get(op, op)


class _Builder:
    def __init__(self, data, lang):
        self.d = data
        self.lang = lang
        self.blocks = []
        self.section = 0

    # -- small helpers -------------------------------------------------------------------

    def n(self, value):
        """A count in running text (01…09 in Vietnamese)."""
        return numbers.count(value, self.lang)

    def i(self, value):
        return numbers.integer(value, self.lang)

    def pct(self, value):
        return numbers.percent(value, self.lang)

    def money(self, value, places=0):
        return numbers.decimal(value, places, self.lang)

    def day(self, value):
        return numbers.date(value, self.lang)

    def join(self, items):
        items = [item for item in items if item]
        if len(items) <= 1:
            return "".join(items)
        return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}

    def phrase(self, template, count):
        return template % {"count": self.n(count)}

    def heading(self, text):
        self.section += 1
        self.blocks.append(Heading(f"{ROMAN[self.section - 1]}. {text.upper()}"))

    def para(self, text, style="body"):
        self.blocks.append(Paragraph(text, style))

    def int_cell(self, value):
        if value is None:
            return Cell("–")
        return Cell(self.i(value), int(value), INT_FORMAT)

    def dec_cell(self, value, places, fmt, suffix=""):
        if value is None:
            return Cell("–")
        return Cell(numbers.decimal(value, places, self.lang) + suffix, float(value), fmt)

    def share(self, part, whole):
        return Decimal(part) * 100 / Decimal(whole) if whole else None

    @property
    def unit_place(self):
        """The unit's name as it reads after "trên địa bàn" / "in"."""
        name = self.d.unit.name
        if self.lang == "vi" and name[:1].isupper() and name.split(" ")[0] in {"Thành", "Tỉnh", "Quận", "Huyện",
                                                                                 "Thị", "Xã", "Phường"}:
            name = name[0].lower() + name[1:]
        return name

    # -- the document ----------------------------------------------------------------------

    def document(self):
        d = self.d
        doc = Document(lang=self.lang, header=self.header(), title=self.title())
        if not d.has_data:
            self.no_data()
        else:
            self.introduction()
            self.overall()
            self.sectors()
            self.movements()
            self.members()
            self.economics()
            self.targets()
            self.breakdown()
            self.quality()
        doc.blocks = self.blocks
        doc.signature = Signature(
            recipients_label=_("Recipients:"),
            recipients=(_("- %(parent)s (for reporting);") % {"parent": d.issuer.parent},
                        _("- Archive: office.")),
            position=(d.issuer.signer or _("DIRECTOR")).upper(),
        )
        doc.provenance = self.provenance()
        if d.has_data:
            doc.annex = self.annex()
        doc.metadata = {
            "unit": d.unit.code, "year": d.year, "date": d.date.isoformat(), "since": d.since.isoformat(),
            "baseline_year": d.baseline_year, "has_data": d.has_data, "version": d.version,
        }
        return doc

    def header(self):
        d = self.d
        return Header(
            issuer_parent=d.issuer.parent.upper(),
            issuer=d.issuer.name.upper(),
            number=_("No.:        /BC-%(symbol)s") % {"symbol": d.issuer.symbol},
            nation=_("SOCIALIST REPUBLIC OF VIETNAM"),
            motto=_("Independence - Freedom - Happiness"),
            place_date=_("%(place)s, …………… %(year)s")
            % {"place": d.issuer.place, "year": d.generated_at.year},
        )

    def title(self):
        d = self.d
        if d.since.year < d.year:
            subject = _("The collective economy in %(unit)s, %(start)s–%(year)s") % {
                "unit": self.unit_place, "start": d.since.year, "year": d.year}
        else:
            subject = _("The collective economy in %(unit)s in %(year)s") % {"unit": self.unit_place, "year": d.year}
        return Title(kind=_("REPORT"), subject=subject)

    def no_data(self):
        d = self.d
        self.para(_("The register holds no collective economic organisation in %(unit)s as of %(date)s, and no "
                    "annual report for %(year)s: there is no figure to report for this unit and year.")
                  % {"unit": self.unit_place, "date": self.day(d.date), "year": d.year})
        self.para(_("Check the unit code and the year, or import the register of this unit before drawing up "
                    "the report."), "note")

    def introduction(self):
        d = self.d
        self.para(_("On the basis of the register of collective economic organisations and of their annual "
                    "reports, with figures as of %(date)s, %(issuer)s reports on the collective economy in "
                    "%(unit)s as follows.")
                  % {"date": self.day(d.date), "issuer": d.issuer.name, "unit": self.unit_place})

    def overall(self):
        d = self.d
        total, active = d.value("htx.total", 0), d.value("htx.active", 0)
        idle = d.value("htx.not_operating", 0)
        self.heading(_("Number of cooperatives and their operation"))
        facts = {"date": self.day(d.date), "unit": self.unit_place}
        if total == 0:
            self.para(_("As of %(date)s no cooperative exists in %(unit)s.") % facts)
        else:
            if active == 0:
                operating = _("none of them is operating")
            else:
                operating = ngettext("%(count)s is operating (%(share)s)", "%(count)s are operating (%(share)s)",
                                     active) % {"count": self.n(active), "share": self.pct(self.share(active, total))}
            if idle == 0:
                stopped = _("none has suspended or stopped operating")
            else:
                stopped = ngettext(
                    "%(count)s has suspended or stopped operating, awaiting dissolution",
                    "%(count)s have suspended or stopped operating, awaiting dissolution", idle,
                ) % {"count": self.n(idle)}
            lead = ngettext("As of %(date)s, %(unit)s has %(count)s cooperative",
                            "As of %(date)s, %(unit)s has %(count)s cooperatives", total) % {
                **facts, "count": self.n(total)}
            self.para(_("%(lead)s; of these, %(operating)s and %(stopped)s.")
                      % {"lead": lead, "operating": operating, "stopped": stopped})
        others = [(kind, d.value(f"{kind}.total", 0)) for kind in ("lhhtx", "tht", "qtdnd")]
        listed = [self.phrase(kind_phrase(kind, n), n) for kind, n in others if n]
        if listed:
            self.para(_("The other collective economic organisations are %(list)s.") % {"list": self.join(listed)})
        else:
            self.para(_("There is no union of cooperatives, cooperative group or people's credit fund."))

    def sectors(self):
        d = self.d
        by_sector = d.value("htx.by_sector", {}) or {}
        total = d.value("htx.total", 0)
        if not total:
            return
        self.heading(_("Cooperatives by sector"))
        items = [(code, by_sector[code]) for code in SECTORS if by_sector.get(code)]
        items += [(code, n) for code, n in sorted(by_sector.items()) if code not in SECTORS and n]
        self.para(_("By sector of activity, the %(total)s cooperatives comprise %(list)s.")
                  % {"total": self.n(total),
                     "list": "; ".join(self.phrase(sector_phrase(code, n), n) for code, n in items)})
        rows = tuple((Cell(str(k + 1), k + 1), Cell(sector_label(code)), self.int_cell(n),
                      self.dec_cell(self.share(n, total), 2, PCT_FORMAT))
                     for k, (code, n) in enumerate(items))
        self.blocks.append(Table(
            key="sectors", sheet=_("Sectors"), caption=_("Table %(n)s. Cooperatives by sector as of %(date)s")
            % {"n": self.table_number(), "date": self.day(d.date)},
            columns=(_("No."), _("Sector"), _("Cooperatives"), _("Share (%)")), rows=rows,
            total=(Cell(""), Cell(_("Total")), self.int_cell(total), self.dec_cell(100, 2, PCT_FORMAT)),
            widths=(1, 6, 2, 2),
        ))
        chart_rows = [(sector_label(code), [n]) for code, n in items]
        self.blocks.append(Chart(
            key="sectors",
            caption=_("Chart %(n)s. Cooperatives by sector") % {"n": self.chart_number()},
            svg=charts.hbar_chart(chart_rows, [_("Cooperatives")], self.i),
        ))

    def table_number(self):
        self._tables = getattr(self, "_tables", 0) + 1
        return self._tables

    def chart_number(self):
        self._charts = getattr(self, "_charts", 0) + 1
        return self._charts

    def movements(self):
        d = self.d
        self.heading(_("Foundations and dissolutions over the period"))
        period = {"start": self.day(d.since), "end": self.day(d.date)}
        # Cooperatives and their unions first (the figures leaders follow), then the other kinds.
        founded = [(k, d.value(f"{k}.established", 0)) for k in ("htx", "lhhtx")]
        founded_items = [self.phrase(kind_phrase(k, n), n) for k, n in founded if n]
        if founded_items:
            many = sum(n for _k, n in founded)
            self.para(ngettext("From %(start)s to %(end)s, %(list)s was newly established.",
                               "From %(start)s to %(end)s, %(list)s were newly established.", many)
                      % {**period, "list": self.join(founded_items)})
        else:
            self.para(_("From %(start)s to %(end)s, no cooperative or union of cooperatives was newly established.")
                      % period)
        others = [(k, d.value(f"{k}.established", 0)) for k in ("tht", "qtdnd")]
        other_items = [self.phrase(kind_phrase(k, n), n) for k, n in others if n]
        if other_items:
            self.para(ngettext("In addition, %(list)s was established.", "In addition, %(list)s were established.",
                               sum(n for _k, n in others)) % {"list": self.join(other_items)})
        dissolved = [(k, d.value(f"{k}.dissolved", 0)) for k in ("htx", "qtdnd")]
        dissolved_items = [self.phrase(kind_phrase(k, n), n) for k, n in dissolved if n]
        if dissolved_items:
            many = sum(n for _k, n in dissolved if n)
            self.para(ngettext("Over the same period, %(list)s was dissolved.",
                               "Over the same period, %(list)s were dissolved.", many)
                      % {"list": self.join(dissolved_items)})
        else:
            self.para(_("Over the same period, no cooperative and no people's credit fund was dissolved."))
        rows = []
        for k, kind in enumerate(("htx", "lhhtx", "tht", "qtdnd")):
            est = d.value(f"{kind}.established", 0)
            dis = d.values.get(f"{kind}.dissolved")
            rows.append((Cell(str(k + 1), k + 1), Cell(kind_label(kind)), self.int_cell(est),
                         self.int_cell(dis) if f"{kind}.dissolved" in d.values else Cell("–")))
        self.blocks.append(Table(
            key="movements", sheet=_("Foundations, dissolutions"),
            caption=_("Table %(n)s. Organisations established and dissolved from %(start)s to %(end)s")
            % {**period, "n": self.table_number()},
            columns=(_("No."), _("Kind"), _("Established"), _("Dissolved")), rows=tuple(rows), widths=(1, 6, 2, 2),
            note=_("Conversions and mergers are not counted as dissolutions."),
        ))

    def members(self):
        d = self.d
        self.heading(_("Members and workers"))
        if not d.has_annual_reports:
            self.para(_("No annual report of a cooperative for %(year)s has been approved yet, so members and "
                        "workers cannot be stated.") % {"year": d.year})
            return
        members, workers = d.value("members.total", 0), d.value("workers.total", 0)
        members_text = (ngettext("%(count)s member", "%(count)s members", members) % {"count": self.i(members)}
                        if members else _("no member"))
        workers_text = (ngettext("%(count)s worker", "%(count)s workers", workers) % {"count": self.i(workers)}
                        if workers else _("no worker"))
        self.para(_("According to the approved annual reports for %(year)s, the cooperatives have %(members)s "
                    "in total and employ %(workers)s.")
                  % {"year": d.year, "members": members_text, "workers": workers_text})
        coverage = d.values.get("reports.coverage_pct")
        if coverage is not None:
            self.para(_("%(share)s of cooperatives and unions of cooperatives have an approved annual report for "
                        "%(year)s; the sums cover those reports only.")
                      % {"share": self.pct(coverage), "year": d.year}, "note")

    def economics(self):
        d = self.d
        self.heading(_("Revenue and income"))
        revenue, income = d.values.get("revenue.avg"), d.values.get("income.avg")
        b = d.baseline_year
        if revenue is None and income is None:
            self.para(_("No approved annual report for %(year)s gives revenue or income, so the averages cannot "
                        "be computed.") % {"year": d.year})
        if revenue is not None:
            text = _("In %(year)s the average revenue of a cooperative or union of cooperatives is %(revenue)s "
                     "million VND") % {"year": d.year, "revenue": self.money(revenue)}
            pct = d.values.get("revenue.avg_vs_baseline_pct")
            base = d.baseline_values.get("revenue.avg")
            if pct is not None:
                text += _(", %(pct)s of the %(base_year)s level") % {"pct": self.pct(pct), "base_year": b}
                if base is not None:
                    text += _(" (%(base)s million VND)") % {"base": self.money(base)}
            elif b:
                text += _("; there is no figure for %(base_year)s to compare with") % {"base_year": b}
            self.para(text + ".")
        if income is not None:
            text = _("The average income of members and workers is %(income)s million VND per person per year") % {
                "income": self.money(income, 1)}
            ratio = d.values.get("income.avg_vs_baseline_ratio")
            base = d.baseline_values.get("income.avg")
            if ratio is not None:
                template = (_(", %(ratio)s the %(base_year)s level") if ratio >= 1
                            else _(", only %(ratio)s the %(base_year)s level"))
                text += template % {"ratio": numbers.ratio(ratio, self.lang), "base_year": b}
                if base is not None:
                    text += _(" (%(base)s million VND)") % {"base": self.money(base, 1)}
            elif b:
                text += _("; there is no figure for %(base_year)s to compare with") % {"base_year": b}
            self.para(text + ".")
        share = d.values.get("grdp.share_pct")
        if share is not None:
            self.para(_("The value added of the collective economy amounts to %(share)s of the GRDP of %(unit)s in "
                        "%(year)s.") % {"share": self.pct(share), "unit": self.unit_place, "year": d.year})
        rows = []
        specs = (("revenue.avg", 0, MONEY_FORMAT, "revenue.avg_vs_baseline_pct"),
                 ("income.avg", 1, MONEY1_FORMAT, "income.avg_vs_baseline_ratio"))
        for k, (code, places, fmt, cmp_code) in enumerate(specs):
            cmp_value = d.values.get(cmp_code)
            if cmp_code.endswith("pct"):
                cmp_cell = self.dec_cell(cmp_value, 2, '0.00"%"', "%")
            else:
                cmp_cell = (Cell(numbers.ratio(cmp_value, self.lang), float(cmp_value), '0.00"×"')
                            if cmp_value is not None else Cell("–"))
            rows.append((Cell(str(k + 1), k + 1), Cell(indicator_label(code)),
                         self.dec_cell(d.baseline_values.get(code), places, fmt) if b else Cell("–"),
                         self.dec_cell(d.values.get(code), places, fmt), cmp_cell))
        if revenue is not None or income is not None:
            self.blocks.append(Table(
                key="economics", sheet=_("Revenue, income"),
                caption=_("Table %(n)s. Revenue and income, %(year)s against %(base_year)s")
                % {"n": self.table_number(), "year": d.year, "base_year": b or "–"},
                columns=(_("No."), _("Indicator"), str(b or _("Baseline")), str(d.year), _("Comparison")),
                rows=tuple(rows), widths=(1, 6, 2, 2, 2),
                note=_("Revenue: average over the reports that give it (cooperatives and unions). Income: average "
                       "weighted by the number of workers. Comparison: revenue in per cent of the baseline year, "
                       "income as a multiple of it."),
            ))

    def target_phrase(self, t):
        """A target in running text: "about 300 cooperative groups"."""
        facts = {"op": comparator_word(t.op), "value": self.target_value_text(t.indicator, t.value)}
        if t.indicator == "tht.total":
            return _("%(op)s %(value)s cooperative groups") % facts
        if t.indicator == "htx.active":
            return _("%(op)s %(value)s operating cooperatives") % facts
        if t.indicator == "htx.total":
            return _("%(op)s %(value)s cooperatives") % facts
        if t.indicator == "grdp.share_pct":
            return _("a contribution of %(op)s %(value)s of GRDP") % facts
        return _("%(indicator)s: %(op)s %(value)s") % {**facts, "indicator": indicator_label(t.indicator)}

    def target_value_text(self, code, value):
        if value is None:
            return "–"
        if code.endswith("_pct"):
            return numbers.decimal(value, 2, self.lang, strip=True) + "%"
        if code.endswith((".avg",)):
            return numbers.decimal(value, 1, self.lang, strip=True)
        return self.i(value)

    def target_cell(self, code, value):
        if value is None:
            return Cell("–")
        if code.endswith("_pct") or code.endswith(".avg"):
            return Cell(self.target_value_text(code, value), float(value), "0.00")
        return Cell(self.target_value_text(code, value), int(round(value)), INT_FORMAT)

    def targets(self):
        d = self.d
        targets = sorted(d.targets, key=lambda t: (t.year, TARGET_ORDER.get(t.indicator, 99), t.indicator))
        if not targets:
            self.heading(_("Plan targets"))
            self.para(_("No plan target is recorded for %(unit)s.") % {"unit": self.unit_place})
            return
        years = sorted({t.year for t in targets})
        self.heading(_("Progress towards the targets for %(years)s")
                     % {"years": self.join([str(y) for y in years])})
        for year in years:
            items = [self.target_phrase(t) for t in targets if t.year == year]
            self.para(_("Targets for %(year)s: %(list)s.") % {"year": year, "list": "; ".join(items)}, "bullet")
        on = sum(1 for t in targets if t.on_track)
        off = sum(1 for t in targets if t.on_track is False)
        unknown = len(targets) - on - off
        summary = [ngettext("%(count)s target is on track", "%(count)s targets are on track", on)
                   % {"count": self.n(on)} if on else _("no target is on track")]
        if off:
            summary.append(ngettext("%(count)s target is off track and needs faster progress",
                                    "%(count)s targets are off track and need faster progress", off)
                           % {"count": self.n(off)})
        if unknown:
            summary.append(ngettext("%(count)s target cannot be projected for lack of data",
                                    "%(count)s targets cannot be projected for lack of data", unknown)
                           % {"count": self.n(unknown)})
        self.para(_("Projected from the trend of recent years, %(summary)s.") % {"summary": self.join(summary)})
        rows = []
        for k, t in enumerate(targets):
            verdict = {True: _("On track"), False: _("Off track"), None: _("Not enough data")}[t.on_track]
            rows.append((
                Cell(str(k + 1), k + 1), Cell(indicator_label(t.indicator)), Cell(str(t.year), t.year),
                Cell(f"{comparator_word(t.op)} {self.target_value_text(t.indicator, t.value)}"),
                self.target_cell(t.indicator, t.latest), self.target_cell(t.indicator, t.gap),
                self.target_cell(t.indicator, t.projection), Cell(verdict),
            ))
        sources = sorted({t.source for t in targets if t.source})
        note = _("Gap: what remains to reach the target. Projection: the value expected in the target year if the "
                 "trend of recent years continues.")
        if sources:
            note += " " + _("Sources: %(sources)s.") % {"sources": "; ".join(sources)}
        self.blocks.append(Table(
            key="targets", sheet=_("Targets"), caption=_("Table %(n)s. Plan targets and progress") % {"n": self.table_number()},
            columns=(_("No."), _("Indicator"), _("Year"), _("Target"), str(d.year), _("Gap"), _("Projection"),
                     _("Assessment")),
            rows=tuple(rows), widths=(1, 5, 2, 3, 2, 2, 2, 3), note=note,
        ))

    def breakdown(self):
        d = self.d
        if not d.children:
            return
        level_name = {2: _("district"), 3: _("commune")}.get(d.children_level, _("unit"))
        self.heading(_("Figures by %(level)s") % {"level": level_name})
        children = list(d.children)
        with_htx = sum(1 for c in children if c.values.get("htx.total"))
        top = max(children, key=lambda c: c.values.get("htx.total") or 0)
        self.para(_("Cooperatives exist in %(with)s of the %(all)s units; %(top)s has the most (%(count)s).")
                  % {"with": self.n(with_htx), "all": self.n(len(children)), "top": top.name,
                     "count": self.n(top.values.get("htx.total") or 0)}
                  if with_htx else _("No unit one level down has a cooperative."))
        codes = ("htx.total", "htx.active", "htx.not_operating", "htx.established", "htx.dissolved",
                 "members.total", "workers.total")
        rows = tuple(
            (Cell(str(k + 1), k + 1), Cell(c.name), *(self.int_cell(c.values.get(code) or 0) for code in codes))
            for k, c in enumerate(children)
        )
        total = (Cell(""), Cell(_("Total")), *(self.int_cell(d.values.get(code) or 0) for code in codes))
        self.blocks.append(Table(
            key="units", sheet=_("By unit"),
            caption=_("Table %(n)s. Cooperatives by %(level)s as of %(date)s")
            % {"n": self.table_number(), "level": level_name, "date": self.day(d.date)},
            columns=(_("No."), _("Unit"), _("Cooperatives"), _("Operating"), _("Not operating"),
                     _("Established"), _("Dissolved"), _("Members"), _("Workers")),
            rows=rows, total=total, widths=(1, 5, 2, 2, 2, 2, 2, 2, 2),
            note=_("Established and dissolved: over the period from %(start)s. Members and workers: approved annual "
                   "reports for %(year)s.") % {"start": self.day(d.since), "year": d.year},
        ))
        chart_rows = [(c.name, [c.values.get("htx.active") or 0, c.values.get("htx.not_operating") or 0])
                      for c in children if c.values.get("htx.total")]
        if chart_rows:
            self.blocks.append(Chart(
                key="units",
                caption=_("Chart %(n)s. Cooperatives by %(level)s") % {"n": self.chart_number(), "level": level_name},
                svg=charts.hbar_chart(chart_rows, [_("Operating"), _("Not operating")], self.i),
            ))

    def quality(self):
        d = self.d
        self.heading(_("Notes on data quality"))
        findings = [f for f in d.quality if f.count]
        unclassified = (d.value("htx.by_sector", {}) or {}).get("unclassified", 0)
        # The cooperatives without a sector are stated from the sector breakdown itself; the engine's
        # findings on the same set are kept only when they say more (other kinds, other counts).
        findings = [f for f in findings
                    if not (f.code in ("sector.unclassified", "breakdown.incomplete") and f.count == unclassified)]
        if unclassified:
            findings.insert(0, _finding("htx.unclassified", unclassified))
        if not findings:
            self.para(_("No data-quality problem was found for this unit and year."))
            return
        for f in findings:
            self.para("- " + quality_text(f, self), "bullet")
        self.para(_("The units concerned are asked to complete these records; the figures above will change "
                    "accordingly."), "note")

    def annex(self):
        """Key indicators as one table: the spreadsheet's first sheet, the report's appendix."""
        d = self.d
        v = d.values
        specs = [
            ("htx.total", _("Cooperatives existing"), _("cooperatives"), "int"),
            ("htx.active", _("of which operating"), _("cooperatives"), "int"),
            ("htx.not_operating", _("of which not operating"), _("cooperatives"), "int"),
            ("lhhtx.total", _("Unions of cooperatives"), _("unions"), "int"),
            ("tht.total", _("Cooperative groups"), _("groups"), "int"),
            ("qtdnd.total", _("People's credit funds"), _("funds"), "int"),
            ("htx.established", _("Cooperatives established in the period"), _("cooperatives"), "int"),
            ("lhhtx.established", _("Unions established in the period"), _("unions"), "int"),
            ("tht.established", _("Cooperative groups established in the period"), _("groups"), "int"),
            ("qtdnd.established", _("People's credit funds established in the period"), _("funds"), "int"),
            ("htx.dissolved", _("Cooperatives dissolved in the period"), _("cooperatives"), "int"),
            ("qtdnd.dissolved", _("People's credit funds dissolved in the period"), _("funds"), "int"),
            ("members.total", _("Members of cooperatives"), _("persons"), "int"),
            ("workers.total", _("Workers in cooperatives"), _("persons"), "int"),
            ("revenue.avg", _("Average revenue"), _("million VND per cooperative"), "money0"),
            ("revenue.avg_vs_baseline_pct", _("Average revenue against the baseline year"), "%", "pct"),
            ("income.avg", _("Average income"), _("million VND per person per year"), "money1"),
            ("income.avg_vs_baseline_ratio", _("Average income against the baseline year"), _("times"), "ratio"),
            ("grdp.share_pct", _("Share of GRDP"), "%", "pct"),
            ("reports.coverage_pct", _("Annual report coverage"), "%", "pct"),
        ]
        rows = []
        for k, (code, label, unit, kind) in enumerate(specs):
            value = v.get(code)
            if kind == "int":
                cell = self.int_cell(value)
            elif kind == "money0":
                cell = self.dec_cell(value, 0, MONEY_FORMAT)
            elif kind == "money1":
                cell = self.dec_cell(value, 1, MONEY1_FORMAT)
            elif kind == "ratio":
                cell = self.dec_cell(value, 2, RATIO_FORMAT)
            else:
                cell = self.dec_cell(value, 2, PCT_FORMAT)
            rows.append((Cell(str(k + 1), k + 1), Cell(label), cell, Cell(unit), Cell(code)))
        return [
            Heading(_("ANNEX: KEY INDICATORS"), level=0),
            Table(
                key="summary", sheet=_("Key indicators"),
                caption=_("Key indicators of %(unit)s as of %(date)s") % {"unit": self.unit_place,
                                                                          "date": self.day(d.date)},
                columns=(_("No."), _("Indicator"), _("Value"), _("Unit of measure"), _("Code")),
                rows=tuple(rows), widths=(1, 7, 2, 3, 5),
                note=_("Period from %(since)s to %(date)s; baseline year: %(baseline)s.")
                % {"since": self.day(d.since), "date": self.day(d.date), "baseline": d.baseline_year or "–"},
            ),
        ]

    def provenance(self):
        d = self.d
        generated = d.generated_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
        return _("Data as of %(date)s (period from %(since)s%(baseline)s); generated at %(time)s on %(day)s by "
                 "hoptac %(version)s from the register and the approved annual reports.") % {
            "date": self.day(d.date), "since": self.day(d.since),
            "baseline": (_(", baseline year %(year)s") % {"year": d.baseline_year}) if d.baseline_year else "",
            "time": generated.strftime("%H:%M"), "day": self.day(generated.date()), "version": d.version,
        }


def _finding(code, count):
    from hoptac.reports.data import QualityFinding

    return QualityFinding(code=code, count=count)


def quality_text(finding, b):
    """One data-quality finding as a sentence."""
    n = finding.count
    known = {
        "htx.unclassified": ngettext(
            "%(count)s cooperative has no sector recorded; it is counted as unclassified above.",
            "%(count)s cooperatives have no sector recorded; they are counted as unclassified above.", n),
        "sector.unclassified": ngettext("%(count)s organisation (of any kind) has no sector recorded.",
                                        "%(count)s organisations (of all kinds) have no sector recorded.", n),
        "report.missing": ngettext("%(count)s cooperative or union has no approved annual report for the year.",
                                   "%(count)s cooperatives or unions have no approved annual report for the year.",
                                   n),
        "report.stale": ngettext(
            "%(count)s operating cooperative or union has sent no annual report for three years.",
            "%(count)s operating cooperatives or unions have sent no annual report for three years.", n),
        "name.duplicate": ngettext("%(count)s organisation shares its name with another in the same unit.",
                                   "%(count)s organisations share their name with another in the same unit.", n),
        "breakdown.incomplete": ngettext(
            "%(count)s cooperative is missing from the breakdown by sector.",
            "%(count)s cooperatives are missing from the breakdown by sector.", n),
    }
    if finding.code.startswith("report.outlier."):
        field_name = {"members": _("members"), "workers": _("workers"), "revenue": _("revenue"),
                      "income": _("income")}.get(finding.code.rsplit(".", 1)[1], finding.code)
        return ngettext("%(count)s annual report gives %(field)s far outside its peers'; please check it.",
                        "%(count)s annual reports give %(field)s far outside their peers'; please check them.",
                        n) % {"count": b.n(n), "field": field_name}
    if finding.code in known:
        return known[finding.code] % {"count": b.n(n)}
    text = finding.detail or finding.code
    return ngettext("%(text)s: %(count)s organisation.", "%(text)s: %(count)s organisations.", n) % {
        "text": text, "count": b.n(n)}
