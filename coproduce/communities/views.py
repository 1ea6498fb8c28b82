"""Community of practice pages: the list (the organisation's own communities and those the member belongs to
elsewhere), one community (its charter, themes and their balance, meetings, learning log, resources and members),
setting one up and changing it, and the forms for members, themes, the log, resources and meetings.

Every page that names a community starts with `get_community_for_user`, which gives a member from another
organisation this community's own records and nothing else: the activity behind a meeting is linked only for the
host's members (a member from elsewhere sees its title and date).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.communities import services
from coproduce.communities.access import get_community_for_user
from coproduce.communities.forms import (
    CommunityForm,
    LogEntryForm,
    MeetingForm,
    MemberAddForm,
    MemberForm,
    ResourceForm,
    ThemeForm,
)
from coproduce.communities.models import (
    CommunityMeeting,
    CommunityMember,
    CommunityOfPractice,
    CommunityTheme,
    LearningLogEntry,
    SharedResource,
)
from coproduce.core.access import member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership

MANAGE = "communities.manage_communities"
LOG_PAGE_SIZE = 25
LATEST_LOG_ENTRIES = 5
ACTIVITIES_OFFERED = 200
MEETINGS_SHOWN = 200


def _member_count():
    counted = (
        CommunityMember.objects.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _object_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def theme_balance(themes: list[CommunityTheme]) -> tuple[str, str]:
    """('3 problems, 1 opportunity', a nudge when every theme is of one kind) for the themes being worked on or
    done (parked ones are left out)."""
    counted = [theme for theme in themes if theme.status != CommunityTheme.Status.PARKED]
    problems = sum(1 for theme in counted if theme.kind == CommunityTheme.Kind.PROBLEM)
    opportunities = len(counted) - problems
    if not counted:
        return "", ""
    sentence = "{}, {}".format(
        ngettext("%(n)s problem", "%(n)s problems", problems) % {"n": problems},
        ngettext("%(n)s opportunity", "%(n)s opportunities", opportunities) % {"n": opportunities},
    )
    nudge = ""
    if opportunities == 0:
        nudge = _(
            "Every theme is about solving a problem. Is there something that already works well that the community "
            "could spread? Add it as an opportunity."
        )
    elif problems == 0:
        nudge = _(
            "Every theme is about capturing an opportunity. Is there a problem families or staff keep running into "
            "that the community could work on?"
        )
    return sentence, nudge


# --- the list and one community --------------------------------------------------------------------------------


@member_required
def community_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    communities = list(
        CommunityOfPractice.objects.visible_to(request.user, organisation)
        .select_related("organisation", "facilitator")
        .annotate(member_count=_member_count())
        .order_by("name", "id")
    )
    today = timezone.localdate()
    for community in communities:
        community.limit = community.time_limit(today)
    context = {
        "own": [c for c in communities if c.organisation_id == organisation.pk],
        "elsewhere": [c for c in communities if c.organisation_id != organisation.pk],
        "can_see_own": request.user.has_perm("communities.view_communities", organisation),
        "can_create": request.user.has_perm(MANAGE, organisation),
    }
    return private(render(request, "communities/community_list.html", context))


@member_required
def community_detail(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id)
    themes = list(CommunityTheme.objects.filter(community=community).order_by("status", "title", "id"))
    balance, nudge = theme_balance(themes)
    meetings = list(
        CommunityMeeting.objects.filter(community=community)
        .select_related("activity")
        .order_by("activity__starts_at", "activity__window_opens_on", "id")[:MEETINGS_SHOWN]
    )
    now = timezone.now()
    today = timezone.localdate()
    upcoming_ids = set(
        Activity.objects.filter(pk__in=[m.activity_id for m in meetings]).upcoming(now).values_list("pk", flat=True)
    )
    log = LearningLogEntry.objects.filter(community=community)
    context = {
        "community": community,
        "access": community.access,
        "limit": community.time_limit(today),
        "themes": themes,
        "balance": balance,
        "nudge": nudge,
        "upcoming": [m for m in meetings if m.activity_id in upcoming_ids],
        "past": [m for m in meetings if m.activity_id not in upcoming_ids][::-1],
        "log_entries": list(log.select_related("author", "theme")[:LATEST_LOG_ENTRIES]),
        "log_count": log.count(),
        "resources": list(SharedResource.objects.filter(community=community).select_related("added_by")),
        "members": list(
            CommunityMember.objects.filter(community=community).select_related("user", "home_organisation")
        ),
        "elsewhere": community.organisation_id != request.organisation.pk,
        "user_id": request.user.pk,
    }
    return private(render(request, "communities/community_detail.html", context))


def _people(organisation, community: CommunityOfPractice | None, *, host_staff: bool = True) -> list:
    """Who may be chosen as facilitator: the host's members and, for an existing community, its members. Someone
    managing from another organisation (`host_staff=False`, a facilitator from elsewhere) is offered the
    community's own members only: the host's list of members is not theirs to see."""
    users = (
        {m.user.pk: m.user for m in Membership.objects.for_organisation(organisation).select_related("user")}
        if host_staff
        else {}
    )
    if community is not None:
        for member in CommunityMember.objects.filter(community=community).select_related("user"):
            users.setdefault(member.user.pk, member.user)
    return sorted(users.values(), key=lambda user: (str(user).lower(), str(user.pk)))


def _form_page(request: HttpRequest, template: str, form: BaseForm, **context) -> HttpResponse:
    return private(render(request, f"communities/{template}", {"form": form, **context}))


@permission_required(MANAGE)
def community_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = CommunityForm(
        request.POST or None,
        organisation=organisation,
        people=_people(organisation, None),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community = services.community_create(
                actor=request.user,
                organisation=organisation,
                facilitator=data["facilitator"],
                request=request,
                **{name: data.get(name) for name in services.COMMUNITY_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been set up.") % {"name": community.name})
            return redirect("communities:community_detail", community_id=community.pk)
    return _form_page(request, "community_form.html", form, title=_("Set up a community of practice"))


@member_required
def community_edit(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    form = CommunityForm(
        request.POST or None,
        organisation=community.organisation,
        people=_people(
            community.organisation, community, host_staff=community.organisation_id == request.organisation.pk
        ),
        community=community,
        initial=CommunityForm.initial_for(community),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.community_update(
                actor=request.user,
                community=community,
                facilitator=data["facilitator"],
                status=data["status"],
                request=request,
                **{name: data.get(name) for name in services.COMMUNITY_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("communities:community_detail", community_id=community.pk)
    title = _("Change %(name)s") % {"name": community.name}
    return _form_page(request, "community_form.html", form, title=title, community=community)


# --- members ---------------------------------------------------------------------------------------------------


@member_required
def member_add(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(actor=request.user, community=community, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s (%(org)s) has been added and told by email.")
                % {"name": member.user, "org": member.home_organisation},
            )
            return redirect("communities:community_detail", community_id=community.pk)
    return _form_page(request, "member_add.html", form, community=community, title=_("Add a member"))


def _member(community: CommunityOfPractice, member_id) -> CommunityMember:
    return _object_or_404(
        CommunityMember.objects.filter(community=community).select_related("user", "home_organisation"), member_id
    )


@member_required
def member_edit(request: HttpRequest, community_id, community_member_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    member = _member(community, community_member_id)
    member.community = community
    form = MemberForm(request.POST or None, initial={"expertise": member.expertise, "role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("communities:community_detail", community_id=community.pk)
    title = _("Change %(name)s's membership") % {"name": member.user}
    return _form_page(request, "member_form.html", form, community=community, member=member, title=title)


@require_POST
@member_required
def member_remove(request: HttpRequest, community_id, community_member_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    member = _member(community, community_member_id)
    member.community = community
    try:
        services.member_remove(actor=request.user, member=member, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": member.user})
    return redirect("communities:community_detail", community_id=community.pk)


# --- themes ----------------------------------------------------------------------------------------------------


def _theme_page(request: HttpRequest, community: CommunityOfPractice, theme: CommunityTheme | None) -> HttpResponse:
    initial = {"title": theme.title, "kind": theme.kind, "status": theme.status} if theme else {}
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_save(
                actor=request.user, community=community, theme=theme, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The theme has been saved."))
            return redirect("communities:community_detail", community_id=community.pk)
    title = _("Change a theme") if theme else _("Add a theme")
    return _form_page(request, "theme_form.html", form, community=community, theme=theme, title=title)


@member_required
def theme_create(request: HttpRequest, community_id) -> HttpResponse:
    return _theme_page(request, get_community_for_user(request, community_id, manage=True), None)


@member_required
def theme_edit(request: HttpRequest, community_id, community_theme_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    theme = _object_or_404(CommunityTheme.objects.filter(community=community), community_theme_id)
    return _theme_page(request, community, theme)


# --- the learning log ------------------------------------------------------------------------------------------


@member_required
def log_list(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id)
    entries = (
        LearningLogEntry.objects.filter(community=community)
        .select_related("author", "theme")
        .order_by("-happened_on", "-created_at", "-id")
    )
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "access": community.access,
        "page": page,
        "entries": list(page.object_list),
        "user_id": request.user.pk,
    }
    return private(render(request, "communities/log_list.html", context))


def _log_page(request: HttpRequest, community: CommunityOfPractice, entry: LearningLogEntry | None) -> HttpResponse:
    themes = CommunityTheme.objects.filter(community=community).exclude(
        Q(status=CommunityTheme.Status.PARKED) & ~Q(pk=getattr(entry, "theme_id", None))
    )
    form = LogEntryForm(
        request.POST or None,
        community=community,
        themes=themes.order_by("title", "id"),
        initial=LogEntryForm.initial_for(entry) if entry else {"happened_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_entry_save(
                actor=request.user,
                community=community,
                entry=entry,
                today=timezone.localdate(),
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The learning log has been updated."))
            return redirect("communities:log_list", community_id=community.pk)
    title = _("Change an entry in the learning log") if entry else _("Write in the learning log")
    return _form_page(request, "log_form.html", form, community=community, entry=entry, title=title)


@member_required
def log_create(request: HttpRequest, community_id) -> HttpResponse:
    return _log_page(request, get_community_for_user(request, community_id, contribute=True), None)


@member_required
def log_edit(request: HttpRequest, community_id, log_entry_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, contribute=True)
    entry = _object_or_404(LearningLogEntry.objects.filter(community=community), log_entry_id)
    if entry.author_id != request.user.pk and not community.access.can_manage:
        raise PermissionDenied
    return _log_page(request, community, entry)


# --- shared resources ------------------------------------------------------------------------------------------


@member_required
def resource_create(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, contribute=True)
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_add(actor=request.user, community=community, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The resource has been shared with the community."))
            return redirect(f"{community_url(community)}#resources")
    return _form_page(request, "resource_form.html", form, community=community, title=_("Share a resource"))


@require_POST
@member_required
def resource_remove(request: HttpRequest, community_id, community_resource_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, contribute=True)
    resource = _object_or_404(SharedResource.objects.filter(community=community), community_resource_id)
    if resource.added_by_id != request.user.pk and not community.access.can_manage:
        raise PermissionDenied
    resource.community = community
    services.resource_remove(actor=request.user, resource=resource, request=request)
    messages.success(request, _("%(title)s has been removed.") % {"title": resource.title})
    return redirect(f"{community_url(community)}#resources")


def community_url(community: CommunityOfPractice) -> str:
    return reverse("communities:community_detail", kwargs={"community_id": community.pk})


# --- meetings --------------------------------------------------------------------------------------------------


def _can_link_meetings(community: CommunityOfPractice) -> None:
    if not (community.access.can_manage and community.access.can_see_activities):
        raise PermissionDenied


@member_required
def meeting_add(request: HttpRequest, community_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    _can_link_meetings(community)
    activities = (
        Activity.objects.for_organisation(community.organisation)
        .exclude(status=Activity.Status.CANCELLED)
        .exclude(pk__in=CommunityMeeting.objects.filter(community=community).values("activity_id"))
        .order_by("-starts_at", "-window_opens_on", "title", "id")[:ACTIVITIES_OFFERED]
    )
    form = MeetingForm(request.POST or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_link(
                actor=request.user, community=community, activity=form.cleaned_data["activity"], request=request
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The activity is now one of the community's meetings."))
            return redirect(f"{community_url(community)}#meetings")
    return _form_page(
        request,
        "meeting_form.html",
        form,
        community=community,
        title=_("Add a meeting"),
        has_choices=bool(form.activities),
    )


@require_POST
@member_required
def meeting_remove(request: HttpRequest, community_id, community_meeting_id) -> HttpResponse:
    community = get_community_for_user(request, community_id, manage=True)
    _can_link_meetings(community)
    meeting = _object_or_404(CommunityMeeting.objects.filter(community=community), community_meeting_id)
    meeting.community = community
    services.meeting_unlink(actor=request.user, meeting=meeting, request=request)
    messages.success(request, _("The meeting has been taken off the community's list. The activity is unchanged."))
    return redirect(f"{community_url(community)}#meetings")
