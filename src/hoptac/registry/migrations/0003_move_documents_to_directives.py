"""v1's flat documents and commendations now live in ``directives`` (Document, Award);
``directives`` 0002 copied their rows before these tables go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_reporting_windows'),
        ('directives', '0002_move_registry_records'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='policydocument',
            name='unit',
        ),
        migrations.DeleteModel(
            name='Commendation',
        ),
        migrations.DeleteModel(
            name='PolicyDocument',
        ),
    ]
