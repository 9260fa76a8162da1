import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if (
    settings.SECRET_KEY_MISSING
    and not settings.DEBUG
    and os.environ.get("SIGAP_ALLOW_INSECURE_KEY") != "1"
):
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set to serve Sigap with DEBUG off"
    )
application = get_wsgi_application()
