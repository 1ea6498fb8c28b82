"""The tenant (an organisation: a local authority's family hubs partnership), its hubs, its members and their roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet, uuid7


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    LEAD = "lead", _("Co-production lead")
    STAFF = "staff", _("Hub staff or family practitioner")
    PARTNER = "partner", _("Partner organisation")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Designated safeguarding lead")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    VIEWER = "viewer", _("Viewer (read only)")


ROLE_DESCRIPTIONS = {
    Role.ADMIN: _("Manages the organisation: hubs, members and their roles, and can read the audit log."),
    Role.LEAD: _("Plans and runs co-production with families, and manages hubs."),
    Role.STAFF: _("Works with families: can find people and their contact details."),
    Role.PARTNER: _("Takes part on behalf of a partner organisation, such as a charity or school."),
    Role.PEER_SUPPORTER: _("A parent or carer who supports other families."),
    Role.SAFEGUARDING_LEAD: _("Handles safeguarding concerns: can find people and their contact details."),
    Role.DATA_PROTECTION_OFFICER: _("Looks after people's data: can find people and read the audit log."),
    Role.VIEWER: _("Can look at hubs but change nothing and see nobody's contact details, for example a commissioner."),
}


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user) -> OrganisationQuerySet:
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """A local authority's family hubs partnership: the tenant every other record belongs to."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("short web name"),
        max_length=60,
        unique=True,
        help_text=_("Used in web addresses of the public pages, for example northby-family-hubs."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Hub(TenantModel):
    """A family hub site, or a spoke, outreach or virtual offer, of an organisation."""

    class Kind(models.TextChoices):
        HUB = "hub", _("Family hub")
        SPOKE = "spoke", _("Spoke site")
        OUTREACH = "outreach", _("Outreach")
        VIRTUAL = "virtual", _("Virtual (online or phone)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="hubs")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type of site"), max_length=20, choices=Kind.choices, default=Kind.HUB)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="hub_unique_name_per_org")]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(TenantQuerySet):
    def for_user(self, user) -> MembershipQuerySet:
        return self.filter(user=user)

    def member_ids(self, organisation_id, users) -> set:
        """Of these users (None ignored), the ids of those who are members of the organisation (one query, none
        for no users): to check that people chosen in a form belong to it."""
        ids = {user.pk for user in users if user is not None}
        if not ids:
            return set()
        return set(self.filter(organisation_id=organisation_id, user_id__in=ids).values_list("user_id", flat=True))


class Membership(TenantModel):
    """A user's role in one organisation. Families are people, not members: members are staff and partners."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_one_per_user_and_org"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class InvitationQuerySet(TenantQuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TenantModel):
    """An emailed invitation to join an organisation with a role. The link carries a secret; only its hash is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per person per organisation: inviting again replaces the old one.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
