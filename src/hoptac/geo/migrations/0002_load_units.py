from django.db import migrations


def load(apps, schema_editor):
    from hoptac.geo.loader import load_units

    load_units(
        apps.get_model("geo", "Unit"),
        apps.get_model("geo", "Crosswalk"),
        apps.get_model("geo", "UnitClosure"),
        using=schema_editor.connection.alias,
    )


def unload(apps, schema_editor):
    for name in ("UnitClosure", "Crosswalk", "Unit"):
        apps.get_model("geo", name).objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
