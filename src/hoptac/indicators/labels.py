"""Labels of the indicators, sectors and kinds, in English with a Vietnamese catalogue.

Message contexts (``pgettext``) keep these from clashing with the same English
words in other apps' catalogues.
"""

from django.utils.translation import override, pgettext_lazy

from hoptac.registry.models import UNCLASSIFIED

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

SECTOR_LABELS = {
    "agriculture": pgettext_lazy("sector", "agriculture"),
    "industry": pgettext_lazy("sector", "industry and handicrafts"),
    "construction": pgettext_lazy("sector", "construction"),
    "trade": pgettext_lazy("sector", "trade, markets and services"),
    "transport": pgettext_lazy("sector", "transport"),
    "credit": pgettext_lazy("sector", "credit"),
    "environment": pgettext_lazy("sector", "environment, clean water, rural power"),
    "housing": pgettext_lazy("sector", "housing"),
    "other": pgettext_lazy("sector", "other"),
    UNCLASSIFIED: pgettext_lazy("sector", "unclassified"),
}

KIND_LABELS = {
    "htx": pgettext_lazy("kind", "cooperative"),
    "lhhtx": pgettext_lazy("kind", "union of cooperatives"),
    "tht": pgettext_lazy("kind", "cooperative group"),
    "qtdnd": pgettext_lazy("kind", "people's credit fund"),
}

STATUS_LABELS = {
    "active": pgettext_lazy("status", "active"),
    "suspended": pgettext_lazy("status", "suspended"),
    "stopped": pgettext_lazy("status", "stopped, awaiting dissolution"),
    "dissolved": pgettext_lazy("status", "dissolved"),
    "converted": pgettext_lazy("status", "converted"),
    "merged": pgettext_lazy("status", "merged"),
    "bankrupt": pgettext_lazy("status", "bankrupt"),
    "revoked": pgettext_lazy("status", "certificate revoked"),
    "consolidated": pgettext_lazy("status", "consolidated"),
    "absorbed": pgettext_lazy("status", "absorbed"),
    "divided": pgettext_lazy("status", "divided"),
}


def label(code, lang=None):
    """The label of an indicator code, including ``htx.by_sector.<sector>``."""
    def text():
        if code in INDICATOR_LABELS:
            return str(INDICATOR_LABELS[code])
        prefix, _, sector = code.rpartition(".")
        if prefix == "htx.by_sector" and sector in SECTOR_LABELS:
            return f"{INDICATOR_LABELS['htx.by_sector']}: {SECTOR_LABELS[sector]}"
        return code

    if lang is None:
        return text()
    with override(lang):
        return text()


def sector_label(sector, lang=None):
    key = sector or UNCLASSIFIED
    with override(lang):
        return str(SECTOR_LABELS.get(key, key))
