# Issue 7: indexes for the ASN list's filters at province scale (bench.asn_list).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0002_employee_departures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="competencyassessment",
            index=models.Index(
                fields=["competency", "level", "employee"], name="assessment_competency_level"
            ),
        ),
        migrations.AddIndex(
            model_name="education",
            index=models.Index(fields=["field_group", "employee"], name="education_field_employee"),
        ),
        migrations.AddIndex(
            model_name="rankhistory",
            index=models.Index(fields=["golongan", "employee"], name="rank_golongan_employee"),
        ),
    ]
