"""Writes about communities of practice: setting one up and changing it, its members (from the host or, by email,
from any organisation on the platform), themes, learning log, shared resources and meetings. Each runs in one
transaction with one audit line in the host organisation's log; the email to a new member goes once it commits.

The rules live in the `*_problems` functions so that forms can show every problem next to its field at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.communities.models import (
    CommunityMeeting,
    CommunityMember,
    CommunityOfPractice,
    CommunityTheme,
    LearningLogEntry,
    SharedResource,
)
from coproduce.core.audit import assign_and_diff, audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.core.tasks import send_email
from coproduce.organisations.models import Membership

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.engagement.models import Activity
    from coproduce.organisations.models import Organisation

COMMUNITY_FIELDS = ("name", "goal", "scope_in", "scope_out", "senior_sponsor", "started_on", "ends_on", "review_on")
NAME_MAX = CommunityOfPractice._meta.get_field("name").max_length


def _audit(action: str, *, actor: User, community: CommunityOfPractice, obj, summary: str, request, changes=None):
    audit_record(
        action=action,
        actor=actor,
        organisation=community.organisation,
        obj=obj,
        summary=summary,
        changes=changes,
        request=request,
    )


# --- the community ---------------------------------------------------------------------------------------------


def community_problems(
    *,
    organisation: Organisation,
    fields: dict[str, Any],
    facilitator: User | None,
    existing: CommunityOfPractice | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (fields.get("name") or "").strip()
    if not name:
        errors["name"] = _("Enter a name for the community")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name must be %(max)s characters or fewer") % {"max": NAME_MAX}
    elif CommunityOfPractice.objects.for_organisation(organisation).has_name(name, exclude=existing):
        errors["name"] = _("There is already a community called %(name)s") % {"name": name}
    if not (fields.get("goal") or "").strip():
        errors["goal"] = _("Write what the community wants to learn or change")
    started = fields.get("started_on")
    if started is None:
        errors["started_on"] = _("Enter the start date")
    else:
        if fields.get("ends_on") is not None and fields["ends_on"] < started:
            errors["ends_on"] = _("The end date must be the same as or after the start date")
        if fields.get("review_on") is not None and fields["review_on"] < started:
            errors["review_on"] = _("The review date must be the same as or after the start date")
    if facilitator is not None:
        is_host_member = bool(Membership.objects.member_ids(organisation.pk, [facilitator]))
        is_community_member = (
            existing is not None and CommunityMember.objects.filter(community=existing, user=facilitator).exists()
        )
        if not (is_host_member or is_community_member):
            errors["facilitator"] = _("Choose a member of your organisation or of the community")
    return errors


def _make_facilitator(*, community: CommunityOfPractice, facilitator: User | None, actor: User) -> None:
    """The facilitator is always a member with the facilitator role; a previous facilitator stays as a member."""
    CommunityMember.objects.filter(community=community, role=CommunityMember.Role.FACILITATOR).exclude(
        user=facilitator
    ).update(role=CommunityMember.Role.MEMBER)
    if facilitator is None:
        return
    member = CommunityMember.objects.filter(community=community, user=facilitator).first()
    if member is None:
        CommunityMember.objects.create(
            organisation=community.organisation,
            community=community,
            user=facilitator,
            home_organisation=community.organisation,
            role=CommunityMember.Role.FACILITATOR,
            added_by=actor,
        )
    elif member.role != CommunityMember.Role.FACILITATOR:
        member.role = CommunityMember.Role.FACILITATOR
        member.save(update_fields=["role", "updated_at"])


COMMUNITY_DATES = ("started_on", "ends_on", "review_on")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """The community's fields as saved: text trimmed (missing text is empty), dates as given (missing is None)."""
    return {
        name: fields.get(name) if name in COMMUNITY_DATES else (fields.get(name) or "").strip()
        for name in COMMUNITY_FIELDS
    }


