import secrets

from django.db import migrations, models


def first_stamp(apps, schema_editor):
    apps.get_model("indicators", "RegisterStamp").objects.using(schema_editor.connection.alias).get_or_create(
        id=1, defaults={"n": 0, "token": secrets.token_hex(16)})


class Migration(migrations.Migration):
    """The register's change stamp (``indicators.answers``); its triggers are installed after
    every migrate by a ``post_migrate`` handler."""

    dependencies = [
        ("indicators", "0002_year_end_v2"),
        ("registry", "0006_vintages"),
        ("geo", "0002_load_units"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("n", models.BigIntegerField(default=0)),
                ("token", models.CharField(max_length=40)),
            ],
        ),
        migrations.AddField(
            model_name="summaryversion",
            name="stamp",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(first_stamp, migrations.RunPython.noop),
    ]
