"""Issue 8, item 11: the trail names each object's type (the model's verbose_name) in
the reader's language, in the list, on the detail page and in the type filter."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit


def _page(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_the_trail_names_object_types_in_the_readers_language(login, inspector, opd):
    bidang = org.create_unit(
        opd.agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="DUK.B9", parent=opd
    )
    entry = LogEntry.objects.get_for_object(bidang).filter(action=LogEntry.Action.CREATE).get()
    client = login(inspector)
    search = reverse("audit:search")
    detail = reverse("audit:detail", args=[entry.pk])
    for url in (search, detail):
        indonesian = _page(client, url, "id")
        assert "Unit organisasi" in indonesian and "Organisation unit" not in indonesian
        english = _page(client, url, "en")
        assert "Organisation unit" in english, url
        assert "Unit organisasi" not in english, url
    # The object-type filter lists the audited models by their English names.
    english = _page(client, search, "en")
    assert '<option value="tenancy.orgunit">Organisation unit</option>' in english
    assert '<option value="accounts.user">User</option>' in english
