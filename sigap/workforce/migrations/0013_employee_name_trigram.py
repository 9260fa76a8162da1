"""A trigram index on the upper-cased name, on PostgreSQL only.

The list's name search is ``full_name__icontains`` (``UPPER(full_name) LIKE '%X%'``).
Without statistics on that expression the planner guessed 0.2 % of the agency for any
word; for a common one ("A.Md.", in 13,000 of 60,000 names) it read the whole table and
sorted the matches (27 ms) instead of walking the name index to the first 51 (0.7 ms).
The index gives ANALYZE the expression's statistics and reads rare words by trigram.
SQLite has neither: it walks the name index as it always did.

It also gives every existing agency its first registry stamp: under stamp 0 ("never
changed") the list reuses no option list or policy (bulk writers may have written
before it), and a pemda whose registry nobody edits after the upgrade would stay there.
"""

import secrets

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "workforce_employee_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON workforce_employee "
        "USING gin (upper(full_name::text) gin_trgm_ops)"
    )
    # The expression's statistics are gathered by ANALYZE, not by creating the index.
    schema_editor.execute("ANALYZE workforce_employee")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def first_stamps(apps, schema_editor):
    Agency = apps.get_model("tenancy", "Agency")
    RegistryStamp = apps.get_model("workforce", "RegistryStamp")
    have = set(RegistryStamp._base_manager.values_list("agency_id", flat=True))
    RegistryStamp._base_manager.bulk_create(
        RegistryStamp(agency_id=pk, version=secrets.randbelow(2**62 - 1) + 1)
        for pk in Agency._base_manager.values_list("pk", flat=True)
        if pk not in have
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0012_registry_stamp"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(first_stamps, migrations.RunPython.noop),
    ]
