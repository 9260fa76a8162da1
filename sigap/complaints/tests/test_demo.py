"""The demo complaints: several hundred, consistent with the rules, split by template,
with a trained classifier and a live triage list."""

from __future__ import annotations

from django.db.models import Count, Sum

from sigap.complaints import demo
from sigap.complaints.corpus import demo_texts
from sigap.complaints.models import (
    ClassifierModel,
    Complaint,
    ComplaintStep,
    MonthlyCount,
    RoutingDecision,
)
from sigap.platform.demo import DemoContext
from sigap.tenancy.context import activate


def test_demo_seeds_history_a_model_and_a_triage_list(agency, opd, agency_admin):
    assert agency.slug == "jambi"
    ctx = DemoContext(scale="small", seed=3)
    demo.seed(ctx)
    texts = demo_texts(seed=3, per_template=demo.PER_TEMPLATE["small"])
    held_texts = {t.text for t in texts if t.held_out}
    with activate(agency):
        complaints = Complaint.objects.all()
        assert complaints.count() >= 400
        # The history is the training split only; the held-out texts arrive afterwards
        # through the domain function, so the demo's classifier never saw them.
        history = RoutingDecision.objects.filter(by__isnull=True).values_list(
            "complaint__text", flat=True
        )
        assert not set(history) & held_texts
        model = ClassifierModel.objects.get(is_active=True)
        assert model.samples >= 300
        held = complaints.filter(text__in=held_texts)
        assert held.count() == len(held_texts)
        assert held.filter(suggestion_source="model").count() == held.count()
        assert complaints.filter(status="received").exists()
        # Every routed complaint counted once in the count table; answers too.
        routed = complaints.exclude(unit__isnull=True)
        sums = MonthlyCount.objects.aggregate(f=Sum("filed"), a=Sum("answered"))
        assert sums["f"] == routed.count()
        assert sums["a"] == complaints.exclude(answered_at__isnull=True).count()
        # Times in order; closed ones were answered first.
        for c in complaints.exclude(answered_at__isnull=True)[:200]:
            assert c.created_at <= c.verified_at <= c.answered_at
            if c.closed_at:
                assert c.answered_at < c.closed_at
        by_category = dict(routed.values_list("category__code").annotate(n=Count("pk")))
        assert len(by_category) == 10
        # Routing and the automatic close are stored as codes (step_notes), as handling
        # stores them.
        steps = ComplaintStep.objects.filter(complaint__in=complaints)
        assert steps.filter(status="verified", note_text__code="routed", note="").exists()
        assert steps.filter(status="closed", note_text__code="closed_silent").exists()
        assert not steps.filter(note__startswith="Diteruskan ke").exists()


def test_demo_complaints_about_services_point_at_events_before_them(agency, opd, citizen):
    """Complaints about counter services name the event (never for anonymous ones), its
    service, officer and day, and the event happened before the complaint."""
    import datetime as dt

    from django.utils import timezone

    from sigap.surveys.tests import factories

    svc = factories.service(agency, opd)
    for days in range(1, 160, 4):
        factories.event(svc, citizen=citizen, finished=timezone.now() - dt.timedelta(days=days))
    demo.seed(DemoContext(scale="small", seed=5))
    with activate(agency):
        about = Complaint.objects.filter(about_kind="service").select_related("service_event")
        assert about.count() > 20
        for c in about:
            assert c.service_id == svc.pk and c.served_on is not None
            if c.mode == "anonymous":
                assert c.service_event_id is None
            else:
                assert c.service_event.finished_at < c.created_at
                assert c.service_event.day == c.served_on