@transaction.atomic
def community_create(
    *,
    actor: User,
    organisation: Organisation,
    facilitator: User | None,
    request: HttpRequest | None = None,
    **fields,
) -> CommunityOfPractice:
    errors = community_problems(organisation=organisation, fields=fields, facilitator=facilitator)
    if errors:
        raise ValidationError(errors)
    community = CommunityOfPractice.objects.create(organisation=organisation, facilitator=facilitator, **_clean(fields))
    _make_facilitator(community=community, facilitator=facilitator, actor=actor)
    _audit(
        AuditEvent.Action.CREATE,
        actor=actor,
        community=community,
        obj=community,
        summary=f"Set up the community of practice {community.name}",
        request=request,
    )
    return community


@transaction.atomic
def community_update(
    *,
    actor: User,
    community: CommunityOfPractice,
    facilitator: User | None,
    status: str,
    request: HttpRequest | None = None,
    **fields,
) -> CommunityOfPractice:
    errors = community_problems(
        organisation=community.organisation, fields=fields, facilitator=facilitator, existing=community
    )
    if status not in CommunityOfPractice.Status.values:
        errors["status"] = _("Choose whether the community is active or has ended")
    if errors:
        raise ValidationError(errors)
    before_facilitator = community.facilitator_id
    changes = assign_and_diff(community, {**_clean(fields), "status": status}, (*COMMUNITY_FIELDS, "status"))
    community.facilitator = facilitator
    if before_facilitator != community.facilitator_id:
        changes["facilitator"] = [str(before_facilitator or ""), str(community.facilitator_id or "")]
    if changes:
        community.save()
        _make_facilitator(community=community, facilitator=facilitator, actor=actor)
        _audit(
            AuditEvent.Action.UPDATE,
            actor=actor,
            community=community,
            obj=community,
            changes=changes,
            summary=f"Changed the community of practice {community.name}",
            request=request,
        )
    return community


# --- members ---------------------------------------------------------------------------------------------------


