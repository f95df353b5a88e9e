from django.db import migrations


def create_home(apps, schema_editor):
    """Replace Wagtail's welcome page with the portal home as the site root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("portal", "HomePage")

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    locale = Locale.objects.order_by("pk").first()
    Page.objects.filter(depth=2, slug="home").delete()
    home = HomePage.objects.create(
        title="Cổng thông tin kinh tế tập thể",
        draft_title="Cổng thông tin kinh tế tập thể",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="",
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page_id=home.id, is_default_site=True, site_name="hoptac")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
