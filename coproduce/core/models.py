"""Cross-cutting models: identifiers, the tenant-scoped QuerySet every tenant model uses, and the audit log."""

from __future__ import annotations

import os
import time
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): unguessable in URLs, yet kind to B-tree indexes at scale."""
    if hasattr(uuid, "uuid7"):  # Python 3.14+
        return uuid.uuid7()
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # 12 random bits
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


class TenantQuerySet(models.QuerySet):
    """Every read of tenant data in a request starts here, so nothing leaks between organisations."""

    def for_organisation(self, organisation: Organisation) -> TenantQuerySet:
        return self.filter(organisation=organisation)

    def has_name(self, name: str, *, exclude: models.Model | None = None) -> bool:
        """Whether a record here is already called `name` (ignoring case), other than `exclude`."""
        found = self.filter(name__iexact=name.strip())
        if exclude is not None and exclude.pk is not None:
            found = found.exclude(pk=exclude.pk)
        return found.exists()


class TenantModel(models.Model):
    """Base for records that belong to exactly one organisation (the tenant)."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> AuditEventQuerySet:
        return self.filter(organisation=organisation)

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One append-only line of the audit log: who did what to which record, when and from where.

    Written only through `coproduce.core.audit.audit_record`. The app refuses to change or delete rows, and
    a PostgreSQL trigger refuses UPDATE and DELETE on the table itself.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out")
        SIGN_OUT = "sign_out", _("Signed out")
        INVITE = "invite", _("Invited")
        ACCEPT = "accept", _("Accepted")
        REVOKE = "revoke", _("Revoked")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        MERGE = "merge", _("Merged")
        SHARE = "share", _("Shared")
        WITHDRAW = "withdraw", _("Withdrawn")
        ERASE = "erase", _("Erased")

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # PROTECT: an account with audit history is anonymised, never deleted (a delete would need an UPDATE here).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text so the line still says who it was if the account is later anonymised or removed.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit page: one organisation's events, newest first, optionally filtered by action.
            models.Index(fields=["organisation", "-created_at"], name="audit_org_created"),
            # "Everything that happened to this record".
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")
