from django.db import migrations, models


class Migration(migrations.Migration):
    """The stamp noted with the year-end aggregates (``indicators.answers``). The stamp's own table and
    its triggers are not models: a ``post_migrate`` handler installs them after every migrate."""

    dependencies = [
        ("indicators", "0002_year_end_v2"),
    ]

    operations = [
        migrations.AddField(
            model_name="summaryversion",
            name="stamp",
            field=models.CharField(blank=True, db_default="", max_length=40),
        ),
    ]