def _home_organisation(user: User, host: Organisation) -> Organisation | None:
    """The organisation someone takes part from: the host if they belong to it, else their first by name."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    if any(m.organisation_id == host.pk for m in memberships):
        return host
    return min((m.organisation for m in memberships), key=lambda o: o.name, default=None)


@transaction.atomic
def member_add(
    *,
    actor: User,
    community: CommunityOfPractice,
    email: str,
    expertise: str = "",
    role: str = CommunityMember.Role.MEMBER,
    request: HttpRequest | None = None,
) -> CommunityMember:
    """Add someone by the email address of their account. They must be a member of an organisation on the platform
    (the host or any other): membership across organisations is explicit, one person at a time."""
    email = email.strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    home = _home_organisation(user, community.organisation) if user is not None else None
    if home is None:
        raise ValidationError(
            {
                "email": _(
                    "No one with this email address works with an organisation on coproduce. Check the address, or "
                    "ask their organisation's administrator to add them first"
                )
            }
        )
    if CommunityMember.objects.filter(community=community, user=user).exists():
        raise ValidationError({"email": _("%(name)s is already a member of this community") % {"name": user}})
    if role not in CommunityMember.Role.values:
        raise ValidationError({"role": _("Choose member or facilitator")})
    if role == CommunityMember.Role.FACILITATOR:
        # One facilitator: the new one takes over, and the community points at them.
        community.facilitator = user
        community.save(update_fields=["facilitator", "updated_at"])
        CommunityMember.objects.filter(community=community, role=CommunityMember.Role.FACILITATOR).update(
            role=CommunityMember.Role.MEMBER
        )
    member = CommunityMember.objects.create(
        organisation=community.organisation,
        community=community,
        user=user,
        home_organisation=home,
        expertise=expertise.strip(),
        role=role,
        added_by=actor,
    )
    _audit(
        AuditEvent.Action.CREATE,
        actor=actor,
        community=community,
        obj=member,
        changes={"home_organisation": home.name, "role": role},
        summary=f"Added a member from {home.name} to the community of practice {community.name}",
        request=request,
    )
    link = settings.SITE_URL + reverse("communities:community_detail", kwargs={"community_id": community.pk})
    subject = _("You have been added to the community of practice %(name)s") % {"name": community.name}
    text = render_to_string(
        "communities/email/member_added.txt",
        {"community": community, "host": community.organisation, "inviter": actor, "link": link, "member": member},
    )
    transaction.on_commit(lambda: send_email.enqueue(to=[user.email], subject=subject, text=text))
    return member


@transaction.atomic
def member_update(
    *,
    actor: User,
    member: CommunityMember,
    expertise: str,
    role: str,
    request: HttpRequest | None = None,
) -> CommunityMember:
    community = member.community
    if role not in CommunityMember.Role.values:
        raise ValidationError({"role": _("Choose member or facilitator")})
    if member.role == CommunityMember.Role.FACILITATOR and role != CommunityMember.Role.FACILITATOR:
        raise ValidationError(
            {"role": _("A community needs its facilitator: make someone else the facilitator instead")}
        )
    changes = assign_and_diff(member, {"expertise": expertise.strip(), "role": role}, ("expertise", "role"))
    if changes:
        if role == CommunityMember.Role.FACILITATOR:
            community.facilitator = member.user
            community.save(update_fields=["facilitator", "updated_at"])
            CommunityMember.objects.filter(community=community, role=CommunityMember.Role.FACILITATOR).exclude(
                pk=member.pk
            ).update(role=CommunityMember.Role.MEMBER)
        member.save()
        _audit(
            AuditEvent.Action.UPDATE,
            actor=actor,
            community=community,
            obj=member,
            changes=changes,
            summary=f"Changed a member's membership of {community.name}",
            request=request,
        )
    return member


@transaction.atomic
def member_remove(*, actor: User, member: CommunityMember, request: HttpRequest | None = None) -> None:
    community = member.community
    if community.facilitator_id == member.user_id:
        raise ValidationError(_("Make someone else the facilitator before removing %(name)s") % {"name": member.user})
    _audit(
        AuditEvent.Action.DELETE,
        actor=actor,
        community=community,
        obj=member,
        summary=f"Removed a member from the community of practice {community.name}",
        request=request,
    )
    member.delete()


# --- themes ----------------------------------------------------------------------------------------------------


def theme_problems(*, title: str, kind: str, status: str) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title for the theme")
    if kind not in CommunityTheme.Kind.values:
        errors["kind"] = _("Choose whether the theme is about solving a problem or capturing an opportunity")
    if status not in CommunityTheme.Status.values:
        errors["status"] = _("Choose the theme's status")
    return errors


@transaction.atomic
def theme_save(
    *,
    actor: User,
    community: CommunityOfPractice,
    title: str,
    kind: str,
    status: str = CommunityTheme.Status.OPEN,
    theme: CommunityTheme | None = None,
    request: HttpRequest | None = None,
) -> CommunityTheme:
    """Add a theme (theme=None) or change one."""
    errors = theme_problems(title=title, kind=kind, status=status)
    if errors:
        raise ValidationError(errors)
    values = {"title": title.strip(), "kind": kind, "status": status}
    if theme is None:
        theme = CommunityTheme.objects.create(organisation=community.organisation, community=community, **values)
        _audit(
            AuditEvent.Action.CREATE,
            actor=actor,
            community=community,
            obj=theme,
            changes=changed_fields({}, values),
            summary=f"Added a theme to {community.name}",
            request=request,
        )
        return theme
    changes = assign_and_diff(theme, values, ("title", "kind", "status"))
    if changes:
        theme.save()
        _audit(
            AuditEvent.Action.UPDATE,
            actor=actor,
            community=community,
            obj=theme,
            changes=changes,
            summary=f"Changed a theme of {community.name}",
            request=request,
        )
    return theme


# --- the learning log ------------------------------------------------------------------------------------------


def log_entry_problems(
    *,
    community: CommunityOfPractice,
    happened_on: dt.date | None,
    tried: str,
    learnt: str,
    theme: CommunityTheme | None,
    today: dt.date,
) -> dict[str, str]:
    errors = {}
    if happened_on is None:
        errors["happened_on"] = _("Enter the date")
    elif happened_on > today:
        errors["happened_on"] = _("The date must be today or in the past")
    if not tried.strip():
        errors["tried"] = _("Write what was tried")
    if not learnt.strip():
        errors["learnt"] = _("Write what was learnt")
    if theme is not None and theme.community_id != community.pk:
        errors["theme"] = _("Choose one of this community's themes")
    return errors


LOG_FIELDS = ("happened_on", "tried", "learnt", "changed", "changed_in", "theme")


@transaction.atomic
def log_entry_save(
    *,
    actor: User,
    community: CommunityOfPractice,
    happened_on: dt.date | None,
    tried: str,
    learnt: str,
    changed: str = "",
    changed_in: str = "",
    theme: CommunityTheme | None = None,
    entry: LearningLogEntry | None = None,
    today: dt.date,
    request: HttpRequest | None = None,
) -> LearningLogEntry:
    """Write an entry in the learning log (entry=None) or change one."""
    errors = log_entry_problems(
        community=community, happened_on=happened_on, tried=tried, learnt=learnt, theme=theme, today=today
    )
    if errors:
        raise ValidationError(errors)
    values = {
        "happened_on": happened_on,
        "tried": tried.strip(),
        "learnt": learnt.strip(),
        "changed": changed.strip(),
        "changed_in": changed_in.strip(),
        "theme": theme,
    }
    if entry is None:
        entry = LearningLogEntry.objects.create(
            organisation=community.organisation, community=community, author=actor, **values
        )
        _audit(
            AuditEvent.Action.CREATE,
            actor=actor,
            community=community,
            obj=entry,
            summary=f"Wrote in the learning log of {community.name}",
            request=request,
        )
        return entry
    changes = assign_and_diff(entry, values, LOG_FIELDS)
    if changes:
        entry.save()
        _audit(
            AuditEvent.Action.UPDATE,
            actor=actor,
            community=community,
            obj=entry,
            changes=dict.fromkeys(changes, "changed"),  # the words stay in the log, not the audit line
            summary=f"Changed an entry in the learning log of {community.name}",
            request=request,
        )
    return entry


# --- shared resources ------------------------------------------------------------------------------------------


@transaction.atomic
def resource_add(
    *,
    actor: User,
    community: CommunityOfPractice,
    title: str,
    url: str = "",
    text: str = "",
    request: HttpRequest | None = None,
) -> SharedResource:
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title")
    if not url.strip() and not text.strip():
        errors["url"] = _("Give a link or write a short text")
    if errors:
        raise ValidationError(errors)
    resource = SharedResource.objects.create(
        organisation=community.organisation,
        community=community,
        title=title.strip(),
        url=url.strip(),
        text=text.strip(),
        added_by=actor,
    )
    _audit(
        AuditEvent.Action.CREATE,
        actor=actor,
        community=community,
        obj=resource,
        summary=f"Shared a resource with {community.name}",
        request=request,
    )
    return resource


@transaction.atomic
def resource_remove(*, actor: User, resource: SharedResource, request: HttpRequest | None = None) -> None:
    community = resource.community
    _audit(
        AuditEvent.Action.DELETE,
        actor=actor,
        community=community,
        obj=resource,
        summary=f"Removed a shared resource from {community.name}",
        request=request,
    )
    resource.delete()


# --- meetings --------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_link(
    *, actor: User, community: CommunityOfPractice, activity: Activity, request: HttpRequest | None = None
) -> CommunityMeeting:
    if activity.organisation_id != community.organisation_id:
        raise ValidationError({"activity": _("Choose one of your organisation's activities")})
    if CommunityMeeting.objects.filter(community=community, activity=activity).exists():
        raise ValidationError({"activity": _("This activity is already one of the community's meetings")})
    meeting = CommunityMeeting.objects.create(
        organisation=community.organisation, community=community, activity=activity
    )
    _audit(
        AuditEvent.Action.CREATE,
        actor=actor,
        community=community,
        obj=meeting,
        summary=f"Linked an activity as a meeting of {community.name}",
        request=request,
    )
    return meeting


@transaction.atomic
def meeting_unlink(*, actor: User, meeting: CommunityMeeting, request: HttpRequest | None = None) -> None:
    community = meeting.community
    _audit(
        AuditEvent.Action.DELETE,
        actor=actor,
        community=community,
        obj=meeting,
        summary=f"Unlinked a meeting from {community.name}",
        request=request,
    )
    meeting.delete()
