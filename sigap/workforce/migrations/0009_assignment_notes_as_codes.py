"""The notes code wrote on assignments before issue 8, item 11 were Indonesian sentences
("Impor data ASN #12", "Rekomendasi penasihat penempatan #3", "Plt; serah terima dari
…", the demo's): store the ones we recognise as a code with parameters in ``note_text``,
written in the reader's language when shown. A note a person typed (anything not
recognised) stays as typed. Going back writes every coded note as its Indonesian
sentence again."""

from django.db import migrations


def to_codes(apps, schema_editor):
    from sigap.platform.legacy_texts import notes_to_codes
    from sigap.workforce.notes import ASSIGNMENT_NOTES

    Assignment = apps.get_model("workforce", "Assignment")
    # These notes were f-strings: Indonesian whatever the actor's language.
    notes_to_codes(Assignment._base_manager.all(), ASSIGNMENT_NOTES)


def to_sentences(apps, schema_editor):
    from sigap.platform.legacy_texts import codes_to_notes
    from sigap.workforce.notes import ASSIGNMENT_NOTES

    Assignment = apps.get_model("workforce", "Assignment")
    codes_to_notes(Assignment._base_manager.all(), ASSIGNMENT_NOTES, max_length=255)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0008_assignment_note_text")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
