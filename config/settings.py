"""Sigap settings: one module, every value from the environment (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet as xstatic_leaflet

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
# Without a key, management commands still run (makemigrations, tests) on a throwaway
# key that `check --deploy` flags; serving requests refuses to start (config/wsgi.py).
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    SECRET_KEY = "django-insecure-sigap-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "bootstrap",
    "axes",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # Platform layer, bottom up (the import-linter contract in pyproject.toml keeps the
    # layers), then the domain apps, then the shell that collects them.
    "sigap.identifiers",
    "sigap.audit",
    "sigap.platform",
    "sigap.tenancy",
    "sigap.accounts",
    "sigap.notifications",
    "sigap.trail",
    "sigap.workcal",
    "sigap.workforce",
    "sigap.services",
    "sigap.learning",
    "sigap.surveys",
    "sigap.complaints",
    "sigap.queues",
    "sigap.consultations",
    "sigap.shell",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sigap.platform.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.shell.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sigap.accounts.middleware.ApiTokenMiddleware",
    "sigap.platform.api.ApiErrorShapeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sigap.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sigap.shell.middleware.HtmxMessagesMiddleware",
    "sigap.accounts.middleware.TenantMiddleware",
    "sigap.audit.middleware.AuditChannelMiddleware",
    "sigap.audit.middleware.AuditActorMiddleware",
    # Axes must be last: it turns lock-outs into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigap.shell.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sigap.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL + a busy timeout let the web process and the task worker share the file.
    # IMMEDIATE: a transaction takes the write lock when it begins, so it waits for the
    # other process (busy timeout) instead of failing with "database is locked" when a
    # read inside it later tries to become a write while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sigap.accounts.backends.EmailOrPhoneBackend",
    "sigap.accounts.roles.AgencyRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("SIGAP_FAST_PASSWORD_HASHER", default=False):
    # Test runs only: argon2 is deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:dashboard"
LOGOUT_REDIRECT_URL = "shell:home"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Failures count per account and address together: an address alone would lock a whole
# office behind one NAT address out after five typos. "username" is the account's canonical
# username whatever was typed (any case, the email, the phone in any spelling), so that
# spellings share one counter and a success with one spelling cannot reset another's
# (issue 8, item 1; sigap.accounts.login_identity).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sigap.accounts.login_identity.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# The shared catalogue, then any app's own (sigap/<app>/locale), which
# compile_translations compiles like the shared one.
LOCALE_PATHS = [BASE_DIR / "locale", *sorted((BASE_DIR / "sigap").glob("*/locale"))]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Leaflet (the point-on-a-map picker) from its PyPI package, served under /static/leaflet/.
STATICFILES_DIRS = [("leaflet", xstatic_leaflet.BASE_DIR)]
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Citizens' uploaded documents: outside the web root, no URL of their own; they are
# served only through permission-checked views (services.views.document).
PRIVATE_MEDIA_ROOT = env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
SIGAP_UPLOAD_MAX_BYTES = env_int("SIGAP_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# Share of a standard's time budget left at which an application is flagged near due
# (unconfirmed: no regulation names it).
SIGAP_SLA_NEAR_DUE_SHARE = float(env_str("SIGAP_SLA_NEAR_DUE_SHARE", "0.25"))
# Working days a citizen has to fix an application returned for revision before it lapses
# (unconfirmed: no regulation names it; services.lapse).
SIGAP_RETURNED_LAPSE_WORKING_DAYS = env_int("SIGAP_RETURNED_LAPSE_WORKING_DAYS", 14)
WHITENOISE_MAX_AGE = 86400

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security: production-grade by default; the demo script relaxes only what plain HTTP needs.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Django's database sessions; the per-request read compiled once (platform.sessions).
SESSION_ENGINE = "sigap.platform.sessions"
# The reads every signed-in request makes (session, user, grants, registry stamps) are
# prepared on PostgreSQL (sigap.platform.prepared.hot_cursor). Turn off behind a
# connection pooler in transaction mode that cannot keep prepared statements.
SIGAP_PREPARE_HOT_READS = env_bool("SIGAP_PREPARE_HOT_READS", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Empty: sigap.platform.security.DEFAULT_POLICY (script-src 'self', all assets local).
SIGAP_CONTENT_SECURITY_POLICY = env_str("SIGAP_CONTENT_SECURITY_POLICY", "")
# Map tiles for choosing a point (complaints; sigap.platform.maps): a URL template such
# as ``https://peta.pemda.go.id/tiles/{z}/{x}/{y}.png`` on the pemda's own tile server
# (docs/operations.md, "Map tiles"). Empty: no map; the address, the coordinates and
# "use my location" remain. Its origin is added to the policy's img-src.
SIGAP_MAP_TILE_URL = env_str("SIGAP_MAP_TILE_URL", "")
SIGAP_MAP_ATTRIBUTION = env_str("SIGAP_MAP_ATTRIBUTION", "")
# Where the map opens before a point is chosen: "latitude,longitude,zoom" (Indonesia).
SIGAP_MAP_CENTER = env_str("SIGAP_MAP_CENTER", "-2.5,118.0,5")
if SECURE_HSTS_SECONDS == 0 and not DEBUG:
    SILENCED_SYSTEM_CHECKS = ["security.W004"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file backend (bin/demo's default) writes each message, one file per send.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sigap@localhost")

# Notifications (sigap.notifications, docs/domain/notifications.md). Links in emails and
# SMS need the site's public address; SMS and WhatsApp go through the adapter classes
# named here (the defaults only log, to a masked number). A failed send is retried after
# RETRY_SECONDS, doubling each time, until MAX_ATTEMPTS.
SIGAP_PUBLIC_URL = env_str("SIGAP_PUBLIC_URL", "http://127.0.0.1:8000")
SIGAP_SMS_ADAPTER = env_str("SIGAP_SMS_ADAPTER", "sigap.notifications.channels.LoggingSmsAdapter")
SIGAP_WHATSAPP_ADAPTER = env_str(
    "SIGAP_WHATSAPP_ADAPTER", "sigap.notifications.channels.LoggingWhatsAppAdapter"
)
SIGAP_NOTIFICATION_MAX_ATTEMPTS = env_int("SIGAP_NOTIFICATION_MAX_ATTEMPTS", 8)
SIGAP_NOTIFICATION_RETRY_SECONDS = env_int("SIGAP_NOTIFICATION_RETRY_SECONDS", 60)

# Satisfaction survey (sigap.surveys, docs/domain/surveys.md): days a survey link stays
# valid, and the fewest respondents behind any per-officer, profile or published figure.
SIGAP_SURVEY_LINK_DAYS = env_int("SIGAP_SURVEY_LINK_DAYS", 14)
SIGAP_SURVEY_MIN_GROUP = env_int("SIGAP_SURVEY_MIN_GROUP", 10)

# Competency development (sigap.learning, docs/domain/learning.md): the yearly JP target of
# PPPK. Every PNS is entitled to 20 JP a year; the domain notes say nothing of PPPK, so
# their target is a setting (unconfirmed): 20 like PNS, 0 for none.
SIGAP_PPPK_TARGET_JP = env_int("SIGAP_PPPK_TARGET_JP", 20, minimum=0, maximum=200)

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_nik": {"()": "sigap.identifiers.logging.MaskNIKFilter"},
        "client_errors_one_line": {"()": "sigap.platform.logs.ClientErrorsOnOneLine"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_errors_one_line", "mask_nik"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own handlers (mail_admins included) so every record passes the NIK filter.
        "django": {
            "handlers": ["console"],
            "level": env_str("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.db.backends": {"level": "WARNING"},
    },
}
AXES_VERBOSE = False

# Per-address limits of the anonymous account pages (sigap.accounts.throttle): attempts
# per window. Recovery links expire after PASSWORD_RESET_TIMEOUT seconds.
SIGAP_RATE_WINDOW_SECONDS = env_int("SIGAP_RATE_WINDOW_SECONDS", 900)
SIGAP_RATE_REGISTER = env_int("SIGAP_RATE_REGISTER", 10)
SIGAP_RATE_LOGIN = env_int("SIGAP_RATE_LOGIN", 60)
SIGAP_RATE_RECOVER = env_int("SIGAP_RATE_RECOVER", 10)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
