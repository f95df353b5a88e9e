"""Wagtail's own migrations create a root page "Root" and a workflow "Moderators approval";
officers read them in the back office, so they get Vietnamese names (only while they still
have Wagtail's defaults: a renamed one is left alone)."""

from django.db import migrations

NAMES = {"Root": "Gốc", "Moderators approval": "Duyệt của nhóm kiểm duyệt"}


def vietnamese(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=NAMES["Root"], draft_title=NAMES["Root"])
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name="Moderators approval").update(
            name=NAMES["Moderators approval"])


def english(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=NAMES["Root"]).update(title="Root", draft_title="Root")
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=NAMES["Moderators approval"]).update(
            name="Moderators approval")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_pages_settings_visits"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(vietnamese, english)]
