from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('accounts', '0004_auditentry_moved'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='channel',
            field=models.CharField(blank=True, choices=[('back_office', 'back office'), ('api', 'API'), ('import', 'import'), ('upload', 'upload'), ('command', 'command')], max_length=20, verbose_name='channel'),
        ),
    ]
