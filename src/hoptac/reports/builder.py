"""Turn :class:`~hoptac.reports.data.ReportData` into a :class:`~hoptac.reports.document.Document`.

The wording is hoptac's own. Strings are English in the code and Vietnamese in
the app's catalogue (``locale/vi``); :func:`build` switches the language, so the
same code writes both versions. Counts are phrased for 0, 1 and many: a zero is
said in words ("không có … nào"), never printed as a bare 0 in running text.
"""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import npgettext, pgettext

from hoptac.core import numbers
from hoptac.indicators import documents
from hoptac.indicators import labels as indicator_labels
from hoptac.indicators.v2 import MIN_PUBLIC_REPORTS, V2_COUNT_CODES, V2_REPORT_CODES
from hoptac.registry import vocabulary
from hoptac.reports import charts
from hoptac.reports import directives_section
from hoptac.reports.data import QualityFinding
from hoptac.reports.document import (
    Cell,
    Chart,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
    Title,
    breakable,
)

CHART_LIMIT = 20
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
    return capfirst(vocabulary.label("sectors", code))


def sector_phrase(code, n):
    """``n`` cooperatives of one sector, as a phrase in running text."""
    phrases = {
        "agriculture": npgettext("report", "%(count)s cooperative in agriculture", "%(count)s cooperatives in agriculture", n),
        "industry": npgettext("report", "%(count)s cooperative in industry and handicrafts",
                             "%(count)s cooperatives in industry and handicrafts", n),
        "construction": npgettext("report", "%(count)s cooperative in construction", "%(count)s cooperatives in construction", n),
        "trade": npgettext("report", "%(count)s cooperative in trade, markets and services",
                          "%(count)s cooperatives in trade, markets and services", n),
        "transport": npgettext("report", "%(count)s cooperative in transport", "%(count)s cooperatives in transport", n),
        "credit": npgettext("report", "%(count)s cooperative in credit", "%(count)s cooperatives in credit", n),
        "environment": npgettext("report", "%(count)s cooperative in environment, clean water and rural power",
                                "%(count)s cooperatives in environment, clean water and rural power", n),
        "housing": npgettext("report", "%(count)s cooperative in housing", "%(count)s cooperatives in housing", n),
        "other": npgettext("report", "%(count)s cooperative in other sectors", "%(count)s cooperatives in other sectors", n),
        "unclassified": npgettext("report", "%(count)s cooperative with no sector recorded",
                                 "%(count)s cooperatives with no sector recorded", n),
    }
    return phrases[code]


def kind_phrase(kind, n):
    """``n`` organisations of a kind, as a phrase (for lists of foundations, totals…)."""
    return {
        "htx": npgettext("report", "%(count)s cooperative", "%(count)s cooperatives", n),
        "lhhtx": npgettext("report", "%(count)s union of cooperatives", "%(count)s unions of cooperatives", n),
        "tht": npgettext("report", "%(count)s cooperative group", "%(count)s cooperative groups", n),
        "qtdnd": npgettext("report", "%(count)s people's credit fund", "%(count)s people's credit funds", n),
    }[kind]


def kind_label(kind):
    return {
        "htx": pgettext("report", "Cooperatives"),
        "lhhtx": pgettext("report", "Unions of cooperatives"),
        "tht": pgettext("report", "Cooperative groups"),
        "qtdnd": pgettext("report", "People's credit funds"),
    }[kind]


def indicator_label(code):
    return {
        "tht.total": pgettext("report", "Cooperative groups"),
        "htx.total": pgettext("report", "Cooperatives"),
        "htx.active": pgettext("report", "Operating cooperatives"),
        "lhhtx.total": pgettext("report", "Unions of cooperatives"),
        "qtdnd.total": pgettext("report", "People's credit funds"),
        "grdp.share_pct": pgettext("report", "Share of GRDP (%)"),
        "members.total": pgettext("report", "Members of cooperatives"),
        "workers.total": pgettext("report", "Workers in cooperatives"),
        "revenue.avg": pgettext("report", "Average revenue (million VND per cooperative)"),
        "income.avg": pgettext("report", "Average income (million VND per person per year)"),
        "reports.coverage_pct": pgettext("report", "Annual report coverage (%)"),
    }.get(code) or indicator_labels.label(code)  # the v2 indicators: their own words


