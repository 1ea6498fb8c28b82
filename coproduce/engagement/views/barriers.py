"""The barrier check page of an activity: each person's unmet needs (for members who may see people; others see
counts) and the to-do list to tick off."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import member_required
from coproduce.engagement import messages as wording
from coproduce.engagement.forms.replies import BarrierTickForm
from coproduce.engagement.models import JoinWay
from coproduce.engagement.services import barriers as services
from coproduce.engagement.templatetags.engagement_replies import reply_label
from coproduce.engagement.views.invitations import activity_for, activity_page_url
from coproduce.people.models import ACCESS_NEEDS

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_activities"
NEED_LABELS = dict(ACCESS_NEEDS)


@member_required
def barrier_check(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = activity_for(request, activity_id, VIEW)
    check = services.activity_barriers(activity)
    can_manage = request.user.has_perm(MANAGE, activity)
    can_see_people = request.user.has_perm("people.view_people", activity)
    by_person = {row.invitation.person_id: row.invitation for row in check.people}
    todo = [
        {
            "row": row,
            "people": [by_person[pk] for pk in row.todo.person_ids] if can_see_people else [],
            # One small form per line; names stay "key" and "note", ids differ per line.
            "form": BarrierTickForm(initial={"key": row.todo.key}, auto_id=f"todo-{index}-%s") if can_manage else None,
        }
        for index, row in enumerate(check.todo)
    ]
    # Labels translated once for the page, not once per person (hundreds of rows).
    need_labels = {code: str(label) for code, label in NEED_LABELS.items()}
    joining_labels = {value: str(label) for value, label in JoinWay.choices}
    reply_labels: dict[tuple[str, bool], str] = {}
    people = []
    for row in check.people:
        invitation = row.invitation
        reply = (invitation.reply, invitation.on_waiting_list)
        if reply not in reply_labels:
            reply_labels[reply] = reply_label(invitation)
        people.append(
            {
                "invitation": invitation,
                "reply": reply_labels[reply],
                "joining": joining_labels.get(invitation.joining, invitation.joining),
                "unmet": [
                    {"label": need_labels.get(item.need, item.need), "reason": item.reason} for item in row.unmet
                ],
            }
        )
    context = {
        "activity": activity,
        "activity_url": activity_page_url(activity),
        "check": check,
        "todo": todo,
        "open_count": len(check.open_todo),
        "people": people if can_see_people else [],
        "with_barriers": len(check.with_barriers),
        "checked": len(check.people),
        "can_see_people": can_see_people,
        "can_manage": can_manage,
        "provisions": wording.provision_lines(activity),
        "ways": [JoinWay(way).label for way in activity.ways_to_join],
    }
    return render(request, "engagement/barrier_check.html", context)


@member_required
@require_POST
def barrier_todo(request: HttpRequest, activity_id: str) -> HttpResponse:
    """Tick off a line of the to-do list (with what was arranged), or untick it."""
    activity = activity_for(request, activity_id, VIEW)
    if not request.user.has_perm(MANAGE, activity):
        raise PermissionDenied
    form = BarrierTickForm(request.POST)
    back = reverse("engagement:barrier_check", kwargs={"activity_id": activity.pk}) + "#to-do"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    key = form.cleaned_data["key"]
    try:
        if request.POST.get("action") == "untick":
            services.barrier_todo_untick(activity=activity, key=key, actor=request.user, request=request)
            messages.success(request, _("Moved back to the to-do list."))
        else:
            services.barrier_todo_tick(
                activity=activity,
                key=key,
                note=form.cleaned_data["note"].strip(),
                actor=request.user,
                request=request,
            )
            messages.success(request, _("Ticked off."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)
