"""A fixed-window rate limit in the shared cache, for public forms (sign-in has django-allauth's own)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from coproduce.core.audit import client_ip


def allow(request: HttpRequest, scope: str, *, limit: int, seconds: int, key: str = "") -> bool:
    """Count one attempt at `scope` from this client (and `key`, e.g. an email address); False once more than
    `limit` attempts were made in the current window of `seconds`."""
    who = hashlib.sha256(f"{client_ip(request) or '-'}|{key.lower()}".encode()).hexdigest()[:32]
    return allow_key(scope, who, limit=limit, seconds=seconds)


def allow_key(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt at `scope` for `key` from any client (for example a hashed email address, so a sign-up
    for one address is limited wherever it comes from); False once more than `limit` in the current window."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit
