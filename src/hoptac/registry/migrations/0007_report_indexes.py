import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The single-column indexes of annual reports that no query uses (each slows the bulk load): Django names them the same
# on SQLite and PostgreSQL. Dropped by name, so that SQLite does not rebuild the table six times.
INDEXES = (
    ("registry_annualreport_approved_by_id_1e4ffb5a", "approved_by_id"),
    ("registry_annualreport_created_by_id_44c3a4e1", "created_by_id"),
    ("registry_annualreport_returned_by_id_cdffa796", "returned_by_id"),
    ("registry_annualreport_submitted_by_id_0af004d6", "submitted_by_id"),
    ("registry_annualreport_verified_by_id_c1d0e57d", "verified_by_id"),
    ("registry_annualreport_organization_id_d42e1ff8", "organization_id"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_vintages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  reverse_sql=f'CREATE INDEX "{name}" ON "registry_annualreport" ("{column}")')
                for name, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='annualreport',
                    name='approved_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='annualreport',
                    name='created_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='annualreport',
                    name='organization',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='annual_reports', to='registry.organization'),
                ),
                migrations.AlterField(
                    model_name='annualreport',
                    name='returned_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='annualreport',
                    name='submitted_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='annualreport',
                    name='verified_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
