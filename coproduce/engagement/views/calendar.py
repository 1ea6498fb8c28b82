"""Calendar files: a person's private feed (by its secret key), one activity's .ics for a person (from the signed
link in their messages), and the staff download of an activity's .ics."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from coproduce.core.access import get_for_member, member_required
from coproduce.core.http import private
from coproduce.engagement.calendar import activity_ics, feed_ics, invitation_from_ics_token
from coproduce.engagement.models import Activity, CalendarFeed


def _ics(content: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def _filename(activity: Activity) -> str:
    return f"{slugify(activity.title)[:60] or 'activity'}.ics"


@require_GET
def calendar_feed(request: HttpRequest, feed_key: str) -> HttpResponse:
    """The person's feed, for calendar programs to subscribe to (no account: the key is the secret)."""
    feed = (
        CalendarFeed.objects.filter(key=feed_key, person__erased_at__isnull=True)
        .select_related("person", "person__organisation")
        .first()
    )
    if feed is None:
        raise Http404
    return _ics(feed_ics(feed.person), "activities.ics", attachment=False)


@require_GET
def invitation_ics(request: HttpRequest, link: str) -> HttpResponse:
    """One activity for one person: with where and how to join only if they have a place."""
    invitation = invitation_from_ics_token(link)
    if invitation is None:
        raise Http404
    return _ics(
        activity_ics(invitation.activity, for_person=invitation.person, invitation=invitation),
        _filename(invitation.activity),
    )


@require_GET
@member_required
def activity_ics_download(request: HttpRequest, activity_id) -> HttpResponse:
    """Staff: the activity, to put in their own calendar."""
    activity = get_for_member(
        request,
        Activity.objects.select_related("venue"),
        activity_id,
        permission="engagement.view_activities",
    )
    # The online link and phone details only for those who run activities (not viewers or partners).
    details = request.user.has_perm("engagement.manage_activities", activity)
    return _ics(activity_ics(activity, details=details), _filename(activity))
