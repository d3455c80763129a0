"""Baton's one settings file. Every setting that differs between machines comes from the
environment (12-factor); the defaults are safe for a developer's laptop and the demo."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF

# Model fields, querysets and managers become subscriptable at run time (`LineField[str, str]`), as
# django-stubs types them for mypy; nothing else changes.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("BATON_DEBUG", False)
SECRET_KEY = os.environ.get("BATON_SECRET_KEY") or (
    "insecure-development-key-set-BATON_SECRET_KEY-in-production"
    if DEBUG or os.environ.get("BATON_ALLOW_INSECURE_KEY")
    else None
)
if not SECRET_KEY:
    # Refuse to run with a guessable key outside development.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set BATON_SECRET_KEY (or BATON_DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("BATON_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("BATON_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "baton.core.error_pages.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "ninja",  # serves Swagger UI's files from Baton, not a CDN, at /api/docs
    "axes",
    "csp",
    # Baton's own apps, bottom to top: each may use those above it in this list, never those below
    # (docs/architecture.md). `baton demo` and the test world build each app's data in this order.
    "baton.core",
    "baton.cycle",
    "baton.direction",
    "baton.responsibilities",
    "baton.consultations",
    "baton.governance",
    "baton.assessment",
    "baton.structures",
    "baton.people",
    "baton.relationships",
    "baton.learning",
    "baton.resources",
    "baton.insight",
    "baton.patient_insight",
    "baton.loop",
    "baton.evaluation",
    "baton.reach",
    "baton.indicators",
    "baton.boardpack",
    "baton.public",
    "baton.hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every answer, error pages too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baton.core.cache_headers.NoStoreMiddleware",
    "baton.core.middleware.BatonLoginRequiredMiddleware",
    "baton.core.middleware.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a sign-in lock-out into the sign-in page's message
]

ROOT_URLCONF = "baton.urls"
WSGI_APPLICATION = "baton.wsgi.application"

TEMPLATES = [
    {
        # Templates live in each app's templates/<app>/ folder (house style), so list those folders
        # rather than Django's default jinja2/ app folders.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": sorted(BASE_DIR.glob("*/templates")),
        "APP_DIRS": False,
        "OPTIONS": {"environment": "baton.core.jinja.environment"},
    },
    {
        # The admin and a few contrib views still render Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('BATON_SQLITE_PATH', BASE_DIR.parent / 'baton.sqlite3')}",
        conn_max_age=int(os.environ.get("BATON_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # in tests the replica is the primary


def _postgres_options(database: Any) -> None:
    """PostgreSQL's JIT compiler off for Baton's connections (BATON_PG_JIT=on keeps the server's
    setting). Baton's reports are many short queries whose estimated cost passes the JIT's
    threshold: compiling took 1 s of a 0.1 s query at large-ICB scale (the loop's monthly
    completion, issue #14), the JIT costing more than it saves, as on many OLTP databases."""
    if "postgresql" not in database["ENGINE"] or os.environ.get("BATON_PG_JIT", "off") != "off":
        return
    options = database.setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c jit=off").strip()


for _database in DATABASES.values():
    _postgres_options(_database)
# Reports read from the replica inside baton.core.db_router.reporting(); without one, from default.
DATABASE_ROUTERS = ["baton.core.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/public/"


def oidc_settings(environ, *, backends: list[str]) -> dict:
    """Sign-in with an organisation account (OpenID Connect), switched on by OIDC_RP_CLIENT_ID.

    The provider's endpoints come, each one, from its own variable (OIDC_OP_*_ENDPOINT) if set;
    otherwise from the provider's discovery document when OIDC_OP_DISCOVERY_URL is set (any
    standards-compliant provider; read on first use, not at start-up, so an unreachable provider
    never stops Baton or its local sign-in); otherwise from Microsoft Entra ID's layout under
    OIDC_AUTHORITY / OIDC_TENANT_ID. None means "ask the discovery document"; an empty
    OIDC_OP_LOGOUT_ENDPOINT leaves the provider's session alone at sign-out."""
    client_id = environ.get("OIDC_RP_CLIENT_ID", "")
    if not client_id:
        return {"OIDC_ENABLED": False, "OIDC_RP_CLIENT_ID": ""}
    discovery_url = environ.get("OIDC_OP_DISCOVERY_URL", "")
    endpoints: dict[str, str | None]
    if discovery_url:
        endpoints = dict.fromkeys(
            [
                "OIDC_OP_AUTHORIZATION_ENDPOINT",
                "OIDC_OP_TOKEN_ENDPOINT",
                "OIDC_OP_USER_ENDPOINT",
                "OIDC_OP_JWKS_ENDPOINT",
                "OIDC_OP_LOGOUT_ENDPOINT",
            ]
        )
    else:
        tenant = environ.get("OIDC_TENANT_ID", "common")
        base = environ.get("OIDC_AUTHORITY", f"https://login.microsoftonline.com/{tenant}/v2.0")
        endpoints = {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": base.replace("/v2.0", "/oauth2/v2.0/authorize"),
            "OIDC_OP_TOKEN_ENDPOINT": base.replace("/v2.0", "/oauth2/v2.0/token"),
            "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": base.replace("/v2.0", "/discovery/v2.0/keys"),
            "OIDC_OP_LOGOUT_ENDPOINT": base.replace("/v2.0", "/oauth2/v2.0/logout"),
        }
    return {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": environ.get("OIDC_RP_CLIENT_SECRET", ""),
        "OIDC_OP_DISCOVERY_URL": discovery_url,
        **{name: environ.get(name, default) for name, default in endpoints.items()},
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_SCOPES": "openid email profile",
        "OIDC_CREATE_USER": False,  # only people an administrator has given a membership may sign in
        "OIDC_STORE_ID_TOKEN": True,  # the hint the provider's end_session_endpoint asks for at sign-out
        "OIDC_AUTHENTICATION_CALLBACK_URL": "core:oidc_callback",
        "OIDC_TIMEOUT": 10,  # seconds; a provider that does not answer fails the sign-in, not the server
        # After the sign-in lock-out (axes), which must refuse a locked account first.
        "AUTHENTICATION_BACKENDS": [
            *[b for b in backends if b.startswith("axes.")],
            "baton.core.oidc.BatonOIDCBackend",
            *[b for b in backends if not b.startswith("axes.")],
        ],
    }


OIDC_ENABLED = False  # named here for readers (and mypy); oidc_settings() turns it on with the rest
OIDC_RP_CLIENT_ID = ""
globals().update(oidc_settings(os.environ, backends=AUTHENTICATION_BACKENDS))
# First, so a locked account or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("BATON_STATIC_ROOT", BASE_DIR.parent / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("BATON_MEDIA_ROOT", BASE_DIR.parent / "media"))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("BATON_S3_BUCKET"):
    # Uploads go to object storage so that any app server can serve any request.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BATON_S3_BUCKET"],
            "endpoint_url": os.environ.get("BATON_S3_ENDPOINT_URL"),
        },
    }