def comparator_word(op):
    return {">": pgettext("report", "above"), ">=": pgettext("report", "at least"), "~": pgettext("report", "about"), "<=": pgettext("report", "at most")}.get(op, op)


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
        return pgettext("report", "%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}

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
            self.v2_indicators()
            self.targets()
            directives_section.write(self)
            self.breakdown()
            self.quality()
        doc.blocks = self.blocks
        doc.signature = Signature(
            recipients_label=pgettext("report", "Recipients:"),
            recipients=(pgettext("report", "- %(parent)s (for reporting);") % {"parent": d.issuer.parent},
                        pgettext("report", "- Archive: office.")),
            position=(d.issuer.signer or pgettext("report", "DIRECTOR")).upper(),
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
            number=pgettext("report", "No.:        /BC-%(symbol)s") % {"symbol": d.issuer.symbol},
            nation=pgettext("report", "SOCIALIST REPUBLIC OF VIETNAM"),
            motto=pgettext("report", "Independence - Freedom - Happiness"),
            place_date=pgettext("report", "%(place)s, …………… %(year)s")
            % {"place": d.issuer.place, "year": d.generated_at.year},
        )

    def title(self):
        d = self.d
        if d.since.year < d.year:
            subject = pgettext("report", "The collective economy in %(unit)s, %(start)s–%(year)s") % {
                "unit": self.unit_place, "start": d.since.year, "year": d.year}
        else:
            subject = pgettext("report", "The collective economy in %(unit)s in %(year)s") % {"unit": self.unit_place, "year": d.year}
        return Title(kind=pgettext("report", "REPORT"), subject=subject)

    def no_data(self):
        d = self.d
        self.para(pgettext("report", "The register holds no collective economic organisation in %(unit)s as of %(date)s, and no "
                    "annual report for %(year)s: there is no figure to report for this unit and year.")
                  % {"unit": self.unit_place, "date": self.day(d.date), "year": d.year})
        self.para(pgettext("report", "Check the unit code and the year, or import the register of this unit before drawing up "
                    "the report."), "note")

    def introduction(self):
        d = self.d
        self.para(pgettext("report", "On the basis of the register of collective economic organisations and of their annual "
                    "reports, with figures as of %(date)s, %(issuer)s reports on the collective economy in "
                    "%(unit)s as follows.")
                  % {"date": self.day(d.date), "issuer": d.issuer.name, "unit": self.unit_place})
        if d.territory_of:
            self.para(pgettext("report", "Every figure is computed on the territory of %(unit)s as it was on %(date)s.")
                      % {"unit": self.unit_place, "date": self.day(d.territory_of)})

    def overall(self):
        d = self.d
        total, active = d.value("htx.total", 0), d.value("htx.active", 0)
        idle = d.value("htx.not_operating", 0)
        self.heading(pgettext("report", "Number of cooperatives and their operation"))
        facts = {"date": self.day(d.date), "unit": self.unit_place}
        if total == 0:
            self.para(pgettext("report", "As of %(date)s no cooperative exists in %(unit)s.") % facts)
        else:
            if active == 0:
                operating = pgettext("report", "none of them is operating")
            else:
                operating = npgettext("report", "%(count)s is operating (%(share)s)", "%(count)s are operating (%(share)s)",
                                     active) % {"count": self.n(active), "share": self.pct(self.share(active, total))}
            if idle == 0:
                stopped = pgettext("report", "none has suspended or stopped operating")
            else:
                stopped = npgettext("report", 
                    "%(count)s has suspended or stopped operating, awaiting dissolution",
                    "%(count)s have suspended or stopped operating, awaiting dissolution", idle,
                ) % {"count": self.n(idle)}
            lead = npgettext("report", "As of %(date)s, %(unit)s has %(count)s cooperative",
                            "As of %(date)s, %(unit)s has %(count)s cooperatives", total) % {
                **facts, "count": self.n(total)}
            self.para(pgettext("report", "%(lead)s; of these, %(operating)s and %(stopped)s.")
                      % {"lead": lead, "operating": operating, "stopped": stopped})
        others = [(kind, d.value(f"{kind}.total", 0)) for kind in ("lhhtx", "tht", "qtdnd")]
        listed = [self.phrase(kind_phrase(kind, n), n) for kind, n in others if n]
        if listed:
            self.para(pgettext("report", "The other collective economic organisations are %(list)s.") % {"list": self.join(listed)})
        else:
            self.para(pgettext("report", "There is no union of cooperatives, cooperative group or people's credit fund."))

    def sectors(self):
        d = self.d
        by_sector = d.value("htx.by_sector", {}) or {}
        total = d.value("htx.total", 0)
        if not total:
            return
        self.heading(pgettext("report", "Cooperatives by sector"))
        items = [(code, by_sector[code]) for code in SECTORS if by_sector.get(code)]
        items += [(code, n) for code, n in sorted(by_sector.items()) if code not in SECTORS and n]
        self.para(pgettext("report", "By sector of activity, the %(total)s cooperatives comprise %(list)s.")
                  % {"total": self.n(total),
                     "list": "; ".join(self.phrase(sector_phrase(code, n), n) for code, n in items)})
        rows = tuple((Cell(str(k + 1), k + 1), Cell(sector_label(code)), self.int_cell(n),
                      self.dec_cell(self.share(n, total), 2, PCT_FORMAT))
                     for k, (code, n) in enumerate(items))
        self.blocks.append(Table(
            key="sectors", sheet=pgettext("report", "Sectors"), caption=pgettext("report", "Table %(n)s. Cooperatives by sector as of %(date)s")
            % {"n": self.table_number(), "date": self.day(d.date)},
            columns=(pgettext("report", "No."), pgettext("report", "Sector"), pgettext("report", "Cooperatives"), pgettext("report", "Share (%)")), rows=rows,
            total=(Cell(""), Cell(pgettext("report", "Total")), self.int_cell(total), self.dec_cell(100, 2, PCT_FORMAT)),
            widths=(1, 6, 2, 2),
        ))
        chart_rows = [(sector_label(code), [n]) for code, n in items]
        self.blocks.append(Chart(
            key="sectors",
            caption=pgettext("report", "Chart %(n)s. Cooperatives by sector") % {"n": self.chart_number()},
            svg=charts.hbar_chart(chart_rows, [pgettext("report", "Cooperatives")], self.i),
        ))

    def table_number(self):
        self._tables = getattr(self, "_tables", 0) + 1
        return self._tables

    def chart_number(self):
        self._charts = getattr(self, "_charts", 0) + 1
        return self._charts

    def movements(self):
        d = self.d
        self.heading(pgettext("report", "Foundations and dissolutions over the period"))
        period = {"start": self.day(d.since), "end": self.day(d.date)}
        # Cooperatives and their unions first (the figures leaders follow), then the other kinds.
        founded = [(k, d.value(f"{k}.established", 0)) for k in ("htx", "lhhtx")]
        founded_items = [self.phrase(kind_phrase(k, n), n) for k, n in founded if n]
        if founded_items:
            many = sum(n for _k, n in founded)
            self.para(npgettext("report", "From %(start)s to %(end)s, %(list)s was newly established.",
                               "From %(start)s to %(end)s, %(list)s were newly established.", many)
                      % {**period, "list": self.join(founded_items)})
        else:
            self.para(pgettext("report", "From %(start)s to %(end)s, no cooperative or union of cooperatives was newly established.")
                      % period)
        others = [(k, d.value(f"{k}.established", 0)) for k in ("tht", "qtdnd")]
        other_items = [self.phrase(kind_phrase(k, n), n) for k, n in others if n]
        if other_items:
            self.para(npgettext("report", "In addition, %(list)s was established.", "In addition, %(list)s were established.",
                               sum(n for _k, n in others)) % {"list": self.join(other_items)})
        dissolved = [(k, d.value(f"{k}.dissolved", 0)) for k in ("htx", "qtdnd")]
        dissolved_items = [self.phrase(kind_phrase(k, n), n) for k, n in dissolved if n]
        if dissolved_items:
            many = sum(n for _k, n in dissolved if n)
            self.para(npgettext("report", "Over the same period, %(list)s was dissolved.",
                               "Over the same period, %(list)s were dissolved.", many)
                      % {"list": self.join(dissolved_items)})
        else:
            self.para(pgettext("report", "Over the same period, no cooperative and no people's credit fund was dissolved."))
        rows = []
        for k, kind in enumerate(("htx", "lhhtx", "tht", "qtdnd")):
            est = d.value(f"{kind}.established", 0)
            dis = d.values.get(f"{kind}.dissolved")
            rows.append((Cell(str(k + 1), k + 1), Cell(kind_label(kind)), self.int_cell(est),
                         self.int_cell(dis) if f"{kind}.dissolved" in d.values else Cell("–")))
        self.blocks.append(Table(
            key="movements", sheet=pgettext("report", "Foundations, dissolutions"),
            caption=pgettext("report", "Table %(n)s. Organisations established and dissolved from %(start)s to %(end)s")
            % {**period, "n": self.table_number()},
            columns=(pgettext("report", "No."), pgettext("report", "Kind"), pgettext("report", "Established"), pgettext("report", "Dissolved")), rows=tuple(rows), widths=(1, 6, 2, 2),
            note=pgettext("report", "Conversions and mergers are not counted as dissolutions."),
        ))

    def members(self):
        d = self.d
        self.heading(pgettext("report", "Members and workers"))
        if not d.has_annual_reports:
            self.para(pgettext("report", "No annual report of a cooperative for %(year)s has been approved yet, so members and "
                        "workers cannot be stated.") % {"year": d.year})
            return
        members, workers = d.value("members.total", 0), d.value("workers.total", 0)
        members_text = (npgettext("report", "%(count)s member", "%(count)s members", members) % {"count": self.i(members)}
                        if members else pgettext("report", "no member"))
        workers_text = (npgettext("report", "%(count)s worker", "%(count)s workers", workers) % {"count": self.i(workers)}
                        if workers else pgettext("report", "no worker"))
        self.para(pgettext("report", "According to the approved annual reports for %(year)s, the cooperatives have %(members)s "
                    "in total and employ %(workers)s.")
                  % {"year": d.year, "members": members_text, "workers": workers_text})
        coverage = d.values.get("reports.coverage_pct")
        if coverage is not None:
            self.para(pgettext("report", "%(share)s of cooperatives and unions of cooperatives have an approved annual report for "
                        "%(year)s; the sums cover those reports only.")
                      % {"share": self.pct(coverage), "year": d.year}, "note")

    def economics(self):
        d = self.d
        self.heading(pgettext("report", "Revenue and income"))
        revenue, income = d.values.get("revenue.avg"), d.values.get("income.avg")
        b = d.baseline_year
        if revenue is None and income is None:
            self.para(pgettext("report", "No approved annual report for %(year)s gives revenue or income, so the averages cannot "
                        "be computed.") % {"year": d.year})
        if revenue is not None:
            text = pgettext("report", "In %(year)s the average revenue of a cooperative or union of cooperatives is %(revenue)s "
                     "million VND") % {"year": d.year, "revenue": self.money(revenue)}
            pct = d.values.get("revenue.avg_vs_baseline_pct")
            base = d.baseline_values.get("revenue.avg")
            if pct is not None:
                text += pgettext("report", ", %(pct)s of the %(base_year)s level") % {"pct": self.pct(pct), "base_year": b}
                if base is not None:
                    text += pgettext("report", " (%(base)s million VND)") % {"base": self.money(base)}
            elif b:
                text += pgettext("report", "; there is no figure for %(base_year)s to compare with") % {"base_year": b}
            self.para(text + ".")
        if income is not None:
            text = pgettext("report", "The average income of members and workers is %(income)s million VND per person per year") % {
                "income": self.money(income, 1)}
            ratio = d.values.get("income.avg_vs_baseline_ratio")
            base = d.baseline_values.get("income.avg")
            if ratio is not None:
                template = (pgettext("report", ", %(ratio)s the %(base_year)s level") if ratio >= 1
                            else pgettext("report", ", only %(ratio)s the %(base_year)s level"))
                text += template % {"ratio": numbers.ratio(ratio, self.lang), "base_year": b}
                if base is not None:
                    text += pgettext("report", " (%(base)s million VND)") % {"base": self.money(base, 1)}
            elif b:
                text += pgettext("report", "; there is no figure for %(base_year)s to compare with") % {"base_year": b}
            self.para(text + ".")
        share = d.values.get("grdp.share_pct")
        if share is not None:
            self.para(pgettext("report", "The value added of the collective economy amounts to %(share)s of the GRDP of %(unit)s in "
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
                key="economics", sheet=pgettext("report", "Revenue, income"),
                caption=pgettext("report", "Table %(n)s. Revenue and income, %(year)s against %(base_year)s")
                % {"n": self.table_number(), "year": d.year, "base_year": b or "–"},
                columns=(pgettext("report", "No."), pgettext("report", "Indicator"), str(b or pgettext("report", "Baseline")), str(d.year), pgettext("report", "Comparison")),
                rows=tuple(rows), widths=(1, 6, 2, 2, 2),
                note=pgettext("report", "Revenue: average over the reports that give it (cooperatives and unions). Income: average "
                       "weighted by the number of workers. Comparison: revenue in per cent of the baseline year, "
                       "income as a multiple of it."),
            ))

    def v2_indicators(self):
        """The indicators added in v2 (SPEC §3 v2): exits and reorganisations, structure, and the
        Resolution 20 figures from annual reports and ratings (over fewer than 3 reports: "— (ít hơn 3 báo cáo)", as on the portal).
        Left out when the register has none of them (a v1 register's report reads as before)."""
        d = self.d
        if not any(d.values.get(code) for code in (*V2_COUNT_CODES, *V2_REPORT_CODES)):
            return
        self.heading(pgettext("report", "Structure, reorganisation and quality of the cooperatives"))
        rows = []
        for code in (*V2_COUNT_CODES, *V2_REPORT_CODES):
            value = d.values.get(code)
            if code in V2_REPORT_CODES and value is not None and d.support.get(code, 0) < MIN_PUBLIC_REPORTS:
                cell = Cell(f"{documents.SUPPRESSED_MARK} ({documents.SUPPRESSED_NOTE})")  # the portal's words
            elif isinstance(value, Decimal):
                cell = self.dec_cell(value, 2, "0.00")
            else:
                cell = self.int_cell(value)
            rows.append((Cell(str(len(rows) + 1), len(rows) + 1), Cell(indicator_label(code)), cell))
        note = pgettext("report", "Counts over the period from %(start)s; figures from the approved annual reports and "
                        "ratings for %(year)s; “–”: no report gives the figure.") % {"start": self.day(d.since), "year": d.year}
        if d.values.get("grdp.share_source"):
            note += " " + pgettext("report", "Share of GRDP: %(source)s.") % {
                "source": str(indicator_labels.SHARE_SOURCE_LABELS[d.values["grdp.share_source"]])}
        self.blocks.append(Table(
            key="v2", sheet=pgettext("report", "Structure and quality"),
            caption=pgettext("report", "Table %(n)s. Structure, reorganisation and quality in %(year)s")
            % {"n": self.table_number(), "year": d.year},
            columns=(pgettext("report", "No."), pgettext("report", "Indicator"), str(d.year)),
            rows=tuple(rows), widths=(1, 9, 3), note=note,
        ))

    def target_phrase(self, t):
        """A target in running text: "about 300 cooperative groups"."""
        facts = {"op": comparator_word(t.op), "value": self.target_value_text(t.indicator, t.value)}
        if t.indicator == "tht.total":
            return pgettext("report", "%(op)s %(value)s cooperative groups") % facts
        if t.indicator == "htx.active":
            return pgettext("report", "%(op)s %(value)s operating cooperatives") % facts
        if t.indicator == "htx.total":
            return pgettext("report", "%(op)s %(value)s cooperatives") % facts
        if t.indicator == "grdp.share_pct":
            return pgettext("report", "a contribution of %(op)s %(value)s of GRDP") % facts
        return pgettext("report", "%(indicator)s: %(op)s %(value)s") % {**facts, "indicator": indicator_label(t.indicator)}

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
            self.heading(pgettext("report", "Plan targets"))
            self.para(pgettext("report", "No plan target is recorded for %(unit)s.") % {"unit": self.unit_place})
            return
        years = sorted({t.year for t in targets})
        self.heading(pgettext("report", "Progress towards the targets for %(years)s")
                     % {"years": self.join([str(y) for y in years])})
        for year in years:
            items = [self.target_phrase(t) for t in targets if t.year == year]
            self.para(pgettext("report", "Targets for %(year)s: %(list)s.") % {"year": year, "list": "; ".join(items)}, "bullet")
        on = sum(1 for t in targets if t.on_track)
        off = sum(1 for t in targets if t.on_track is False)
        unknown = len(targets) - on - off
        summary = [npgettext("report", "%(count)s target is on track", "%(count)s targets are on track", on)
                   % {"count": self.n(on)} if on else pgettext("report", "no target is on track")]
        if off:
            summary.append(npgettext("report", "%(count)s target is off track and needs faster progress",
                                    "%(count)s targets are off track and need faster progress", off)
                           % {"count": self.n(off)})
        if unknown:
            summary.append(npgettext("report", "%(count)s target cannot be projected for lack of data",
                                    "%(count)s targets cannot be projected for lack of data", unknown)
                           % {"count": self.n(unknown)})
        self.para(pgettext("report", "Projected from the trend of recent years, %(summary)s.") % {"summary": self.join(summary)})
        rows = []
        for k, t in enumerate(targets):
            verdict = {True: pgettext("report", "On track"), False: pgettext("report", "Off track"), None: pgettext("report", "Not enough data")}[t.on_track]
            rows.append((
                Cell(str(k + 1), k + 1), Cell(indicator_label(t.indicator)), Cell(str(t.year), t.year),
                Cell(f"{comparator_word(t.op)} {self.target_value_text(t.indicator, t.value)}"),
                self.target_cell(t.indicator, t.latest), self.target_cell(t.indicator, t.gap),
                self.target_cell(t.indicator, t.projection), Cell(verdict),
            ))
        sources = sorted({t.source for t in targets if t.source})
        note = pgettext("report", "Gap: what remains to reach the target. Projection: the value expected in the target year if the "
                 "trend of recent years continues.")
        if sources:
            note += " " + pgettext("report", "Sources: %(sources)s.") % {"sources": "; ".join(sources)}
        territories = sorted({t.territory for t in targets if t.territory})
        if territories:
            note += " " + pgettext("report", "Targets set for an earlier territory are judged on it (%(territories)s); "
                                   "the unit today: %(unit)s.") % {"territories": "; ".join(territories),
                                                                  "unit": d.unit_today or "–"}
        self.blocks.append(Table(
            key="targets", sheet=pgettext("report", "Targets"), caption=pgettext("report", "Table %(n)s. Plan targets and progress") % {"n": self.table_number()},
            columns=(pgettext("report", "No."), pgettext("report", "Indicator"), pgettext("report", "Year"), pgettext("report", "Target"), str(d.year), pgettext("report", "Gap"), pgettext("report", "Projection"),
                     pgettext("report", "Assessment")),
            rows=tuple(rows), widths=(1, 5, 2, 3, 2, 2, 2, 3), note=note,
        ))

    def breakdown(self):
        d = self.d
        if not d.children:
            return
        level_name = {2: pgettext("report", "district"), 3: pgettext("report", "commune")}.get(d.children_level, pgettext("report", "unit"))
        self.heading(pgettext("report", "Figures by %(level)s") % {"level": level_name})
        children = list(d.children)
        with_htx = sum(1 for c in children if c.values.get("htx.total"))
        top = max(children, key=lambda c: c.values.get("htx.total") or 0)
        self.para(pgettext("report", "Cooperatives exist in %(with)s of the %(all)s units; %(top)s has the most (%(count)s).")
                  % {"with": self.n(with_htx), "all": self.n(len(children)), "top": top.name,
                     "count": self.n(top.values.get("htx.total") or 0)}
                  if with_htx else pgettext("report", "No unit one level down has a cooperative."))
        codes = ("htx.total", "htx.active", "htx.not_operating", "htx.established", "htx.dissolved",
                 "members.total", "workers.total")
        rows = tuple(
            (Cell(str(k + 1), k + 1), Cell(c.name), *(self.int_cell(c.values.get(code) or 0) for code in codes))
            for k, c in enumerate(children)
        )
        total = (Cell(""), Cell(pgettext("report", "Total")), *(self.int_cell(d.values.get(code) or 0) for code in codes))
        self.blocks.append(Table(
            key="units", sheet=pgettext("report", "By unit"),
            caption=pgettext("report", "Table %(n)s. Cooperatives by %(level)s as of %(date)s")
            % {"n": self.table_number(), "level": level_name, "date": self.day(d.date)},
            columns=(pgettext("report", "No."), pgettext("report", "Unit"), pgettext("report", "Cooperatives"), pgettext("report", "Operating"), pgettext("report", "Not operating"),
                     pgettext("report", "Established"), pgettext("report", "Dissolved"), pgettext("report", "Members"), pgettext("report", "Workers")),
            rows=rows, total=total, widths=(1, 5, 2, 2, 2, 2, 2, 2, 2),
            note=pgettext("report", "Established and dissolved: over the period from %(start)s. Members and workers: approved annual "
                   "reports for %(year)s.") % {"start": self.day(d.since), "year": d.year},
        ))
        with_coops = [c for c in children if c.values.get("htx.total")]
        # A chart of more than CHART_LIMIT bars is unreadable on A4: show the units with the most cooperatives.
        shown = sorted(with_coops, key=lambda c: -(c.values.get("htx.total") or 0))[:CHART_LIMIT]
        shown.sort(key=children.index)
        chart_rows = [(c.name, [c.values.get("htx.active") or 0, c.values.get("htx.not_operating") or 0])
                      for c in shown]
        if chart_rows:
            caption = pgettext("report", "Chart %(n)s. Cooperatives by %(level)s") % {
                "n": self.chart_number(), "level": level_name}
            if len(with_coops) > CHART_LIMIT:
                caption += " " + pgettext("report", "(the %(count)s units with the most cooperatives)") % {
                    "count": CHART_LIMIT}
            self.blocks.append(Chart(
                key="units", caption=caption,
                svg=charts.hbar_chart(chart_rows, [pgettext("report", "Operating"),
                                                   pgettext("report", "Not operating")], self.i),
            ))

    def quality(self):
        d = self.d
        self.heading(pgettext("report", "Notes on data quality"))
        findings = [f for f in d.quality if f.count]
        unclassified = (d.value("htx.by_sector", {}) or {}).get("unclassified", 0)
        # The cooperatives without a sector are stated from the sector breakdown itself; the engine's
        # findings on the same set are kept only when they say more (other kinds, other counts).
        findings = [f for f in findings
                    if not (f.code in ("sector.unclassified", "breakdown.incomplete") and f.count == unclassified)]
        if unclassified:
            findings.insert(0, _finding("htx.unclassified", unclassified))
        if not findings:
            self.para(pgettext("report", "No data-quality problem was found for this unit and year."))
            return
        for f in findings:
            self.para("- " + quality_text(f, self), "bullet")
        self.para(pgettext("report", "The units concerned are asked to complete these records; the figures above will change "
                    "accordingly."), "note")

    def annex(self):
        """Key indicators as one table: the spreadsheet's first sheet, the report's appendix."""
        d = self.d
        v = d.values
        specs = [
            ("htx.total", pgettext("report", "Cooperatives existing"), pgettext("report", "cooperatives"), "int"),
            ("htx.active", pgettext("report", "of which operating"), pgettext("report", "cooperatives"), "int"),
            ("htx.not_operating", pgettext("report", "of which not operating"), pgettext("report", "cooperatives"), "int"),
            ("lhhtx.total", pgettext("report", "Unions of cooperatives"), pgettext("report", "unions"), "int"),
            ("tht.total", pgettext("report", "Cooperative groups"), pgettext("report", "groups"), "int"),
            ("qtdnd.total", pgettext("report", "People's credit funds"), pgettext("report", "funds"), "int"),
            ("htx.established", pgettext("report", "Cooperatives established in the period"), pgettext("report", "cooperatives"), "int"),
            ("lhhtx.established", pgettext("report", "Unions established in the period"), pgettext("report", "unions"), "int"),
            ("tht.established", pgettext("report", "Cooperative groups established in the period"), pgettext("report", "groups"), "int"),
            ("qtdnd.established", pgettext("report", "People's credit funds established in the period"), pgettext("report", "funds"), "int"),
            ("htx.dissolved", pgettext("report", "Cooperatives dissolved in the period"), pgettext("report", "cooperatives"), "int"),
            ("qtdnd.dissolved", pgettext("report", "People's credit funds dissolved in the period"), pgettext("report", "funds"), "int"),
            ("members.total", pgettext("report", "Members of cooperatives"), pgettext("report", "persons"), "int"),
            ("workers.total", pgettext("report", "Workers in cooperatives"), pgettext("report", "persons"), "int"),
            ("revenue.avg", pgettext("report", "Average revenue"), pgettext("report", "million VND per cooperative"), "money0"),
            ("revenue.avg_vs_baseline_pct", pgettext("report", "Average revenue against the baseline year"), "%", "pct"),
            ("income.avg", pgettext("report", "Average income"), pgettext("report", "million VND per person per year"), "money1"),
            ("income.avg_vs_baseline_ratio", pgettext("report", "Average income against the baseline year"), pgettext("report", "times"), "ratio"),
            ("grdp.share_pct", pgettext("report", "Share of GRDP"), "%", "pct"),
            ("reports.coverage_pct", pgettext("report", "Annual report coverage"), "%", "pct"),
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
            rows.append((Cell(str(k + 1), k + 1), Cell(label), cell, Cell(unit), Cell(breakable(code))))
        return [
            Heading(pgettext("report", "ANNEX: KEY INDICATORS"), level=0),
            Table(
                key="summary", sheet=pgettext("report", "Key indicators"),
                caption=pgettext("report", "Key indicators of %(unit)s as of %(date)s") % {"unit": self.unit_place,
                                                                          "date": self.day(d.date)},
                columns=(pgettext("report", "No."), pgettext("report", "Indicator"), pgettext("report", "Value"), pgettext("report", "Unit of measure"), pgettext("report", "Code")),
                rows=tuple(rows), widths=(1, 7, 2, 3, 5),
                note=pgettext("report", "Period from %(since)s to %(date)s; baseline year: %(baseline)s.")
                % {"since": self.day(d.since), "date": self.day(d.date), "baseline": d.baseline_year or "–"},
            ),
        ]

    def provenance(self):
        d = self.d
        generated = timezone.localtime(d.generated_at)  # TIME_ZONE: Asia/Ho_Chi_Minh
        return pgettext("report", "Data as of %(date)s (period from %(since)s%(baseline)s); generated at %(time)s on %(day)s by "
                 "hoptac %(version)s from the register and the approved annual reports.") % {
            "date": self.day(d.date), "since": self.day(d.since),
            "baseline": (pgettext("report", ", baseline year %(year)s") % {"year": d.baseline_year}) if d.baseline_year else "",
            "time": generated.strftime("%H:%M"), "day": self.day(generated.date()), "version": d.version,
        }


def _finding(code, count):
    return QualityFinding(code=code, count=count)


def quality_text(finding, b):
    """One data-quality finding as a sentence."""
    n = finding.count
    known = {
        "htx.unclassified": npgettext("report", 
            "%(count)s cooperative has no sector recorded; it is counted as unclassified above.",
            "%(count)s cooperatives have no sector recorded; they are counted as unclassified above.", n),
        "sector.unclassified": npgettext("report", "%(count)s organisation (of any kind) has no sector recorded.",
                                        "%(count)s organisations (of all kinds) have no sector recorded.", n),
        "report.missing": npgettext("report", "%(count)s cooperative or union has no approved annual report for the year.",
                                   "%(count)s cooperatives or unions have no approved annual report for the year.",
                                   n),
        "report.stale": npgettext("report", 
            "%(count)s operating cooperative or union has sent no annual report for three years.",
            "%(count)s operating cooperatives or unions have sent no annual report for three years.", n),
        "name.duplicate": npgettext("report", "%(count)s organisation shares its name with another in the same unit.",
                                   "%(count)s organisations share their name with another in the same unit.", n),
        "breakdown.incomplete": npgettext("report", 
            "%(count)s cooperative is missing from the breakdown by sector.",
            "%(count)s cooperatives are missing from the breakdown by sector.", n),
        # SPEC §2 v2
        "suspension.lapsed": npgettext("report",
            "%(count)s organisation's suspension has ended without renewal or resumption; please check whether it operates.",
            "%(count)s organisations' suspensions have ended without renewal or resumption; please check whether they operate.", n),
        "members.below_minimum": npgettext("report",
            "%(count)s cooperative has fewer official members than the legal minimum.",
            "%(count)s cooperatives have fewer official members than the legal minimum.", n),
        "merged.unknown_form": npgettext("report",
            "%(count)s organisation ended by a merger whose form (consolidation or absorption) is not recorded.",
            "%(count)s organisations ended by a merger whose form (consolidation or absorption) is not recorded.", n),
        "location.district_only": npgettext("report",
            "%(count)s organisation is located only to a district or the province, not to a commune.",
            "%(count)s organisations are located only to a district or the province, not to a commune.", n),
        "sector.proposed": npgettext("report",
            "%(count)s unclassified organisation has a main line of business from which a sector is proposed.",
            "%(count)s unclassified organisations have a main line of business from which a sector is proposed.", n),
    }
    if finding.code.startswith("report.outlier."):
        field_name = {"members": pgettext("report", "members"), "workers": pgettext("report", "workers"), "revenue": pgettext("report", "revenue"),
                      "income": pgettext("report", "income")}.get(finding.code.rsplit(".", 1)[1], finding.code)
        return npgettext("report", "%(count)s annual report gives %(field)s far outside its peers'; please check it.",
                        "%(count)s annual reports give %(field)s far outside their peers'; please check them.",
                        n) % {"count": b.n(n), "field": field_name}
    if finding.code in known:
        return known[finding.code] % {"count": b.n(n)}
    text = finding.detail or finding.code
    return npgettext("report", "%(text)s: %(count)s organisation.", "%(text)s: %(count)s organisations.", n) % {
        "text": text, "count": b.n(n)}
