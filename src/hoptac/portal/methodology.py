"""The methodology page: what each indicator of SPEC §3 counts, in plain words.

Definitions are written for readers of the portal, not copied from the
specification; the engine (``hoptac.indicators.engine``) is the reference.
"""

from django.utils.translation import pgettext_lazy as p

GENERAL = [
    p("methodology", "Every figure is computed from the register of organisations and the approved annual reports, "
                     "for a unit and a date. An organisation counts in a unit when it is recorded in that unit or in "
                     "a unit under it on the date concerned; after the reorganisation of 1 July 2025, organisations "
                     "recorded in former districts and communes count in the new unit they went into, once only."),
    p("methodology", "A series gives the same figure on 31 December of each year. Counts of establishments and "
                     "dissolutions cover a period, from 1 January of the year unless another start is chosen."),
    p("methodology", "Figures from annual reports use only the approved report of each organisation for the year. "
                     "When no report for the year has been approved yet, the page says “no data yet” rather than "
                     "showing a zero. Averages and shares are rounded only for display."),
]

# (group title, [(code, title, definition)])
GROUPS = [
    (p("methodology", "Organisations in the register"), [
        ("htx.total", p("methodology", "Cooperatives"),
         p("methodology", "Cooperatives that exist on the date: established on or before it and not dissolved, "
                          "converted or merged by then.")),
        ("htx.active", p("methodology", "Cooperatives in operation"),
         p("methodology", "Of those, the ones whose status on the date is “operating”.")),
        ("htx.not_operating", p("methodology", "Cooperatives not operating"),
         p("methodology", "Of those, the ones suspended or stopped and awaiting dissolution on the date.")),
        ("htx.by_sector", p("methodology", "Cooperatives by sector"),
         p("methodology", "The cooperatives that exist, split by the sector recorded on the date; those without a "
                          "sector are shown as unclassified.")),
        ("lhhtx.total", p("methodology", "Unions, cooperative groups and credit funds"),
         p("methodology", "The same count as for cooperatives, for unions of cooperatives, cooperative groups and "
                          "people's credit funds.")),
    ]),
    (p("methodology", "Changes in the period"), [
        ("htx.established", p("methodology", "Newly established"),
         p("methodology", "Organisations of each kind whose establishment falls in the period, counted in the unit "
                          "where they were established. Organisations born of a reorganisation are counted "
                          "separately.")),
        ("htx.dissolved", p("methodology", "Dissolved"),
         p("methodology", "Cooperatives and credit funds dissolved in the period. A conversion or a merger is not a "
                          "dissolution.")),
    ]),
    (p("methodology", "From annual reports"), [
        ("members.total", p("methodology", "Members and workers"),
         p("methodology", "The sum of members, and of workers, over the approved reports of the year of the "
                          "cooperatives in the unit.")),
        ("revenue.avg", p("methodology", "Average revenue"),
         p("methodology", "Total revenue divided by the number of reports that give a revenue, over cooperatives "
                          "and unions; compared with the baseline year as a percentage.")),
        ("income.avg", p("methodology", "Average income of a worker"),
         p("methodology", "Income per worker weighted by the number of workers of each organisation, so that a "
                          "large cooperative weighs more than a small one; compared with the baseline year as a "
                          "ratio.")),
        ("grdp.share_pct", p("methodology", "Share in GRDP"),
         p("methodology", "Value added of all organisations of the unit as a percentage of the unit's gross "
                          "regional domestic product for the year; the official share is used when one is "
                          "recorded, otherwise the estimate.")),
        ("reports.coverage_pct", p("methodology", "Annual reports received"),
         p("methodology", "Reports received for the year as a percentage of the cooperatives and unions existing on "
                          "31 December of that year.")),
    ]),
]
