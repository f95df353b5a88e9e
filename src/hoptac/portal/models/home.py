from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import Page

from hoptac.portal import charts, selectors
from hoptac.portal.statistics import SERIES_CODES, label
from hoptac.portal.models.base import CachedPage
from hoptac.portal.models.news import ArticlePage
from hoptac.portal.models.site import PortalSettings


class HomePage(CachedPage, Page):
    """The portal's home page: key figures of today, their trend and the latest news."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.NewsIndexPage", "portal.StatisticsPage", "portal.DirectoryPage", "portal.DocumentsPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = selectors.home_figures(PortalSettings.for_request(request).province_code)
        context["data_date"] = selectors.data_date()
        figures = context["figures"]
        if figures and figures["trend"]:
            rows = figures["trend"]
            figures["chart"] = charts.line_chart(
                gettext("Cooperatives on 31 December, %(first)s–%(last)s") % {"first": rows[0][0], "last": rows[-1][0]},
                [year for year, _v in rows],
                [(label(code, standalone=True), [v.get(code) for _y, v in rows]) for code in SERIES_CODES],
                desc=gettext("Line chart of the number of cooperatives, active and not operating."),
            )
        context["latest_news"] = (
            ArticlePage.objects.live().public().select_related("feed_image").order_by("-date", "-pk")[:4]
        )
        return context
