"""Settings for the test suite: production-like, minus HTTPS redirects and hashed static file names."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from coproduce.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Messages go through Django's (in-memory) mailer; the Notify tests switch to a local fake of Notify.
MESSAGE_BACKEND = "django"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, inside the test, so their effects (emails) can be asserted.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Tests that need the second factor turn it on with the `settings` fixture.
REQUIRE_STAFF_MFA = False
# Serve static files straight from the finders (no collectstatic in tests), as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests run in one process, so its own cache is shared: keep insights reports, to test that they are kept and
# replaced when something changes.
INSIGHTS_CACHE_SECONDS = 600
# ...but do not work reports out again after every change in tests (the tasks run at once here).
INSIGHTS_REFRESH_AFTER_CHANGE = False
