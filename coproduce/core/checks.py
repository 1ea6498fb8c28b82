"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs, **kwargs) -> list:
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "REDIS_URL is not set: sign-in rate limits and lockouts are counted separately in each process.",
                hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) before running more than one process.",
                id="coproduce.W001",
            )
        ]
    return []
