"""Bench-only URLconf: the whole site plus bare "yardstick" pages.

A yardstick is one plain Django view that renders the same number of rows of the same
table as a real page, with a bare template: no tenancy (it reads through the model's
unscoped manager), no roles (no permission decorator, anonymous request), no layout (no
base template, no context processors). The page benchmarks time it in the same run and
report page / yardstick, so figures stay comparable across machines of different speed.

``bench.pages`` installs this module as ``ROOT_URLCONF``; nothing else uses it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

UNIT_ROWS = """<!doctype html><title>units</title>
<table><caption>{{ units|length }} unit</caption>
<thead><tr><th>Nama</th><th>Jenis</th><th>Kode</th></tr></thead>
<tbody>{% for u in units %}<tr><td class="depth-{{ u.depth|default:0 }}">{{ u.name }}</td><td>{{ u.get_kind_display }}</td><td><code>{{ u.code }}</code></td></tr>{% endfor %}</tbody>
</table>"""

AUDIT_ROWS = """<!doctype html><title>audit</title>
<table><thead><tr><th>Waktu</th><th>Tindakan</th><th>Data</th><th>Pelaku</th><th>Dari</th></tr></thead>
<tbody>{% for e in entries %}<tr>
<td><a href="{% url 'audit:detail' e.pk %}">{{ e.timestamp|date:"Y-m-d H:i:s" }}</a></td>
<td>{{ e.get_action_display }}</td>
<td>{{ e.content_type.name }}: {{ e.object_repr|truncatechars:60 }}</td>
<td>{{ e.actor|default:"sistem" }}</td>
<td>{{ e.additional_data.channel|default:"" }} {{ e.remote_addr|default:"" }}</td>
</tr>{% endfor %}</tbody></table>"""


@cache
def _template(source: str) -> Any:
    return engines["django"].from_string(source)


def unit_rows(request: HttpRequest) -> HttpResponse:
    """The rows of ``/kerja/unit/``: one agency's org units in tree order."""
    from sigap.tenancy.models import OrgUnit

    units = OrgUnit.all_objects.filter(agency_id=int(request.GET["agency"])).order_by("path")
    return HttpResponse(_template(UNIT_ROWS).render({"units": units}))


def audit_rows(request: HttpRequest) -> HttpResponse:
    """As many rows as a page of ``/kerja/audit/``: the newest entries of the whole table."""
    from auditlog.models import LogEntry

    n = int(request.GET.get("n", "50"))
    entries = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-pk"
    )[:n]
    return HttpResponse(_template(AUDIT_ROWS).render({"entries": entries}))


urlpatterns = [
    path("_bench/yardstick/units/", unit_rows, name="bench_yardstick_units"),
    path("_bench/yardstick/audit/", audit_rows, name="bench_yardstick_audit"),
    *site_urlpatterns,
]
