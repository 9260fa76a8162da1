"""Stakeholder claims behind comments, and where each comment sat in each version.

Comments already written get the claim their declaration implies (an ASN found in the
ASN registry verified, every other organised group declared) and two placements: the
passage as written (located in the section it was written on) and, when a later
version exists, where the comment sits in the latest one. Placements of versions in
between were never recorded and are not invented."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Comment = apps.get_model("consultations", "Comment")
    Stakeholder = apps.get_model("consultations", "Stakeholder")
    Placement = apps.get_model("consultations", "CommentPlacement")
    DraftVersion = apps.get_model("consultations", "DraftVersion")
    Employee = apps.get_model("workforce", "Employee")
    claims: dict = {}
    for c in Comment._base_manager.exclude(group="citizen").order_by("pk").iterator():
        organisation = "" if c.group == "asn" else c.organisation.strip()[:150]
        key = (c.agency_id, c.author_id, c.group, organisation.casefold())
        if key not in claims:
            registered = (
                c.group == "asn"
                and Employee._base_manager.filter(
                    agency_id=c.agency_id, user_id=c.author_id, status="active"
                ).exists()
            )
            claims[key] = Stakeholder._base_manager.create(
                agency_id=c.agency_id,
                user_id=c.author_id,
                group=c.group,
                organisation=organisation,
                status="verified" if registered else "declared",
                by_registry=registered,
            ).pk
        Comment._base_manager.filter(pk=c.pk).update(stakeholder_id=claims[key])
    latest: dict = {}
    for v in DraftVersion._base_manager.order_by("consultation_id", "number"):
        latest[v.consultation_id] = v.pk
    rows = []
    comments = Comment._base_manager.select_related("written_section").order_by("pk")
    for c in comments.iterator():
        written = c.written_section
        at = written.body.find(c.original_quote) if c.original_quote else -1
        rows.append(
            Placement(
                agency_id=c.agency_id,
                comment_id=c.pk,
                version_id=c.written_on_id,
                section_id=written.pk,
                section_key=written.key,
                quote=c.original_quote if at >= 0 else "",
                start=at if at >= 0 else None,
                end=at + len(c.original_quote) if at >= 0 else None,
                anchor="anchored" if at >= 0 else "section",
            )
        )
        if latest.get(c.consultation_id, c.written_on_id) != c.written_on_id:
            rows.append(
                Placement(
                    agency_id=c.agency_id,
                    comment_id=c.pk,
                    version_id=latest[c.consultation_id],
                    section_id=c.section_id,
                    section_key=c.section_key,
                    quote=c.quote,
                    start=c.start,
                    end=c.end,
                    anchor=c.anchor,
                )
            )
    Placement._base_manager.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_consultations_forums_action_items'),
        ('tenancy', '0001_initial'),
        ('workforce', '0001_asn_registry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Stakeholder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('group', models.CharField(choices=[('citizen', 'Warga'), ('community', 'Organisasi masyarakat'), ('professional', 'Asosiasi profesi'), ('academic', 'Akademisi'), ('asn', 'ASN'), ('business', 'Dunia usaha')], max_length=12, verbose_name='kelompok pemangku kepentingan')),
                ('organisation', models.CharField(blank=True, max_length=150, verbose_name='nama organisasi/lembaga')),
                ('evidence', models.TextField(blank=True, verbose_name='keterangan untuk verifikasi')),
                ('status', models.CharField(choices=[('declared', 'Dinyatakan sendiri'), ('verified', 'Terverifikasi'), ('rejected', 'Ditolak'), ('revoked', 'Verifikasi dicabut')], default='declared', max_length=8, verbose_name='status')),
                ('by_registry', models.BooleanField(default=False)),
                ('decision_reason', models.TextField(blank=True, verbose_name='alasan keputusan')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.agency', verbose_name='pemda')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stakeholder_claims', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'pemangku kepentingan',
                'verbose_name_plural': 'pemangku kepentingan',
                'ordering': ['created_at', 'pk'],
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.AddField(
            model_name='comment',
            name='stakeholder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='comments', to='consultations.stakeholder'),
        ),
        migrations.CreateModel(
            name='CommentPlacement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section_key', models.SlugField(max_length=60)),
                ('quote', models.TextField(blank=True)),
                ('start', models.PositiveIntegerField(blank=True, null=True)),
                ('end', models.PositiveIntegerField(blank=True, null=True)),
                ('anchor', models.CharField(choices=[('section', 'Pada bagian'), ('anchored', 'Pada kutipan'), ('moved', 'Kutipan berpindah'), ('edited', 'Kutipan diubah'), ('orphaned', 'Tidak lagi tertaut')], max_length=8)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.agency', verbose_name='pemda')),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='placements', to='consultations.comment')),
                ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='consultations.section')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consultations.draftversion')),
            ],
            options={
                'verbose_name': 'letak komentar',
                'verbose_name_plural': 'letak komentar',
                'indexes': [models.Index(fields=['version', 'section_key'], name='placement_passages')],
                'constraints': [models.UniqueConstraint(fields=('comment', 'version'), name='comment_placement_once_per_version')],
            },
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.AddIndex(
            model_name='stakeholder',
            index=models.Index(fields=['agency', 'status'], name='stakeholder_queue'),
        ),
        migrations.AddConstraint(
            model_name='stakeholder',
            constraint=models.UniqueConstraint(models.F('agency'), models.F('user'), models.F('group'), django.db.models.functions.text.Lower('organisation'), name='stakeholder_claim_once'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
