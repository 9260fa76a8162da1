"""The timeline notes code wrote before issue 8, item 11 were finished sentences in the
language of whoever acted ("Diteruskan ke …" or "Routed to …", the sweep's "Ditutup
otomatis: …"): store the ones we recognise, in either language, as a code with
parameters in ``note_text``, written in the reader's language when shown. Only status
lines are read: a complainant's reply or an officer's note stays as typed, and so does
any note not recognised. Going back writes every coded note as its Indonesian sentence."""

from django.db import migrations


def to_codes(apps, schema_editor):
    from sigap.complaints.step_notes import STEP_NOTES
    from sigap.platform.legacy_texts import notes_to_codes

    Step = apps.get_model("complaints", "ComplaintStep")
    notes_to_codes(Step._base_manager.filter(kind="status"), STEP_NOTES, languages=(None, "en"))


def to_sentences(apps, schema_editor):
    from sigap.complaints.step_notes import STEP_NOTES
    from sigap.platform.legacy_texts import codes_to_notes

    Step = apps.get_model("complaints", "ComplaintStep")
    codes_to_notes(Step._base_manager.all(), STEP_NOTES)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_complaint_step_note_text")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