# Redis is a cache and a queue, never the only copy of anything, and Baton keeps serving when it
# is down: the cache degrades to a miss (django-redis ignores the error and logs it, after at most
# a second's wait), and sessions live in the database alone (Django's default engine), so
# signing in and every signed-in page need no Redis. Not cached_db: with Redis down it fails on
# every page, and a sign-out during an outage could come back to life from a Redis that kept
# its data.
REDIS_URL = os.environ.get("REDIS_URL", "")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "baton.redis"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work through Django's tasks API. The database backend needs nothing extra; RQ on
# Redis when BATON_TASKS=rq. BATON_TASKS=immediate runs tasks inline (tests, demo).
_tasks = os.environ.get("BATON_TASKS", "database")
TASKS: dict[str, dict[str, Any]]
if _tasks == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif _tasks == "rq":
    INSTALLED_APPS += ["django_tasks_rq", "django_rq"]  # django_rq provides the rqworker command
    # A Redis that does not answer (a dropped network, not a refused connection) must not hold a
    # request for the system's connect timeout of minutes: connecting gives up after 2 s. Only the
    # connect: the worker's blocking wait for jobs reads for longer than any read timeout would allow.
    _rq_url = REDIS_URL or "redis://127.0.0.1:6379/0"
    if "socket_connect_timeout=" not in _rq_url:
        _rq_url += ("&" if "?" in _rq_url else "?") + "socket_connect_timeout=2"
    RQ_QUEUES = {"default": {"URL": _rq_url}}
    # With Redis down, a task that cannot be queued is logged, not raised: what asked for it
    # (an action, on commit) has been saved and must not turn into an error page.
    TASKS = {"default": {"BACKEND": "baton.core.tasks_backend.ResilientRQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("BATON_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("BATON_FROM_EMAIL", "Baton <baton@localhost>")
BATON_BASE_URL = os.environ.get("BATON_BASE_URL", "http://127.0.0.1:8000")

# Secure defaults; the HTTPS ones switch on behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
_https = env_bool("BATON_HTTPS", False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("BATON_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_HSTS_SECONDS = 31536000 if _https else 0

# Content-Security-Policy (django-csp): Baton's pages load only Baton's own files. Inline scripts
# run only with the request's nonce (the design system's one-line class switch in the page
# template); no inline styles, no eval. Swagger UI's pictures are data: URIs. frame-ancestors
# 'none' is X_FRAME_OPTIONS = "DENY" for browsers that read CSP.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def provider_origins(values: dict) -> list[str]:
    """The identity provider's origins, from its configured endpoints: signing out is a form that
    Baton answers with a redirect to the provider's sign-out, and CSP's form-action governs where
    a form's redirects may go."""
    from urllib.parse import urlsplit

    names = ("OIDC_OP_LOGOUT_ENDPOINT", "OIDC_OP_DISCOVERY_URL", "OIDC_OP_AUTHORIZATION_ENDPOINT")
    origins = []
    for name in names:
        parts = urlsplit(values.get(name) or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [SELF, *provider_origins(globals())]

# Sign-in throttling (django-axes; the policy is in baton/core/lockout.py and docs/deploy.md).
AXES_HANDLER = "baton.core.lockout.SignInThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching its limit locks
AXES_FAILURE_LIMIT = int(os.environ.get("BATON_SIGN_IN_ACCOUNT_LIMIT", "10"))
BATON_SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("BATON_SIGN_IN_ADDRESS_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("BATON_SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # hammering does not lengthen the wait we announce
AXES_LOCKOUT_CALLABLE = "baton.core.lockout.locked_out_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure, with username and address, in the admin
# The client's address. Behind BATON_HTTPS's load balancer it is the entry the balancer (and any
# proxy before it: BATON_PROXY_COUNT in all) appended to X-Forwarded-For, counted from the right;
# anything further left was written by the client and could be anything.
_proxies = int(os.environ.get("BATON_PROXY_COUNT", "1" if _https else "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...]
if _proxies:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = _proxies - 1  # ipware counts the proxies listed before the last entry
    IPWARE_STRICT = False  # a chain longer than expected (a client's own X-Forwarded-For) is normal
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BATON_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
BATON_PAGE_SIZE = 25
# People whose last day taking part or in touch is longer ago than this lose their contact details
# (`baton retention`); 1095 days is three years.
BATON_RETENTION_DAYS = int(os.environ.get("BATON_RETENTION_DAYS", "1095"))
# Worker processes that label a large feedback import's comments while the task writes them (the
# engine uses one core a process); 1 labels in the task's own process.
BATON_IMPORT_WORKERS = max(1, int(os.environ.get("BATON_IMPORT_WORKERS", str(min(os.cpu_count() or 1, 4)))))
# Registrations of interest one address may send through the public form in an hour.
BATON_PUBLIC_FORM_LIMIT = int(os.environ.get("BATON_PUBLIC_FORM_LIMIT", "10"))
