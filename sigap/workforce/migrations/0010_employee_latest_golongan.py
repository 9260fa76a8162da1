"""Employee.latest_golongan: the latest rank's golongan kept on the row (decision 0012),
filled from the rank history for every existing employee."""

from django.conf import settings
from django.db import migrations, models

# The same rule as records.refresh_latest_golongan, in SQL both databases accept: a
# migration must not call live code that may change later.
FILL = """
UPDATE workforce_employee SET latest_golongan = COALESCE((
    SELECT r.golongan FROM workforce_rankhistory r
    WHERE r.employee_id = workforce_employee.id
    ORDER BY r.tmt DESC LIMIT 1
), '')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0002_field_labels'),
        ('workforce', '0009_assignment_notes_as_codes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='employee',
            name='latest_golongan',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=5, verbose_name='golongan saat ini'),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
        migrations.AddIndex(
            model_name='employee',
            index=models.Index(fields=['agency', 'latest_golongan', 'full_name', 'id'], name='employee_golongan'),
        ),
        # Planner statistics for the filled column: with the old ones (every row "") the
        # PostgreSQL province demo expected 301 people of III/c instead of 7,380 and sorted
        # them all instead of walking the name index (25 ms against 10 ms).
        migrations.RunSQL(
            "ANALYZE workforce_employee", reverse_sql=migrations.RunSQL.noop, elidable=True
        ),
    ]
