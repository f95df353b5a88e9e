"""The portal's page tree: home, news, statistics, directory, reports and documents."""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from wagtail.models import Page, Site

from hoptac.portal.models import DirectoryPage, DocumentsPage, HomePage, NewsIndexPage, StatisticsPage

SECTIONS = [
    (NewsIndexPage, "tin-tuc", "Tin tức",
     "Tin hoạt động của khu vực kinh tế tập thể, hợp tác xã trên địa bàn."),
    (StatisticsPage, "thong-ke", "Thống kê kinh tế tập thể",
     "Số liệu hợp tác xã theo đơn vị hành chính và thời điểm, tính trực tiếp từ sổ đăng ký."),
    (DirectoryPage, "hop-tac-xa", "Danh bạ hợp tác xã",
     "Tra cứu hợp tác xã, liên hiệp hợp tác xã, tổ hợp tác và quỹ tín dụng nhân dân."),
    (DocumentsPage, "van-ban", "Báo cáo và văn bản",
     "Các báo cáo tổng kết đã công bố và văn bản chỉ đạo về kinh tế tập thể."),
]


@transaction.atomic
def ensure_portal_pages():
    """Create whatever is missing of the page tree; never touches existing pages.

    Returns the home page. Safe to call on every start of the demo.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Cổng thông tin kinh tế tập thể", slug="home"))
        if not Site.objects.exists():
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="hoptac")
    for model, slug, title, intro in SECTIONS:
        if model.objects.child_of(home).exists():
            continue
        if home.get_children().filter(slug=slug).exists():
            continue  # an editor used the slug for another page; leave it alone
        page = home.add_child(instance=model(title=title, slug=slug, intro=intro))
        page.save_revision().publish()
    return home


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After every ``migrate``: a new installation gets its portal sections without
    anyone making pages by hand; an existing one gets only those missing."""
    if using != DEFAULT_DB_ALIAS or "wagtailcore_page" not in connections[using].introspection.table_names():
        return
    if Page.get_first_root_node() is None:
        return  # an emptied database (a flush): nothing to hang the sections on
    ensure_portal_pages()
