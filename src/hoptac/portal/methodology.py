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
         p("methodology", "Cooperatives that exist on the date: established on or before it, not yet ended by a "
                          "dissolution, bankruptcy, conversion, consolidation, absorption, division or merger, and "
                          "not holding a revoked certificate on that day.")),
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
        ("reports.on_time_pct", p("methodology", "Annual reports received on time"),
         p("methodology", "Of the cooperatives and unions existing on 31 December of the year, the share whose "
                          "report was first sent before the end of the deadline day (Việt Nam time) set by the "
                          "Department. Later corrections do not change it. Without a deadline for the year there is "
                          "no figure.")),
    ]),
    (p("methodology", "Exits and reorganisations (Law on Cooperatives 2023)"), [
        ("htx.formed_by_reorganisation", p("methodology", "Formed by reorganisation"),
         p("methodology", "Cooperatives that came into being in the period from a consolidation, division or "
                          "separation of others. They are not counted among the newly established.")),
        ("htx.bankrupt", p("methodology", "Bankrupt and revoked"),
         p("methodology", "Cooperatives declared bankrupt by a court, and cooperatives whose registration "
                          "certificate was revoked, in the period. A cooperative with a revoked certificate is not "
                          "counted as existing unless it is reinstated.")),
        ("htx.reorganised", p("methodology", "Ended by reorganisation"),
         p("methodology", "Cooperatives that ceased in the period because they were consolidated into a new one, "
                          "absorbed by another or divided into several.")),
        ("htx.converted_from_tht", p("methodology", "Cooperative groups that became cooperatives"),
         p("methodology", "Cooperative groups converted into a cooperative in the period; the new cooperatives are "
                          "also among those newly established.")),
        ("htx.total_incl_qtdnd", p("methodology", "Cooperatives including credit funds"),
         p("methodology", "Cooperatives plus people's credit funds, the way national statistics count them.")),
    ]),
    (p("methodology", "Quality of development (Resolution 20-NQ/TW)"), [
        ("htx.good_fair_pct", p("methodology", "Rated good or fair"),
         p("methodology", "Of the cooperatives the Department rated for the year, the share rated good or fair.")),
        ("htx.value_chain_pct", p("methodology", "In value chains"),
         p("methodology", "Of the cooperatives that answered the question in their report, the share taking part "
                          "in a value-chain linkage; also shown for the good and fair ones alone.")),
        ("htx.high_tech", p("methodology", "Using high technology"),
         p("methodology", "The number of cooperatives whose report says they apply high technology.")),
        ("managers.college_pct", p("methodology", "Managers with a degree"),
         p("methodology", "Managers holding a college or university degree as a share of all managers, over the "
                          "reports that give both numbers.")),
        ("revenue.with_members_pct", p("methodology", "Revenue from members"),
         p("methodology", "The part of revenue earned from providing goods and services to members, over the "
                          "reports that give both figures.")),
        ("population.share_pct", p("methodology", "Members in the population"),
         p("methodology", "Members of cooperatives, cooperative groups and credit funds as a percentage of the "
                          "population; an upper bound, since one person may belong to two organisations.")),
    ]),
    (p("methodology", "Territory"), [
        ("territory_of", p("methodology", "Territory basis"),
         p("methodology", "Since 1 July 2025 several units cover a different area. A figure can be computed on the "
                          "area a unit covered on another day, for example old Hải Phòng before it joined Hải "
                          "Dương, so that a trend compares like with like; a series marks the first year after the "
                          "area changed.")),
    ]),
]
