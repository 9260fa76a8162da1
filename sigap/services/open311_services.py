# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""Open311 GeoReport v2: the service list and service definitions.

``GET /open311/v2/services.{format}`` and ``GET /open311/v2/services/{code}.{format}``
(format ``json`` or ``xml``), public as the specification has them. One installation
serves many pemda, so ``jurisdiction_id`` (the pemda's slug) is required. Listed:
active services that accept online applications and have a standard in force; the
definition is that standard's application form.

Field by field (GeoReport v2, "GET Service List" / "GET Service Definition"):

* service: ``service_code`` (our code), ``service_name``, ``description`` (summary),
  ``metadata`` (true when the form has fields), ``type`` (``realtime``: a POST answers
  with the request id at once), ``keywords`` (category and unit), ``group`` (category).
* attribute: ``variable``, ``code`` (the field key), ``datatype`` (text → string,
  textarea → text, number → number, date → datetime, choice → singlevaluelist, NIK →
  string), ``required``, ``datatype_description``, ``order`` (1-based), ``description``
  (the label), ``values`` (``key``/``name``, lists only).
* File fields cannot be sent through GeoReport v2 (it has ``media_url`` only): they are
  listed with ``variable: false`` (information, not a question) and say so.

Errors as in ``open311`` (the ``requests`` side), so that one Open311 surface answers
one way: JSON errors have Sigap's one shape ``{code, message, errors[]}``, XML errors the
specification's ``<errors><error><code/><description/></error></errors>``.
"""

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from sigap.platform.access import public
from sigap.platform.api import ErrorOut
from sigap.services.forms_in_data import specs
from sigap.services.models import Service
from sigap.services.public_catalogue import public_service, published_services
from sigap.tenancy.models import Agency

router = Router(tags=["Open311 GeoReport v2"])
PREFIX = "/open311/v2"
FORMATS = ("json", "xml")
DATATYPES = {
    "text": "string",
    "textarea": "text",
    "number": "number",
    "date": "datetime",
    "choice": "singlevaluelist",
    "nik": "string",
    "file": "string",
}
DESCRIPTIONS = {
    "date": "Tanggal, format YYYY-MM-DD",
    "nik": "NIK, 16 angka",
    "number": "Angka",
    "file": "Dokumen diunggah melalui portal Sigap; tidak dapat dikirim melalui Open311",
}


class Open311Service(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str = Field(..., description="realtime")
    keywords: str
    group: str


class Open311Value(Schema):
    key: str
    name: str


class Open311Attribute(Schema):
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[Open311Value] | None = None


class Open311Definition(Schema):
    service_code: str
    attributes: list[Open311Attribute]


# -------------------------------------------------------------------- documents


def service_entry(service: Service) -> dict[str, Any]:
    category = service.get_category_display()
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.summary,
        "metadata": bool(service.standard.form_fields),
        "type": "realtime",
        "keywords": ", ".join(k for k in (str(category), service.unit.name) if k),
        "group": str(category),
    }


def definition(service: Service) -> dict[str, Any]:
    attributes = []
    for order, spec in enumerate(specs(service.standard.form_fields), start=1):
        attribute: dict[str, Any] = {
            "variable": spec.type != "file",
            "code": spec.key,
            "datatype": DATATYPES.get(spec.type, "string"),
            "required": spec.required and spec.type != "file",
            "datatype_description": spec.help or DESCRIPTIONS.get(spec.type),
            "order": order,
            "description": spec.label,
        }
        if spec.type == "choice":
            attribute["values"] = [{"key": c, "name": c} for c in spec.choices]
        attributes.append(attribute)
    return {"service_code": service.code, "attributes": attributes}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _xml(root: ET.Element) -> HttpResponse:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _json(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
        status=status,
    )


def services_xml(entries: list[dict[str, Any]]) -> HttpResponse:
    root = ET.Element("services")
    for entry in entries:
        node = ET.SubElement(root, "service")
        for name, value in entry.items():
            ET.SubElement(node, name).text = _text(value)
    return _xml(root)


def definition_xml(doc: dict[str, Any]) -> HttpResponse:
    root = ET.Element("service_definition")
    ET.SubElement(root, "service_code").text = doc["service_code"]
    attributes = ET.SubElement(root, "attributes")
    for attribute in doc["attributes"]:
        node = ET.SubElement(attributes, "attribute")
        for name, value in attribute.items():
            if name == "values":
                values = ET.SubElement(node, "values")
                for item in value:
                    v = ET.SubElement(values, "value")
                    ET.SubElement(v, "key").text = item["key"]
                    ET.SubElement(v, "name").text = item["name"]
            else:
                ET.SubElement(node, name).text = _text(value)
    return _xml(root)


CODES = {400: "bad_request", 404: "not_found"}


def error(fmt: str, status: int, description: str, field: str = "") -> HttpResponse:
    """An error: the specification's XML, or Sigap's JSON shape (also when the format
    itself is not known)."""
    if fmt == "xml":
        root = ET.Element("errors")
        node = ET.SubElement(root, "error")
        ET.SubElement(node, "code").text = str(status)
        ET.SubElement(node, "description").text = description
        response = _xml(root)
        response.status_code = status
        return response
    errors = [{"field": field, "message": description}] if field else []
    return _json(
        {"code": CODES.get(status, "error"), "message": description, "errors": errors},
        status=status,
    )


def jurisdiction(jurisdiction_id: str | None) -> Agency | None:
    """The pemda an Open311 call names (its slug), if active."""
    if not jurisdiction_id:
        return None
    return Agency.objects.filter(slug=jurisdiction_id.strip(), is_active=True).first()


def _open311_services(agency: Agency) -> list[Service]:
    return [s for s in published_services(agency) if s.accepts_online]


# -------------------------------------------------------------------- operations


@router.get(
    PREFIX + "/services.{format}",
    response={200: list[Open311Service], 400: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="Open311 GeoReport v2: daftar layanan (json atau xml)",
)
@public
def open311_service_list(request: HttpRequest, format: str, jurisdiction_id: str = ""):
    if format not in FORMATS:
        return error("json", 400, "Format harus json atau xml.", "format")
    agency = jurisdiction(jurisdiction_id)
    if agency is None:
        status = 404 if jurisdiction_id else 400
        return error(format, status, _no_jurisdiction(jurisdiction_id), "jurisdiction_id")
    entries = [service_entry(s) for s in _open311_services(agency)]
    entries += _other_kinds_services(agency)
    return services_xml(entries) if format == "xml" else _json(entries)


@router.get(
    PREFIX + "/services/{service_code}.{format}",
    response={200: Open311Definition, 400: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="Open311 GeoReport v2: definisi layanan (isian formulir)",
)
@public
def open311_service_definition(
    request: HttpRequest, service_code: str, format: str, jurisdiction_id: str = ""
):
    if format not in FORMATS:
        return error("json", 400, "Format harus json atau xml.", "format")
    agency = jurisdiction(jurisdiction_id)
    if agency is None:
        status = 404 if jurisdiction_id else 400
        return error(format, status, _no_jurisdiction(jurisdiction_id), "jurisdiction_id")
    service = public_service(agency, service_code)
    if service is None or not service.accepts_online:
        doc = _other_kinds_definition(agency, service_code)
        if doc is None:
            return error(format, 404, f"Layanan {service_code} tidak ditemukan.")
        return definition_xml(doc) if format == "xml" else _json(doc)
    doc = definition(service)
    return definition_xml(doc) if format == "xml" else _json(doc)


def _other_kinds_services(agency: Agency) -> list[dict[str, Any]]:
    """Service entries of other apps' Open311 requests (``open311.REQUEST_KINDS``)."""
    from sigap.services.open311 import REQUEST_KINDS

    return [entry for kind in REQUEST_KINDS for entry in kind.services(agency)]


def _other_kinds_definition(agency: Agency, service_code: str) -> dict[str, Any] | None:
    from sigap.services.open311 import kind_for

    kind = kind_for(service_code)
    return kind.definition(agency, service_code) if kind is not None else None


def _no_jurisdiction(jurisdiction_id: str) -> str:
    if jurisdiction_id:
        return f"jurisdiction_id {jurisdiction_id} tidak dikenal."
    return "jurisdiction_id (kode pemda) wajib diisi."
