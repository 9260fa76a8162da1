"""The timeline notes code wrote before issue 8, item 11 were finished sentences in the
language of whoever acted ("Batas waktu diperpanjang: …" or "Deadline extended: …", the
lapse's "Tidak diperbaiki sampai batas waktu perbaikan."): store the ones we recognise,
in either language, as a code with parameters in ``note_text`` (the officer's reason a
parameter, as typed), written in the reader's language when shown. A note a person
typed stays as typed. Going back writes every coded note as its Indonesian sentence."""

from django.db import migrations


def to_codes(apps, schema_editor):
    from sigap.platform.legacy_texts import notes_to_codes
    from sigap.services.step_notes import STEP_NOTES

    Step = apps.get_model("services", "ApplicationStep")
    notes_to_codes(Step._base_manager.all(), STEP_NOTES, languages=(None, "en"))


def to_sentences(apps, schema_editor):
    from sigap.platform.legacy_texts import codes_to_notes
    from sigap.services.step_notes import STEP_NOTES

    Step = apps.get_model("services", "ApplicationStep")
    codes_to_notes(Step._base_manager.all(), STEP_NOTES)


class Migration(migrations.Migration):
    dependencies = [("services", "0009_application_step_note_text")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
