"""A delivery's reasons Sigap wrote itself before issue 8, item 11 ("Akun tidak aktif.",
"Pengiriman terputus.") were Indonesian sentences in ``last_error``: store the ones we
recognise as a code in ``last_error_text``, written in the reader's language when shown.
A gateway's error stays as it was. Going back writes every code as its Indonesian
sentence."""

from django.db import migrations


def to_codes(apps, schema_editor):
    from sigap.notifications.delivery_notes import DELIVERY_NOTES
    from sigap.platform.legacy_texts import notes_to_codes

    Delivery = apps.get_model("notifications", "Delivery")
    notes_to_codes(
        Delivery._base_manager.all(),
        DELIVERY_NOTES,
        typed="last_error",
        coded="last_error_text",
    )


def to_sentences(apps, schema_editor):
    from sigap.notifications.delivery_notes import DELIVERY_NOTES
    from sigap.platform.legacy_texts import codes_to_notes

    Delivery = apps.get_model("notifications", "Delivery")
    codes_to_notes(
        Delivery._base_manager.all(),
        DELIVERY_NOTES,
        typed="last_error",
        coded="last_error_text",
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_delivery_last_error_text")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
