"""The chrome joined in Python (``shell.chrome``) gives the markup the layouts' template
loops gave before it (kept here as they were, with the badge, messages and menu
includes written out), for every kind of visitor, in both languages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import ERROR, INFO, add_message, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import get_token
from django.template import Engine, engines
from django.template.context import make_context
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from sigap.accounts.models import RoleGrant
from sigap.accounts.roles import agencies_of, roles_in
from sigap.notifications.inbox import UNREAD_ON_USER, header_unread_count
from sigap.platform.declarations import Role
from sigap.shell.navigation import menu_for

OLD_BASE = """\
{% load static i18n %}<!doctype html>
{% get_current_language as LANG %}<html lang="{{ LANG }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}Sigap{% endblock %} · Sigap</title>
<link rel="stylesheet" href="{% static 'bootstrap/css/bootstrap.min.css' %}">
<link rel="stylesheet" href="{% static 'sigap/sigap.css' %}">
<link rel="icon" href="{% static 'sigap/favicon.svg' %}" type="image/svg+xml">
{% block head %}{% endblock %}
</head>
<body class="{% block body_class %}public{% endblock %}" hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>
<a class="visually-hidden-focusable skip-link" href="#main">{% translate "Lewati ke konten utama" %}</a>
<header class="site-header border-bottom">
  <nav class="navbar navbar-expand container-fluid px-3" aria-label="{% translate 'Navigasi utama' %}">
    <a class="navbar-brand fw-bold" href="{% url 'shell:home' %}">Sigap</a>
    {% if current_agency %}<span class="navbar-text small me-auto text-truncate agency-name">{{ current_agency.name }}</span>{% else %}<span class="me-auto"></span>{% endif %}
    <ul class="navbar-nav align-items-center gap-1">
      {% if user.is_authenticated %}
        <li class="nav-item"><a class="nav-link" href="{% url 'notifications:inbox' %}">{% translate "Notifikasi" %}<span id="inbox-unread">{% if unread %} <span class="badge rounded-pill text-bg-danger">{{ unread }}<span class="visually-hidden"> {% translate "belum dibaca" %}</span></span>{% endif %}</span></a></li>
        {% if user.is_citizen %}
          <li class="nav-item"><a class="nav-link" href="{% url 'services:my_applications' %}">{% translate "Permohonan saya" %}</a></li>
          <li class="nav-item"><a class="nav-link" href="{% url 'accounts:my_data' %}">{% translate "Data saya" %}</a></li>
        {% else %}
          <li class="nav-item"><a class="nav-link" href="{% url 'shell:dashboard' %}">{% translate "Ruang kerja" %}</a></li>
        {% endif %}
        <li class="nav-item"><a class="nav-link" href="{% url 'accounts:password_change' %}">{% translate "Kata sandi" %}</a></li>
        <li class="nav-item">
          <form method="post" action="{% url 'accounts:logout' %}">{% csrf_token %}
            <button class="btn btn-link nav-link" type="submit">{% translate "Keluar" %}</button>
          </form>
        </li>
      {% else %}
        <li class="nav-item"><a class="nav-link" href="{% url 'accounts:login' %}">{% translate "Masuk" %}</a></li>
        <li class="nav-item"><a class="nav-link" href="{% url 'accounts:register' %}">{% translate "Daftar" %}</a></li>
      {% endif %}
    </ul>
  </nav>
</header>
{% block layout %}
<main id="main" class="container py-3" tabindex="-1">
  <div id="messages" class="messages" role="status" aria-live="polite">{% for message in messages %}
<div class="alert alert-{% if message.tags == 'error' %}danger{% else %}{{ message.tags|default:'info' }}{% endif %} py-2">{{ message }}</div>{% endfor %}</div>
  {% block content %}{% endblock %}
</main>
{% endblock %}
<footer class="site-footer border-top">
  <div class="container py-3 small d-flex flex-wrap align-items-center justify-content-between gap-2">
    <p class="mb-0 text-body-secondary"><a href="{% url 'shell:privacy' %}">{% translate "Pemberitahuan privasi" %}</a> ·
    {% translate "Sigap — layanan publik dan manajemen ASN pemerintah daerah" %}</p>
    <form method="post" action="{% url 'set_language' %}" class="d-flex align-items-center gap-1">{% csrf_token %}
      <input type="hidden" name="next" value="{{ request.get_full_path }}">
      <label for="lang-select">{% translate "Bahasa" %}</label>
      <select id="lang-select" name="language" class="form-select form-select-sm w-auto">
        {% get_available_languages as LANGUAGES %}{% get_language_info_list for LANGUAGES as LANGS %}{% for lang in LANGS %}
        <option value="{{ lang.code }}" lang="{{ lang.code }}"{% if lang.code == LANG %} selected{% endif %}>{{ lang.name_local }}</option>{% endfor %}
      </select>
      <button type="submit" class="btn btn-sm btn-outline-dark">{% translate "Ganti" %}</button>
    </form>
  </div>
