"""Roster import problems and placement explanations stored before issue 8, item 11
were finished Indonesian sentences: store the ones we recognise as a code with
parameters, written in the reader's language when shown. Sentences not recognised stay
as they are and are shown as they are (``stored_text.render``). Going back writes every
coded text as its Indonesian sentence again."""

from django.db import migrations
from django.utils import translation

BATCH = 200


def to_codes(apps, schema_editor):
    from sigap.workforce.legacy_texts import convert_problem, convert_terms

    RosterImport = apps.get_model("workforce", "RosterImport")
    Recommendation = apps.get_model("workforce", "PlacementRecommendation")
    for ri in RosterImport._base_manager.only("pk", "problems").iterator(chunk_size=BATCH):
        problems = [convert_problem(p) for p in ri.problems or []]
        if problems != ri.problems:
            RosterImport._base_manager.filter(pk=ri.pk).update(problems=problems)
    for rec in Recommendation._base_manager.only("pk", "terms").iterator(chunk_size=BATCH):
        terms = convert_terms(rec.terms)
        if terms != rec.terms:
            Recommendation._base_manager.filter(pk=rec.pk).update(terms=terms)


def to_sentences(apps, schema_editor):
    from sigap.workforce.placement import TERM_LABELS, render_terms
    from sigap.workforce.roster import render_problem

    RosterImport = apps.get_model("workforce", "RosterImport")
    Recommendation = apps.get_model("workforce", "PlacementRecommendation")
    with translation.override("id"):
        for ri in RosterImport._base_manager.only("pk", "problems").iterator(chunk_size=BATCH):
            problems = []
            for p in ri.problems or []:
                shown = render_problem(p)
                old = {"row": shown["row"], "column": shown["column"], "message": shown["message"]}
                problems.append({**old, "info": True} if p.get("info") else old)
            RosterImport._base_manager.filter(pk=ri.pk).update(problems=problems)
        for rec in Recommendation._base_manager.only("pk", "terms").iterator(chunk_size=BATCH):
            terms = [
                {k: t[k] for k in ("term", "label", "value", "weight", "contribution", "detail")}
                for t in render_terms(rec.terms, TERM_LABELS)
            ]
            Recommendation._base_manager.filter(pk=rec.pk).update(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0006_field_labels")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
