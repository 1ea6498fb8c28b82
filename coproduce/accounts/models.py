"""User accounts (email is the sign-in name) and API tokens, which belong to one organisation membership."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin, _user_has_perm
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet, uuid7


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who can sign in. Staff have memberships of organisations; a superuser is a platform administrator."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text=_("Can use the Django admin site (platform administrators only).")
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """As Django's, except that a platform administrator (superuser) gets the permissions in
        ROLE_ONLY_PERMISSIONS only through a role in the organisation, like everyone else."""
        if perm in ROLE_ONLY_PERMISSIONS:
            return self.is_active and _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)


# Special category data, safeguarding concerns and people's data rights are for the roles whose job they are: a
# platform administrator does not see them just by being one.
ROLE_ONLY_PERMISSIONS = frozenset(
    {
        "equality.view_answers",
        "safeguarding.handle_concerns",
        "datarights.manage_requests",
        "datarights.erase_person",
    }
)


# A public prefix that marks coproduce tokens (so secret scanners can spot leaks), not a secret.
TOKEN_PREFIX = "cpt_"  # noqa: S105


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(TenantQuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(TenantModel):
    """A secret that lets a program call the API as one member of one organisation. Only its hash is stored."""

    membership = models.ForeignKey("organisations.Membership", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField(max_length=12)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @staticmethod
    def generate_key() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
