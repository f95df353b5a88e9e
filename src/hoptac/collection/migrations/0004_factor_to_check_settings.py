from django.db import migrations


def keep_factor(apps, schema_editor):
    """The Department's year-on-year factor moves to the two year-on-year checks' settings."""
    CollectionSettings = apps.get_model("collection", "CollectionSettings")
    CheckSetting = apps.get_model("registry", "CheckSetting")
    old = CollectionSettings.objects.first()
    if old is not None and old.change_factor is not None:
        CheckSetting.objects.filter(code__in=("revenue_change", "members_change")).update(factor=old.change_factor)


class Migration(migrations.Migration):

    dependencies = [
        ('collection', '0003_upload_staged'),
        ('registry', '0008_check_settings'),
    ]

    operations = [
        migrations.RunPython(keep_factor, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='CollectionSettings',
        ),
    ]
