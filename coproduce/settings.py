"""Settings for coproduce, read from environment variables only (documented in .env.example).

Development (DJANGO_DEBUG=true, as `make run` sets) has safe local defaults. Production (the default) needs
SECRET_KEY and ALLOWED_HOSTS and turns on HTTPS-only cookies, HSTS and the staff second factor.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from coproduce.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

# Development only: refused below whenever DJANGO_DEBUG is off.
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None, required=not DEBUG)
# Old keys, still accepted for signed data (sessions, links) while you rotate SECRET_KEY.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the service answers to, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the service, used in emails (invitations, sign-in links).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else None, required=not DEBUG).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "coproduce.core",
    "coproduce.accounts",
    "coproduce.organisations",
    "coproduce.people",
    "coproduce.stakeholders",
    "coproduce.projects",
    "coproduce.commitments",
    "coproduce.consent",
    "coproduce.equality",
    "coproduce.datarights",
    "coproduce.safeguarding",
    "coproduce.comms",
    "coproduce.engagement",
    "coproduce.payments",
    "coproduce.contributions",
    "coproduce.decisions",
    "coproduce.publishing",
    "coproduce.newsletter",
    "coproduce.public",
    "coproduce.insights",
    "coproduce.peers",
    "coproduce.communities",
    "coproduce.learning",
]

MIDDLEWARE = [
    "coproduce.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduce.core.middleware.CurrentOrganisationMiddleware",
    "coproduce.core.middleware.StaffMfaMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coproduce" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "coproduce.core.context_processors.layout",
            ],
        },
    }
]
FORM_RENDERER = "coproduce.core.forms.GovukFormRenderer"

# Database: SQLite file by default; DATABASE_URL (e.g. postgres://user@host:5432/name) switches to PostgreSQL.
# In production DATABASE_URL must be given, so a missing variable can't silently mean a local SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}" if DEBUG else None, required=not DEBUG),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            # A Redis that does not answer must not hang sign-in or the health check.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: email + password for staff, emailed one-time code for people without a password.
ACCOUNT_ADAPTER = "coproduce.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "coproduce.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "coproduce: "
# Lockout: 5 wrong passwords for one account lock it for 15 minutes; 30 a minute from one address.
ACCOUNT_RATE_LIMITS = {
    # An empty value would switch the lockout off: it means the default instead.
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "").strip() or "30/m/ip,5/15m/key",
    "login": "60/m/ip",
    "request_login_code": "10/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "coproduce"
# Staff (anyone with a role in an organisation) must set up an authenticator app before using the service.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", not DEBUG)

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Importing people: the largest spreadsheet accepted, in bytes (10 MB). Larger files are refused with a message to
# split them; the upload is held in memory only up to this size, never written to disk.
PEOPLE_IMPORT_MAX_BYTES = env_int("PEOPLE_IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# Files with more rows than this are imported by the background worker rather than in the web request.
PEOPLE_IMPORT_INLINE_ROWS = env_int("PEOPLE_IMPORT_INLINE_ROWS", 2000, minimum=1)
# Contributions' files (drawings, photos, graphic records): private, served only by
# contributions.views.contribution_file, never by whitenoise or the web server, so there is no MEDIA_URL.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
# The largest file a contribution may have, in bytes (10 MB).
CONTRIBUTION_MAX_BYTES = env_int("CONTRIBUTION_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# The ONS Postcode Directory CSV an organisation uploads for its postcode → neighbourhood lookup (about 1 GB for
# the whole UK); larger files can be imported with `manage.py import_postcode_lookup`.
# How long a worked-out insights report is kept in the cache, in seconds (coproduce/insights/cache.py). Only with
# a shared cache (Redis): a cache in each process could not be told of a change made in another, such as an
# objection to the use of someone's equality answers, which must show at once.
INSIGHTS_CACHE_SECONDS = env_int("INSIGHTS_CACHE_SECONDS", 600 if _redis_url else 0, minimum=0)
# After a change (a register taken…), the worker works the organisation-wide report out again straight away, so the
# next visitor does not wait for it.
INSIGHTS_REFRESH_AFTER_CHANGE = True
INSIGHTS_POSTCODE_MAX_BYTES = env_int("INSIGHTS_POSTCODE_MAX_BYTES", 1536 * 1024 * 1024, minimum=1024)
# Every form takes one file at most (a contribution's file, an import): the size cap is per file, so a request
# carrying many would otherwise fill the temporary disk (Django answers 400 to more).
DATA_UPLOAD_MAX_NUMBER_FILES = 2

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in development; SMTP (or any Django email backend) in production, through Django's MAILERS.
EMAIL_BACKEND_CLASS = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_MAILER_OPTIONS: dict = {}
if EMAIL_BACKEND_CLASS.endswith("smtp.EmailBackend"):
    _MAILER_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587, minimum=1),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),  # implicit TLS, usually port 465 (then EMAIL_USE_TLS=false)
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
elif EMAIL_BACKEND_CLASS.endswith("filebased.EmailBackend"):
    _MAILER_OPTIONS = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "build" / "emails"))}
if _MAILER_OPTIONS.get("use_tls") and _MAILER_OPTIONS.get("use_ssl"):
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: use SSL for port 465, else TLS.")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_CLASS, "OPTIONS": _MAILER_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "coproduce <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages to people (email and text) go through the outbox in coproduce/comms, sent by the worker.
# "django": email through the mailer above, text messages printed to the console (development only).
# "notify": GOV.UK Notify, with one generic email and one text template holding ((subject)) and ((body)).
MESSAGE_BACKEND = env_choice("MESSAGE_BACKEND", ("django", "notify"), "django")
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")  # secret: prefer NOTIFY_API_KEY_FILE
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk").rstrip("/")
# A template id per message kind; "email" and "sms" are used for every kind without its own ("reminder:sms").
NOTIFY_TEMPLATES = {
    "email": env_str("NOTIFY_EMAIL_TEMPLATE_ID", ""),
    "sms": env_str("NOTIFY_SMS_TEMPLATE_ID", ""),
}
# GOV.UK Notify's received-text-message callback sends this as a bearer token; empty turns the callback off.
NOTIFY_INBOUND_TOKEN = env_str("NOTIFY_INBOUND_TOKEN", "")  # secret: prefer NOTIFY_INBOUND_TOKEN_FILE
if MESSAGE_BACKEND == "notify" and not (NOTIFY_API_KEY and all(NOTIFY_TEMPLATES.values())):
    raise ImproperlyConfigured(
        "MESSAGE_BACKEND=notify needs NOTIFY_API_KEY (or NOTIFY_API_KEY_FILE), NOTIFY_EMAIL_TEMPLATE_ID and "
        "NOTIFY_SMS_TEMPLATE_ID."
    )

# Security. Cookies are HTTPS-only and the browser is told to use HTTPS (HSTS) unless in development.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers check /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancer, ingress) sit in front of the app and append to X-Forwarded-For. The client's
# address, recorded in the audit log and used by sign-in rate limits, is read that many entries from the right.
# 0 (the default) uses the connection's address: right only when nothing sits in front.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
X_FRAME_OPTIONS = "DENY"
# Messages ("Your changes have been saved") live in the session: no extra cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# No inline scripts or styles anywhere: GOV.UK Frontend's JavaScript is loaded as a module from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Logging: JSON lines (one object per line, with the request id) in production; readable text in development.
LOG_FORMAT = env_choice("LOG_FORMAT", ("json", "text"), "text" if DEBUG else "json")
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "coproduce.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's own console handler (it would print every line twice through the root logger).
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

# Where the "feedback" link in the phase banner sends people.
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "coproduce-feedback@example.org")
