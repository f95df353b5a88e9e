"""Labels of the indicators, in English with a Vietnamese catalogue.

The message context "indicator" keeps these from clashing with the same English
words in other apps' catalogues. Kinds, sectors and statuses are named by
:mod:`hoptac.registry.vocabulary`.
"""

from django.utils.translation import override, pgettext_lazy

from hoptac.registry import vocabulary

INDICATOR_LABELS = {
    "htx.total": pgettext_lazy("indicator", "Cooperatives"),
    "htx.active": pgettext_lazy("indicator", "Cooperatives in operation"),
    "htx.not_operating": pgettext_lazy("indicator", "Cooperatives not operating"),
    "htx.by_sector": pgettext_lazy("indicator", "Cooperatives by sector"),
    "htx.established": pgettext_lazy("indicator", "Cooperatives established"),
    "lhhtx.established": pgettext_lazy("indicator", "Unions of cooperatives established"),
    "tht.established": pgettext_lazy("indicator", "Cooperative groups established"),
    "qtdnd.established": pgettext_lazy("indicator", "People's credit funds established"),
    "htx.dissolved": pgettext_lazy("indicator", "Cooperatives dissolved"),
    "qtdnd.dissolved": pgettext_lazy("indicator", "People's credit funds dissolved"),
    "lhhtx.total": pgettext_lazy("indicator", "Unions of cooperatives"),
    "tht.total": pgettext_lazy("indicator", "Cooperative groups"),
    "qtdnd.total": pgettext_lazy("indicator", "People's credit funds"),
    "members.total": pgettext_lazy("indicator", "Members of cooperatives"),
    "workers.total": pgettext_lazy("indicator", "Workers in cooperatives"),
    "revenue.avg": pgettext_lazy("indicator", "Average revenue per cooperative (million VND)"),
    "revenue.avg_vs_baseline_pct": pgettext_lazy("indicator", "Average revenue against the baseline year (%)"),
    "income.avg": pgettext_lazy("indicator", "Average income per worker (million VND per year)"),
    "income.avg_vs_baseline_ratio": pgettext_lazy("indicator", "Average income against the baseline year (times)"),
    "grdp.share_pct": pgettext_lazy("indicator", "Share of GRDP (%)"),
    "reports.coverage_pct": pgettext_lazy("indicator", "Annual reports received (%)"),
    "reports.on_time_pct": pgettext_lazy("indicator", "Annual reports received on time (%)"),
    # v2 (SPEC §3 v2)
    "htx.formed_by_reorganisation": pgettext_lazy("indicator", "Cooperatives formed by reorganisation"),
    "htx.bankrupt": pgettext_lazy("indicator", "Cooperatives declared bankrupt"),
    "htx.revoked": pgettext_lazy("indicator", "Cooperatives whose certificate was revoked"),
    "htx.reorganised": pgettext_lazy("indicator", "Cooperatives ended by reorganisation"),
    "htx.converted_from_tht": pgettext_lazy("indicator", "Cooperative groups converted into cooperatives"),
    "htx.total_incl_qtdnd": pgettext_lazy("indicator", "Cooperatives including people's credit funds"),
    "htx.agriculture": pgettext_lazy("indicator", "Agricultural cooperatives"),
    "htx.non_agriculture": pgettext_lazy("indicator", "Non-agricultural cooperatives"),
    "members.official": pgettext_lazy("indicator", "Official members"),
    "members.joined": pgettext_lazy("indicator", "Members who joined in the year"),
    "members.left": pgettext_lazy("indicator", "Members who left in the year"),
    "workers.regular": pgettext_lazy("indicator", "Regular workers"),
    "workers.members": pgettext_lazy("indicator", "Regular workers who are members"),
    "tht.members": pgettext_lazy("indicator", "Members of cooperative groups"),
    "lhhtx.member_htx": pgettext_lazy("indicator", "Member cooperatives of unions"),
    "profit.avg": pgettext_lazy("indicator", "Average profit per cooperative (million VND)"),
    "revenue.with_members_pct": pgettext_lazy("indicator", "Share of revenue made with members (%)"),
    "htx.good_fair_pct": pgettext_lazy("indicator", "Cooperatives rated good or fair (%)"),
    "htx.value_chain_pct": pgettext_lazy("indicator", "Cooperatives in value-chain linkages (%)"),
    "htx.value_chain_of_good_fair_pct": pgettext_lazy(
        "indicator", "Good and fair cooperatives in value-chain linkages (%)"),
    "htx.high_tech": pgettext_lazy("indicator", "Cooperatives applying high technology"),
    "managers.college_pct": pgettext_lazy("indicator", "Managers with a college or university degree (%)"),
    "population.share_pct": pgettext_lazy("indicator", "Members against the population (%)"),
    "grdp.share_source": pgettext_lazy("indicator", "Source of the GRDP share"),
}

SHARE_SOURCE_LABELS = {
    "official": pgettext_lazy("share source", "official figure"),
    "estimate": pgettext_lazy("share source", "estimate"),
}


def label(code, lang=None):
    """The label of an indicator code, including ``htx.by_sector.<sector>``."""
    def text():
        if code in INDICATOR_LABELS:
            return str(INDICATOR_LABELS[code])
        prefix, _, sector = code.rpartition(".")
        if prefix == "htx.by_sector" and sector in vocabulary.SECTORS:
            return f"{INDICATOR_LABELS['htx.by_sector']}: {vocabulary.SECTORS[sector]}"
        return code

    if lang is None:
        return text()
    with override(lang):
        return text()
