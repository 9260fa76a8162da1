from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from sigap.shell.tasks import heartbeat

ROOT = Path(settings.BASE_DIR)


def test_home_lists_the_agencies(client, agency, other_agency):
    body = client.get("/").content.decode()
    assert "Pemerintah Provinsi Jambi" in body and "Pemerintah Kabupaten Tebo" in body
    assert 'lang="id"' in body


def test_english_is_selectable(client, agency):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Choose a regional government" in body


def test_unknown_agency_page_is_a_404_in_indonesian(client, agency):
    response = client.get("/p/tidak-ada/")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.content.decode()


def test_staff_menu_follows_the_role(login, officer, inspector):
    officer_page = login(officer).get(reverse("shell:dashboard")).content.decode()
    inspector_page = login(inspector).get(reverse("shell:dashboard")).content.decode()
    assert "Jejak audit" not in officer_page and "Jejak audit" in inspector_page
    assert "Kelola data" not in officer_page and "Back office" not in officer_page


def test_healthz_reports_database_and_a_live_worker(client, db):
    stale = client.get("/healthz").json()
    assert stale["database"]["ok"] is True and stale["worker"]["ok"] is False
    heartbeat.call()  # what the worker runs
    fresh = client.get("/healthz").json()
    assert fresh["worker"]["ok"] is True and fresh["worker"]["last_heartbeat"]
    assert fresh["worker"]["queued"] == 0  # the next beat is scheduled in the future


def test_api_validation_errors_share_one_shape(login, agency_admin, opd):
    response = login(agency_admin).post(
        "/api/v1/units",
        data=json.dumps({"kind": "planet", "name": ""}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    fields = {e["field"] for e in body["errors"]}
    assert {"kind", "code"} <= fields


def test_api_domain_errors_share_one_shape(login, agency_admin, opd):
    response = login(agency_admin).post(
        "/api/v1/units",
        data=json.dumps({"kind": "seksi", "name": "Seksi Lepas", "code": "S1"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent"
    assert "hanya boleh di bawah" in response.json()["errors"][0]["message"]


def test_api_creates_a_unit_in_the_callers_agency(login, agency_admin, agency, opd):
    response = login(agency_admin).post(
        "/api/v1/units",
        data=json.dumps(
            {"kind": "bidang", "name": "Bidang Baru", "code": "BB", "parent_id": opd.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    listed = login(agency_admin).get("/api/v1/units", {"kind": "bidang"}).json()
    assert [u["name"] for u in listed["items"]] == ["Bidang Baru"]


def test_production_settings_pass_the_deploy_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SIGAP_", "SECURE_", "DEBUG", "SESSION_", "CSRF_"))
    }
    env.update(
        SECRET_KEY="x" * 20 + "prod-secret-key-for-check-0123456789abcdefghij",
        DEBUG="0",
        ALLOWED_HOSTS="sigap.example.go.id",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_indonesian_is_the_default_even_for_english_browsers(client, agency):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in body and "Pilih pemerintah daerah" in body


def test_serving_without_a_secret_key_is_refused():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "SIGAP_ALLOW_INSECURE_KEY", "DEBUG")
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_the_language_switch_is_remembered_for_a_signed_in_person(login, officer):
    client = login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    officer.refresh_from_db()
    assert officer.preferred_language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    officer.refresh_from_db()
    assert officer.preferred_language == "en"


def test_public_pages_promise_only_what_the_apps_offer(client, agency, monkeypatch):
    """Issue 8, item 15: the home offered a queue, complaints and surveys before any of
    them existed. What it lists comes from the apps' ``public_menu`` alone."""
    from sigap.platform.declarations import MenuEntry
    from sigap.shell import views

    only_services = (MenuEntry("Layanan", "services:public_catalogue", "", order=10),)
    monkeypatch.setattr(views, "public_menu", lambda: only_services)
    for url in ("/", f"/p/{agency.slug}/"):
        body = client.get(url).content.decode().lower()
        assert "layanan" in body
        for absent in ("antrean", "pengaduan", "survei"):
            assert absent not in body, (url, absent)
    monkeypatch.setattr(views, "public_menu", lambda: ())
    body = client.get(f"/p/{agency.slug}/").content.decode()
    assert "Belum ada layanan daring" in body


def test_no_double_full_stop_after_an_academic_title(login, officer):
    """Issue 8, item 15: "Selamat datang, Siti Aminah, S.Pd.." showed two full stops."""
    officer.full_name = "Siti Aminah, S.Pd."
    officer.save(update_fields=["full_name"])
    body = login(officer).get(reverse("shell:dashboard")).content.decode()
    assert "Siti Aminah, S.Pd." in body and "S.Pd.." not in body


def test_messages_after_an_htmx_action_replace_the_page_messages(rf, officer):
    """Issue 8, item 15: messages set by htmx actions waited in the session and piled up
    on the next full page; now they come with the htmx response, swapped out of band."""
    from django.contrib.messages import get_messages, success
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.http import HttpResponse

    from sigap.shell.middleware import HtmxMessagesMiddleware

    def view(request):
        success(request, "Notifikasi ditandai sudah dibaca.")
        return HttpResponse("<p>daftar</p>", content_type="text/html; charset=utf-8")

    request = rf.post("/notifikasi/", HTTP_HX_REQUEST="true")
    request.htmx = True
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = officer
    body = HtmxMessagesMiddleware(view)(request).content.decode()
    assert 'id="messages"' in body and 'hx-swap-oob="true"' in body
    assert "Notifikasi ditandai sudah dibaca." in body
    assert get_messages(request).used  # consumed: the session keeps none for the next page
