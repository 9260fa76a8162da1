"""The JSON API at /api/v1/: one NinjaAPI, one router per app, collected from the apps'
declarations (``SigapAppConfig.api_router``)."""

from __future__ import annotations

from django.utils.module_loading import import_string

from sigap.platform.api import SigapAPI, install_error_handlers, signed_in
from sigap.platform.declarations import sigap_apps

api = SigapAPI(
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
for config in sigap_apps():
    if config.api_router:
        api.add_router("/", import_string(config.api_router.replace(":", ".")))
