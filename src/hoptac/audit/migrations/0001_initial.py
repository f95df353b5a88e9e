# The audit trail moves from accounts to its own app: the table and its rows
# stay where they are (accounts_auditentry); only Django's state changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_auditentry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                        ('action', models.CharField(db_index=True, max_length=80, verbose_name='action')),
                        ('actor_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='user id')),
                        ('actor', models.CharField(blank=True, max_length=150, verbose_name='user')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                        ('object_type', models.CharField(blank=True, max_length=60, verbose_name='object type')),
                        ('object_id', models.CharField(blank=True, max_length=64, verbose_name='object id')),
                        ('object_repr', models.CharField(blank=True, max_length=255, verbose_name='object')),
                        ('before', models.JSONField(blank=True, null=True, verbose_name='before')),
                        ('after', models.JSONField(blank=True, null=True, verbose_name='after')),
                        ('path', models.CharField(blank=True, max_length=255, verbose_name='path')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                    ],
                    options={
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit trail',
                        'ordering': ['-at', '-id'],
                        'db_table': 'accounts_auditentry',
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='accounts_audit_object')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
