"""The portal's page types, its site settings and the visitor counter tables."""

from hoptac.portal.models.boundaries import Boundary
from hoptac.portal.models.data_pages import DirectoryPage, DocumentsPage, StatisticsPage
from hoptac.portal.models.home import HomePage
from hoptac.portal.models.news import ArticlePage, ArticlePageTag, NewsIndexPage
from hoptac.portal.models.site import PortalSettings
from hoptac.portal.visits import OnlineVisitor, VisitorDay

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "Boundary",
    "DirectoryPage",
    "DocumentsPage",
    "HomePage",
    "NewsIndexPage",
    "OnlineVisitor",
    "PortalSettings",
    "StatisticsPage",
    "VisitorDay",
]
