"""Demo: the demo citizen's inbox has a welcome, and their WhatsApp is switched on so
that the demo worker's log shows the logging adapter at work (to a masked number)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sigap.notifications.inbox import notify
from sigap.notifications.models import Channel
from sigap.notifications.preferences import set_channels
from sigap.platform.demo import DemoContext
from sigap.tenancy.models import Agency

DEMO_CITIZEN = "warga@demo.sigap.id"  # accounts.demo's citizen login


def seed(ctx: DemoContext) -> None:
    citizen = get_user_model().objects.filter(username=DEMO_CITIZEN).first()
    if citizen is None:
        return
    set_channels(citizen, {Channel.WHATSAPP: True})
    # The demo citizen lives in Jambi (accounts.demo).
    agency = Agency.objects.filter(slug="jambi").first() or Agency.objects.order_by("name").first()
    notify(
        citizen,
        "welcome",
        {"joined_on": citizen.date_joined},
        agency=agency,
        url="/akun/notifikasi/saluran/",
    )
    ctx.count("notifikasi")
