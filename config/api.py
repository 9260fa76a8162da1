"""The JSON API at /api/v1/: one NinjaAPI, one router per app."""

from __future__ import annotations

from ninja import NinjaAPI

from sigap.audit.api import router as audit_router
from sigap.core.api import router as core_router
from sigap.core.api_base import install_error_handlers, signed_in
from sigap.tenancy.api import router as tenancy_router
from sigap.workcal.api import router as workcal_router
from sigap.workforce.api import router as workforce_router

api = NinjaAPI(
    title="Sigap API",
    version="1",
    description=(
        "API Sigap. Autentikasi: sesi (cookie + CSRF) atau `Authorization: Bearer <token>`. "
        "Pemda aktif dipilih dengan header `X-Sigap-Agency: <slug>` bila akun memiliki lebih dari satu. "
        "Semua galat berbentuk `{code, message, errors[]}`; daftar memakai kursor (`cursor`, `limit`)."
    ),
    auth=signed_in,
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", tenancy_router)
api.add_router("/", audit_router)
api.add_router("/", workcal_router)
api.add_router("/", workforce_router)