</footer>
{# Every page: one confirmation for destructive actions (data-confirm; issue 8, item 15). #}
<script src="{% static 'platform/confirm.js' %}" defer></script>
{% block scripts %}{% endblock %}
</body>
</html>
"""

OLD_STAFF = """\
{% extends "old/base.html" %}{% load static i18n %}
{% block body_class %}staff{% endblock %}
{% block layout %}
<div class="container-fluid">
  <div class="row">
    <nav class="col-md-3 col-lg-2 staff-nav border-end py-3" aria-label="{% translate 'Menu ruang kerja' %}">
      {% if my_agencies|length > 1 %}
      <form method="post" action="{% url 'shell:switch_agency' %}" class="mb-3">{% csrf_token %}
        <label for="agency-select" class="form-label small">{% translate "Pemda" %}</label>
        <select id="agency-select" name="agency" class="form-select form-select-sm mb-1">
          {% for a in my_agencies %}<option value="{{ a.pk }}"{% if a.pk == current_agency.pk %} selected{% endif %}>{{ a.name }}</option>{% endfor %}
        </select>
        <button class="btn btn-sm btn-outline-primary" type="submit">{% translate "Pindah" %}</button>
      </form>
      {% endif %}
      {# A disclosure: open on wide screens, folded on phones by staff-menu.js (issue 8, item 15). #}
      <details class="staff-menu" open>
      <summary class="fw-semibold mb-2">{% translate "Menu" %}</summary>
      <ul class="nav flex-column">
        {% for item in staff_menu %}<li class="nav-item"><a class="nav-link{% if item.url == request.path %} active fw-semibold{% endif %}" href="{{ item.url }}"{% if item.url == request.path %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
{% endfor %}
      </ul>
      </details>
      <p class="small text-body-secondary mt-3 mb-0">{% translate "Peran" %}: {% for r in my_roles %}<span class="badge text-bg-secondary">{{ r }}</span> {% endfor %}</p>
    </nav>
    <main id="main" class="col-md-9 col-lg-10 py-3" tabindex="-1">
      <div id="messages" class="messages" role="status" aria-live="polite">{% for message in messages %}
<div class="alert alert-{% if message.tags == 'error' %}danger{% else %}{{ message.tags|default:'info' }}{% endif %} py-2">{{ message }}</div>{% endfor %}</div>
      {% block content %}{% endblock %}
    </main>
  </div>
</div>
{% endblock %}
{% block scripts %}<script src="{% static 'django_htmx/htmx-2.min.js' %}" defer></script>
<script src="{% static 'sigap/staff-menu.js' %}" defer></script>{% endblock %}
"""

PAGE = '{% extends "{layout}" %}{% block content %}<p>X</p>{% endblock %}'
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def _old_engine() -> Engine:
    return Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"old/base.html": OLD_BASE, "old/staff_base.html": OLD_STAFF},
            )
        ],
        builtins=["django.templatetags.static"],
        libraries={"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"},
    )


def _request(user, agency, messages=()):
    request = RequestFactory().get("/kerja/asn/?q=a&b=<x>")
    request.user, request.agency = user, agency
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    for level, text in messages:
        add_message(request, level, text)
    return request


def _old(layout, user, agency, messages):
    """The layouts as they were, with what the old context processor gave them."""
    request = _request(user, agency, messages)
    staff = user.is_authenticated and not user.is_citizen
    extra = {
        "current_agency": agency,
        "unread": header_unread_count(user) if user.is_authenticated else 0,
        "my_agencies": agencies_of(user) if staff else [],
        "my_roles": sorted(str(Role(r).label) for r in roles_in(user, agency)) if staff else [],
        "staff_menu": menu_for(user, agency) if staff else [],
    }
    template = _old_engine().from_string(PAGE.replace("{layout}", "old/" + layout))
    context = make_context(extra, request)
    # What the site's context processors add: the user, the CSRF token, the messages.
    token = get_token(request)
    context.update(
        {"user": user, "csrf_token": token, "messages": get_messages(request), "request": request}
    )
    return template.render(context)


def _new(layout, user, agency, messages):
    page = engines["django"].from_string(PAGE.replace("{layout}", "shell/" + layout))
    return page.render({}, _request(user, agency, messages))


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", TOKEN.sub(r"\1T", html))).strip()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_chrome_is_the_layouts_markup(
    language, agency, other_agency, hr, officer, citizen, agency_admin
):
    RoleGrant.objects.create(user=agency_admin, agency=other_agency, role=Role.AGENCY_ADMIN)
    setattr(hr, UNREAD_ON_USER, 3)
    hostile = agency.name
    agency.name = "Pemda <b>&\"'"
    cases = [
        ("base.html", AnonymousUser(), None, ()),
        ("base.html", AnonymousUser(), agency, ()),
        ("base.html", citizen, agency, [(INFO, "Halo <b>"), (INFO, mark_safe("<i>aman</i>"))]),
        ("base.html", hr, agency, ()),
        ("staff_base.html", hr, agency, ()),
        ("staff_base.html", officer, agency, [(INFO, "Tersimpan"), (ERROR, "Gagal & <x>")]),
        ("staff_base.html", agency_admin, agency, ()),
    ]
    with translation.override(language):
        for layout, user, where, messages in cases:
            old, new = _old(layout, user, where, messages), _new(layout, user, where, messages)
            assert _same(new) == _same(old), (layout, user)
    agency.name = hostile
    with translation.override("en"):
        page = _new("staff_base.html", hr, agency, ())
    # The words themselves, so that an untranslated string cannot pass on both sides.
    for words in ("Skip to main content", "Workspace menu", "Log out", "ASN records", "unread"):
        assert words in page
    assert 'aria-current="page">ASN records<' in page


def test_a_page_that_shows_the_messages_marks_them_used(agency, officer):
    # What keeps HtmxMessagesMiddleware from appending them a second time.
    request = _request(officer, agency, [(INFO, "Tersimpan")])
    page = engines["django"].from_string(PAGE.replace("{layout}", "shell/staff_base.html"))
    assert "Tersimpan" in page.render({}, request)
    assert get_messages(request).used
