"""IntraSphere settings: one module, driven by the environment (and an optional `.env`)."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from intrasphere.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    "intrasphere.apps.AdminConfig",  # django.contrib.admin, audited (intrasphere/admin_audit.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "csp",
    # Before post_office: its `cleanup_mail` command is replaced by ours (sent mail only).
    "intrasphere",
    "post_office",
    "django_prometheus",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "content",
    "training",
    "forum",
    "complaints",
    "intrasphere.roof",  # the roof: dashboard, search, seeds (composes the domains)
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "intrasphere.middleware.request_log.RequestIdMiddleware",
    "intrasphere.middleware.probes.HealthCheckMiddleware",
    "intrasphere.middleware.query_string.NullCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The second factor for people with rights, when the site setting asks for it.
    "accounts.second_factor.SecondFactorMiddleware",
    "intrasphere.middleware.cache_control.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "intrasphere.middleware.post_limit.PostRateLimitMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "intrasphere.urls"
WSGI_APPLICATION = "intrasphere.wsgi.application"
ASGI_APPLICATION = "intrasphere.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "intrasphere.context_processors.portal",
                "accounts.context_processors.manage_nav",
            ],
            # `{{ value|when }}` in every template, without a load (docs/features.md, "Dates").
            "builtins": ["intrasphere.templatetags.dates"],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL through DATABASE_URL ------------------------
# With DEBUG off the database is never implied: a shell or a cron job missing the environment
# must fail, not write to the demo SQLite file (DATABASE_URL=sqlite:///… to mean SQLite).
# The embedded default: the demo SQLite file beside manage.py (`make run`; seed_demo may fill it).
EMBEDDED_DATABASE = not env.str("DATABASE_URL", default="")
if not DEBUG and EMBEDDED_DATABASE:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DEBUG is off (e.g. postgres://user:pass@host:5432/name, "
        "or sqlite:////absolute/path/db.sqlite3 to use SQLite on purpose)."
    )
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Count queries and errors per database for /metrics (django-prometheus wraps the real backend).
_METRICS_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = _METRICS_ENGINES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate-limit counters and sessions: Redis when REDIS_URL is set ----------------------
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)  # seconds: a dead Redis must not stall


# Each process's own memory, for what is right by its key alone (shared values, whose key holds
# the generations; rendered Markdown, keyed by its text; the viewer's header, keyed by all it
# shows) or may lag a few seconds (site settings): it saves a Redis round trip each time.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "intrasphere-process",
    "OPTIONS": {"MAX_ENTRIES": env.int("LOCAL_CACHE_ENTRIES", default=1000)},
}


def redis_caches(url: str, prefix: str = "intrasphere") -> dict:
    """When Redis is unreachable every cache call is a miss (never an error): sessions fall back
    to the database and pages render. The "ratelimit" alias sees the same misses, and then
    django-ratelimit counts nothing and limits: sign-in fails closed (see views.ratelimited)."""
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": REDIS_TIMEOUT,
    }
    cache = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    return {
        "default": {**cache, "OPTIONS": options},
        "ratelimit": {**cache, "OPTIONS": options},
        "local": LOCAL_CACHE,
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, env.str("CACHE_KEY_PREFIX", default="intrasphere"))
    SILENCED_SYSTEM_CHECKS: list[str] = []
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "local": LOCAL_CACHE,
    }
    # Embedded default (one process): local memory is acceptable for rate-limit counters.
    # Production sets REDIS_URL, and then these checks are live again.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]


SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.directory.DirectoryBackend",  # the directory's passwords; inert without LDAP_*
    "accounts.backends.RoleBackend",
    "accounts.backends.GrantBackend",  # delegated rights, with expiry (see its docstring)
    "accounts.backends.ObjectPermissionBackend",  # guardian's, honouring grant expiry
    "accounts.oidc.OIDCBackend",  # company sign-in; inert without OIDC_* settings
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# Invitations (accounts/invitations.py): a one-time set-password link, valid this many days.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# The portal's address as people reach it ("https://intranet.example.com"): links in emails sent
# outside a request (management commands) are built on it.
PORTAL_URL = env.str("PORTAL_URL", default="")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
GUARDIAN_RAISE_403 = False

# --- Company sign-in: OpenID Connect (accounts/oidc.py, docs/accounts.md) ----------------------
# mozilla-django-oidc, configured from the environment only. Without OIDC_DISCOVERY_URL and
# OIDC_CLIENT_ID there is no button and nothing changes. The provider's endpoints are read from
# its discovery document on first use (cached), never at start-up.
OIDC_DISCOVERY_URL = env.str("OIDC_DISCOVERY_URL", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="") or "your company account"
# Only people already known may enter, unless true (an account made at first sign-in).
OIDC_CREATE_USERS = env.bool("OIDC_CREATE_USERS", default=False)
OIDC_CREATE_USER = OIDC_CREATE_USERS  # the library's name
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
# claim=field pairs (fields: first_name, last_name, email, department, position, employee_id),
# added to given_name=first_name, family_name=last_name, email=email.
OIDC_CLAIMS_MAP = env.dict("OIDC_CLAIMS_MAP", default={})
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# Group claim values that make a moderator. Nothing ever makes an administrator from a claim.
OIDC_MODERATOR_GROUPS = env.list("OIDC_MODERATOR_GROUPS", default=[])
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=5.0)  # seconds, every call to the provider
OIDC_DISCOVERY_TTL = env.int("OIDC_DISCOVERY_TTL", default=3600)  # seconds
OIDC_STATE_MAX_AGE = env.int("OIDC_STATE_MAX_AGE", default=600)  # an unanswered sign-in expires
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the provider's sign-out needs it (id_token_hint)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_ENABLED = bool(OIDC_DISCOVERY_URL and OIDC_RP_CLIENT_ID)
# --- The company directory: LDAP / Active Directory (accounts/directory.py, docs/accounts.md) ---
# Password sign-in against the directory (django-auth-ldap) and `manage.py sync_directory`.
# Without LDAP_SERVER_URI nothing changes.
LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", default="")
LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
LDAP_USER_SEARCH_BASE = env.str("LDAP_USER_SEARCH_BASE", default="")
# Active Directory: (sAMAccountName=%(user)s)
LDAP_USER_FILTER = env.str("LDAP_USER_FILTER", default="(uid=%(user)s)")
# attribute=field pairs, added to givenName=first_name, sn=last_name, mail=email.
LDAP_ATTR_MAP = env.dict("LDAP_ATTR_MAP", default={})
LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_MODERATOR_GROUP_DN = env.str("LDAP_MODERATOR_GROUP_DN", default="")
# The attribute holding a person's manager as a DN (AD and inetOrgPerson: manager); "" = off.
LDAP_MANAGER_ATTR = env.str("LDAP_MANAGER_ATTR", default="manager")
LDAP_TIMEOUT = env.float("LDAP_TIMEOUT", default=5.0)  # seconds
# Entries a page when the sync reads the directory (paged results; AD's own limit is 1000).
LDAP_PAGE_SIZE = env.int("LDAP_PAGE_SIZE", default=500)
# --- Second factor (accounts/second_factor.py): TOTP and recovery codes, django-otp ----------
# Asked of administrators, moderators and holders of delegated rights when the site setting
# "Require a second factor for people with rights" is on. People who signed in through the
# company's provider are trusted to its own second factor unless this is false.
OTP_TRUST_SSO = env.bool("OTP_TRUST_SSO", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="IntraSphere")  # the app's label
RECOVERY_CODES = 10
# Who may still sign in with a password when company sign-in is on: all | admins | none.
LOCAL_LOGIN = env.str("LOCAL_LOGIN", default="all")
if LOCAL_LOGIN not in ("all", "admins", "none"):
    raise ImproperlyConfigured("LOCAL_LOGIN must be all, admins or none.")
# accounts.backends.ObjectPermissionBackend subclasses guardian's (it honours grant expiry);
# guardian's check only recognises its own dotted path.
SILENCED_SYSTEM_CHECKS += ["guardian.W001"]
ANONYMOUS_USER_NAME = None

# --- Rate limits (django-ratelimit; counters live in the default cache) ------------------------
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "intrasphere.views.ratelimited"
# Sign-in counts failures only (accounts/signin_limits.py): per account, and per address a
# generous threshold (an office behind one NAT shares an address).
RATELIMIT_LOGIN = env.str("RATELIMIT_LOGIN", default="5/15m")
RATELIMIT_LOGIN_ADDRESS = env.str("RATELIMIT_LOGIN_ADDRESS", default="50/15m")
RATELIMIT_REGISTER = env.str("RATELIMIT_REGISTER", default="3/h")
RATELIMIT_POST = env.str("RATELIMIT_POST", default="100/15m")
RATELIMIT_PASSWORD_RESET = env.str("RATELIMIT_PASSWORD_RESET", default="5/h")
# Behind a trusted proxy, name the META key that holds the real client address (for example
# HTTP_X_REAL_IP set by your proxy). Never trust X-Forwarded-For from arbitrary clients.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default=None)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
# One set of date formats per language (intrasphere/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["intrasphere.formats"]

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Media is never served from a public path: no URL pattern, whitenoise route or proxy rule
# exposes MEDIA_URL (links built from it 404); downloads go through permission-checked views.
# It is set only so that file widgets (the admin's) can render without raising.
MEDIA_URL = "/media/"
# Where uploads live (MEDIA_STORAGE): `local` (MEDIA_ROOT; one machine, or a shared filesystem
# mounted at the same path on every instance) or `s3` (an S3-compatible object store through
# django-storages: every instance reads and writes the same bucket). intrasphere/media.py.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
# Seconds a signed download URL of the object store stays valid (the view checked the right).
MEDIA_URL_EXPIRE = env.int("MEDIA_URL_EXPIRE", default=60)
# Local storage behind nginx: the `internal` location that serves MEDIA_ROOT (deploy/nginx/);
# the portal then answers a permitted download with X-Accel-Redirect instead of the bytes.
MEDIA_ACCEL_REDIRECT = env.str("MEDIA_ACCEL_REDIRECT", default="")
if MEDIA_ACCEL_REDIRECT and not (
    MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured("MEDIA_ACCEL_REDIRECT must start and end with / (/_media/).")
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    from botocore.config import Config as S3ClientConfig

    S3_BUCKET = env.str("S3_BUCKET", default="")
    if not S3_BUCKET:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (the bucket's name).")
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": env.str("S3_PREFIX", default=""),  # a folder of the bucket
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph …
            "region_name": env.str("S3_REGION", default="") or None,
            # Keys: S3_* or AWS_*; without them boto3's own chain (instance role, ~/.aws).
            "access_key": env.str("S3_ACCESS_KEY_ID", default="")
            or env.str("AWS_ACCESS_KEY_ID", default="")
            or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="")
            or env.str("AWS_SECRET_ACCESS_KEY", default="")
            or None,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,  # path
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own (private): never public-read
            "querystring_auth": True,  # every URL is signed …
            "querystring_expire": MEDIA_URL_EXPIRE,  # … and short-lived
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, max-age=3600"},
            # An unreachable store fails fast (/readyz, uploads) instead of after a minute.
            "client_config": S3ClientConfig(
                connect_timeout=env.float("S3_TIMEOUT", default=5.0),
                read_timeout=env.float("S3_TIMEOUT", default=5.0) * 6,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be local or s3.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Email: queued in the database (django-post-office), sent by `manage.py mail_worker` -------
# EMAIL_URL names the real transport; EMAIL_BACKEND only writes rows into the queue, inside the
# caller's transaction. The worker delivers them with retries (docs/operations.md).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 (set by the line above)
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    # Development (`make run`) delivers at once, still through the queue; production queues.
    "DEFAULT_PRIORITY": env.str("MAIL_PRIORITY", default="now" if DEBUG else "medium"),
    "MAX_RETRIES": env.int("MAIL_MAX_RETRIES", default=6),
    "RETRY_INTERVAL": timedelta(seconds=env.int("MAIL_RETRY_SECONDS", default=60)),
    "LOG_LEVEL": 1,  # keep a Log row for every failed attempt (visible in the admin)
    "BATCH_SIZE": 100,
    "THREADS_PER_PROCESS": 2,
    "MESSAGE_ID_ENABLED": True,
}
if POST_OFFICE["DEFAULT_PRIORITY"] not in ("low", "medium", "high", "now"):
    raise ImproperlyConfigured("MAIL_PRIORITY must be low, medium, high or now.")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="IntraSphere <no-reply@intrasphere.local>"
)

# --- Background jobs: Celery (docs/operations.md, "Background jobs") --------------------------
# Redis is the broker (REDIS_URL, or CELERY_BROKER_URL for another database or server). Without
# one (the embedded default, `make run`) every task runs eagerly in the process that calls it:
# nothing else to install or start.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_IGNORE_RESULT = True  # the jobs log what they did; no result backend
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a long job does not hold back the queue behind it
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # LOGGING applies (intrasphere/logging.py)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 5}
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule")
)


def job_schedule(name: str, default: str):
    """The schedule of a periodic job, overridable from the environment as SCHEDULE_<NAME>:
    a number of seconds (`10`), a cron line of five fields (`*/5 * * * *`, portal time zone),
    or `off`. None when off."""
    value = env.str(f"SCHEDULE_{name}", default=default).strip()
    if value.lower() == "off":
        return None
    if value.isdigit() and int(value) > 0:
        return timedelta(seconds=int(value))
    fields = value.split()
    try:
        if len(fields) != 5:
            raise ValueError("five fields expected")
        minute, hour, day_of_month, month_of_year, day_of_week = fields
        return crontab(minute, hour, day_of_week, day_of_month, month_of_year)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"SCHEDULE_{name}={value!r}: seconds, a five-field cron line, or off ({exc})."
        ) from exc


# Every periodic job of the portal, in one place. Each runs under a lock shared by all machines
# (intrasphere/locks.py) and is safe to run twice in a row; run exactly one `celery beat`.
MAIL_KEEP_DAYS = env.int("MAIL_KEEP_DAYS", default=90)
CERTIFICATE_REMINDER_DAYS = env.int("CERTIFICATE_REMINDER_DAYS", default=30)
# Unread notifications wait this long before they go in a person's email digest.
NOTIFICATION_DIGEST_AFTER_HOURS = env.int("NOTIFICATION_DIGEST_AFTER_HOURS", default=4)

_PERIODIC_JOBS = {
    # name: (task, default schedule, keyword arguments)
    "MAIL_QUEUE": ("intrasphere.mail_queue_send", "10", {}),
    "PUBLISH_SCHEDULED": ("content.publish_scheduled", "*/5 * * * *", {}),
    "CERTIFICATE_REMINDERS": (
        "training.certificate_reminders",
        "0 7 * * *",
        {"days": CERTIFICATE_REMINDER_DAYS},
    ),
    "MAIL_CLEANUP": ("intrasphere.mail_delete_old_sent", "30 3 * * *", {"days": MAIL_KEEP_DAYS}),
    "SESSIONS_CLEAR": ("intrasphere.sessions_clear", "0 4 * * *", {}),
    # The email digests of unread notifications (daily and weekly, per person).
    "SEND_DIGESTS": ("intrasphere.send_digests", "0 7 * * *", {}),
    # The retention periods (PRIVACY_*_DAYS, docs/privacy.md).
    "PURGE_EXPIRED_DATA": ("intrasphere.purge_expired_data", "15 2 * * *", {}),
}
CELERY_BEAT_SCHEDULE = {
    name.lower().replace("_", "-"): {"task": task, "schedule": schedule, "kwargs": kwargs}
    for name, (task, default, kwargs) in _PERIODIC_JOBS.items()
    if (schedule := job_schedule(name, default)) is not None
}

# --- Security headers -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]  # scraped over the internal network; health is earlier
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "intrasphere.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if OIDC_ENABLED:
    # Signing out may go on to the provider's end-session endpoint (a redirect after a form).
    from urllib.parse import urlsplit

    _issuer = urlsplit(OIDC_DISCOVERY_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )

# --- Logging: one JSON line per request and per error (LOG_FORMAT=text for development) -------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
# gunicorn's access log (one more line per request, also for those that never reach Django).
GUNICORN_ACCESS_LOG = env.bool("GUNICORN_ACCESS_LOG", default=False)
LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL, access_log=GUNICORN_ACCESS_LOG)

# --- Metrics (/metrics): a bearer token or an allow-listed address; nobody by default --------
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# /readyz answers 503 when the cache (Redis) is unreachable. Set it off to keep instances in the
# load balancer through a Redis outage (pages keep working; sign-in fails closed).
READYZ_REQUIRE_CACHE = env.bool("READYZ_REQUIRE_CACHE", default=True)
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])  # addresses or CIDR networks
try:
    [ipaddress.ip_network(network, strict=False) for network in METRICS_ALLOWED_IPS]
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from exc
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- Portal -----------------------------------------------------------------------------------
PAGE_SIZE = env.int("PAGE_SIZE", default=20)
# The benchmark's minimal page (/bench/ceiling/, `make bench`); a 404 unless this is on.
BENCH_CEILING = env.bool("BENCH_CEILING", default=False)

# --- REST API (/api/v1/, docs/api.md) ----------------------------------------------------------
API_RATE_READ = env.str("API_RATE_READ", default="1000/15m")
API_RATE_UNSAFE = env.str("API_RATE_UNSAFE", default="100/15m")
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
API_TOKENS_PER_USER = env.int("API_TOKENS_PER_USER", default=20)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.BearerTokenAuthentication",
        "accounts.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "intrasphere.api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "intrasphere.api.throttles.ReadThrottle",
        "intrasphere.api.throttles.UnsafeThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "intrasphere.api.pagination.PortalPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "intrasphere.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IntraSphere API",
    "DESCRIPTION": "The portal's capabilities for programs: same rights as the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets whose field names repeat across domains (status, priority…), named once.
    "ENUM_NAME_OVERRIDES": {
        "AnnouncementTypeEnum": "content.models.Announcement.Type",
        "AnnouncementIconEnum": "content.models.Announcement.Icon",
        "EventTypeEnum": "content.models.Event.Type",
        "RoleEnum": "accounts.models.User.Role",
        "RoleInputEnum": ["admin", "moderator", "employee"],  # the forms name no labels
        "ForumStatusEnum": "forum.models.Status",
        "ForumReportStatusEnum": "forum.models.Report.ReportStatus",
        "ComplaintStatusEnum": "complaints.models.Complaint.Status",
        "ComplaintPriorityEnum": "complaints.models.Complaint.Priority",
        "ComplaintPriorityValueEnum": "complaints.api.serializers.PRIORITY_VALUES",
        "ComplaintStatusValueEnum": "complaints.api.serializers.STATUS_VALUES",
        "ComplaintCategoryEnum": "complaints.models.Complaint.Category",
        "ComplaintCategoryValueEnum": "complaints.api.serializers.CATEGORY_VALUES",
        "ParticipantStatusEnum": "training.models.Participant.Status",
        "TrainingDifficultyEnum": "training.models.Training.Difficulty",
        "QuestionKindEnum": "training.models.Question.Kind",
        "QuestionKindValueEnum": "training.api.serializers.QUESTION_KIND_VALUES",
        "RatingEnum": "training.api.serializers.RATINGS",
    },
}

# --- Helpdesk (complaints) --------------------------------------------------------------------
# Hours allowed to handle a complaint, by priority (the SLA that sets `due_at`).
COMPLAINT_SLA_HOURS = {
    "low": env.int("COMPLAINT_SLA_LOW_HOURS", default=240),
    "normal": env.int("COMPLAINT_SLA_NORMAL_HOURS", default=120),
    "high": env.int("COMPLAINT_SLA_HIGH_HOURS", default=48),
    "urgent": env.int("COMPLAINT_SLA_URGENT_HOURS", default=8),
}
# Days after resolution during which the submitter may reopen a complaint.
COMPLAINT_REOPEN_DAYS = env.int("COMPLAINT_REOPEN_DAYS", default=14)

# Personal data (docs/privacy.md): retention periods in days, applied by
# `manage.py purge_expired_data` (daily). 0 means never.
PRIVACY_ANONYMISE_AFTER_DAYS = env.int("PRIVACY_ANONYMISE_AFTER_DAYS", default=90)
PRIVACY_AUDIT_DAYS = env.int("PRIVACY_AUDIT_DAYS", default=365)
PRIVACY_READ_NOTIFICATION_DAYS = env.int("PRIVACY_READ_NOTIFICATION_DAYS", default=180)
PRIVACY_SENT_MAIL_DAYS = env.int("PRIVACY_SENT_MAIL_DAYS", default=90)
PRIVACY_TOPIC_VIEW_DAYS = env.int("PRIVACY_TOPIC_VIEW_DAYS", default=365)
PRIVACY_ADMIN_LOG_DAYS = env.int("PRIVACY_ADMIN_LOG_DAYS", default=365)
# Closed helpdesk requests (resolved, closed, rejected) deleted after this many days of no
# activity, with their replies, timeline and files; 0 keeps them (the company's records).
PRIVACY_CLOSED_REQUEST_DAYS = env.int("PRIVACY_CLOSED_REQUEST_DAYS", default=0)
# Downloads of one's own data (/accounts/my-data/) per person.
RATELIMIT_EXPORT = env.str("RATELIMIT_EXPORT", default="5/h")
# The reporting channel (confidential complaints): legal deadlines in days from the report.
REPORTING_ACKNOWLEDGE_DAYS = env.int("REPORTING_ACKNOWLEDGE_DAYS", default=7)
REPORTING_FEEDBACK_DAYS = env.int("REPORTING_FEEDBACK_DAYS", default=90)
# A report of /concerns/ closed without action is deleted this many days after its closing
# (France: two months); one closed after follow-up is kept. 0 = never.
REPORTING_CLOSED_NO_ACTION_DAYS = env.int("REPORTING_CLOSED_NO_ACTION_DAYS", default=60)
# Wrong receipt codes or secrets on /concerns/follow/, per address.
RATELIMIT_CONCERN_FOLLOW = env.str("RATELIMIT_CONCERN_FOLLOW", default="10/h")
