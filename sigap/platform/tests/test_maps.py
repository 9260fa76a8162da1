"""A point on a map (issue 12, item 1: "an optional point on a map served locally"):
the map appears only with a configured tile server, whose origin alone joins the
policy's img-src; Leaflet is served by Sigap; the inputs stay the way to type a point."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from sigap.complaints.tests.factories import filed, with_categories
from sigap.platform import maps
from sigap.platform.checks import check_map_settings

TILES = "https://peta.pemda.example.go.id/tiles/{z}/{x}/{y}.png"


def _img_src(response) -> str:
    directives = dict(
        d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
    )
    return directives["img-src"]


def test_no_tile_server_no_map():
    assert maps.map_settings() is None and maps.tile_origin() == ""


@override_settings(SIGAP_MAP_TILE_URL=TILES, SIGAP_MAP_CENTER="-0.95, 100.35, 12")
def test_configured_map_and_its_origin():
    config = maps.map_settings()
    assert (config.latitude, config.longitude, config.zoom) == (-0.95, 100.35, 12)
    assert maps.tile_origin() == "https://peta.pemda.example.go.id"


@override_settings(SIGAP_MAP_TILE_URL="/peta/{z}/{x}/{y}.png")
def test_tiles_from_sigaps_own_host_add_no_origin():
    assert maps.map_settings() is not None and maps.tile_origin() == ""


@pytest.mark.parametrize(
    ("url", "center"),
    [("https://peta.example/tiles.png", "-2.5,118.0,5"), (TILES, "-2.5;118"), (TILES, "a,b,c")],
)
def test_a_wrong_setting_is_named(url, center):
    with override_settings(SIGAP_MAP_TILE_URL=url, SIGAP_MAP_CENTER=center):
        with pytest.raises(ImproperlyConfigured):
            maps.map_settings()
        # … and fails the start-up checks (manage.py check, every server start).
        assert [e.id for e in check_map_settings()] == ["platform.E001"]


def test_no_tile_server_passes_the_start_up_check():
    assert check_map_settings() == []


def test_leaflet_is_served_by_sigap():
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png"):
        assert finders.find(name), name
    assert finders.find("platform/point-map.js")


@pytest.mark.django_db
def test_filing_form_without_a_tile_server(client, agency, opd):
    with_categories(agency, opd)
    page = client.get(reverse("complaints:file", args=[agency.slug]))
    assert b"data-point-map" not in page.content and b"point-map.js" not in page.content
    assert _img_src(page) == "'self' data:"


@pytest.mark.django_db
@override_settings(SIGAP_MAP_TILE_URL=TILES, SIGAP_MAP_ATTRIBUTION="© Pemda")
def test_filing_form_with_a_tile_server(client, agency, opd):
    with_categories(agency, opd)
    page = client.get(reverse("complaints:file", args=[agency.slug]))
    html = page.content.decode()
    # The map fills the two inputs, which stay on the form for the keyboard.
    assert 'data-lat-input="id_lat"' in html and 'data-long-input="id_long"' in html
    assert 'id="id_lat"' in html and 'id="id_long"' in html
    assert "/static/leaflet/leaflet.js" in html and "platform/point-map.js" in html
    assert f'data-tiles="{TILES}"' in html and "© Pemda" in html
    assert "<script>" not in html
    assert _img_src(page) == "'self' data: https://peta.pemda.example.go.id"


@pytest.mark.django_db
@override_settings(SIGAP_MAP_TILE_URL=TILES)
def test_staff_see_the_point_even_without_an_address(agency, opd, agency_admin, login):
    with_categories(agency, opd)
    complaint = filed(agency, lat="-0.949100", long="100.354300")
    html = login(agency_admin).get(reverse("complaints:detail", args=[complaint.pk])).content
    html = html.decode()
    assert 'id="complaint-place"' in html and "-0.949100" in html
    assert 'data-lat="-0.949100"' in html and 'data-long="100.354300"' in html
    # Described by a caption, not role="img": the map's own controls are focusable.
    assert "<figcaption" in html and 'role="img"' not in html


@pytest.mark.django_db
def test_staff_see_the_coordinates_without_a_tile_server(agency, opd, agency_admin, login):
    with_categories(agency, opd)
    complaint = filed(agency, lat="-0.949100", long="100.354300")
    html = login(agency_admin).get(reverse("complaints:detail", args=[complaint.pk])).content
    html = html.decode()
    assert "(-0.949100, 100.354300)" in html and "data-point-map" not in html
