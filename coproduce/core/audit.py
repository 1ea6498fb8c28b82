"""Writing the audit log. Services call `audit_record` inside their transaction, so a rolled-back change
leaves no audit line and a committed one always has its line."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.forms.models import model_to_dict

from coproduce.core.models import AuditEvent
from coproduce.core.request_context import current_request_id

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry
    they vouch for (the entry django-allauth's sign-in rate limits use too; where the header is shorter than it
    should be, allauth refuses the request and this falls back to the connection's address)."""
    if request is None:
        return None
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    address = forwarded[-proxies] if proxies and len(forwarded) >= proxies else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(
    *,
    action: str,
    actor: User | None,
    organisation: Organisation | None,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        # Records about people name them by an opaque reference (`audit_label`), so erasure leaves no name here.
        object_label = object_label or str(getattr(obj, "audit_label", None) or obj)[:200]
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    # The IP address is kept for what members do and for what happens to accounts (failed sign-ins are how attacks
    # show), never for lines written without an account (a family's own link, a public form): there it would be
    # personal data about a family that erasure could not take out of an append-only log.
    keep_ip = actor_user is not None or object_type == "accounts.User"
    return AuditEvent.objects.create(
        action=action,
        actor=actor_user,
        actor_label=(actor_user.email if actor_user else "")[:254],
        organisation=organisation,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        summary=summary[:300],
        changes=changes or {},
        ip_address=client_ip(request) if keep_ip else None,
        request_id=current_request_id(),
    )


def assign_and_diff(obj: models.Model, fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, list[Any]]:
    """Set those of `names` given in `fields` on `obj` (not saved) and return what changed, for the audit line."""
    before = model_to_dict(obj, fields=names)
    for name in names:
        if name in fields:
            setattr(obj, name, fields[name])
    return changed_fields(before, model_to_dict(obj, fields=names))


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{"field": [old, new]} for the fields whose values differ, as strings, for the audit line. A field missing
    from `before` (a new record) counts as empty."""
    return {
        name: [str(before.get(name, "")), str(value)] for name, value in after.items() if before.get(name, "") != value
    }
