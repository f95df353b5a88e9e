"""The portal's page tree: a home page under the root, its four sections, articles only under the news index."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from hoptac.portal.models import ArticlePage, DirectoryPage, DocumentsPage, HomePage, NewsIndexPage, StatisticsPage

SECTIONS = {NewsIndexPage, StatisticsPage, DirectoryPage, DocumentsPage}


class PageTreeTests(WagtailPageTestCase):
    def test_the_home_page_sits_under_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, SECTIONS)
        self.assertCanCreateAt(Page, HomePage)

    def test_each_section_sits_only_under_the_home_page(self):
        for section in SECTIONS:
            self.assertAllowedParentPageTypes(section, {HomePage})
            self.assertCanCreateAt(HomePage, section)
            self.assertCanNotCreateAt(Page, section)
            self.assertCanNotCreateAt(section, HomePage)

    def test_articles_go_only_under_the_news_index_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(ArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        for page in (StatisticsPage, DirectoryPage, DocumentsPage):
            self.assertAllowedSubpageTypes(page, set())
            self.assertCanNotCreateAt(page, ArticlePage)
