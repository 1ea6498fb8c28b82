"""Staff pages for invitations: inviting people to an activity (one by one or a whole segment, with a count and a
preview first), every reply with how people will join, recording a reply for someone (a phone call) and taking
someone off the activity."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coproduce.core.access import get_for_member, member_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.forms.invitations import InviteFilterForm, InviteForm
from coproduce.engagement.forms.replies import StaffReplyForm
from coproduce.engagement.models import Activity, Invitation, Reply
from coproduce.engagement.services import invitations as services
from coproduce.people.models import Person

INVITE = "engagement.invite_people"
VIEW_PEOPLE = "people.view_people"
# Up to this many people, the preview lists everyone with a tick box each; above it, everyone who matches is
# invited (the preview shows the first ones).
CHOOSE_LIMIT = 100
PAGE_SIZE = 100
# The most people one invite can reach: more is a mailing list, not an invitation (and one page must not load them).
MAX_AT_ONCE = 2000


def activity_page_url(activity: Activity) -> str:
    return reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})


def activity_for(request: HttpRequest, activity_id, permission: str) -> Activity:
    queryset = Activity.objects.select_related("venue", "project", "organisation")
    return get_for_member(request, queryset, activity_id, permission=permission)


def _reply_for(request: HttpRequest, activity: Activity, reply_id) -> Invitation:
    invitation = get_for_member(request, Invitation.objects.select_related("person"), reply_id)
    if invitation.activity_id != activity.pk:
        raise Http404
    invitation.activity = activity
    return invitation


@member_required
def invite(request: HttpRequest, activity_id: str) -> HttpResponse:
    activity = activity_for(request, activity_id, INVITE)
    data = request.POST if request.method == "POST" else request.GET
    filters = InviteFilterForm(data, organisation=request.organisation)
    chosen = filters.filters()
    context = {"activity": activity, "activity_url": activity_page_url(activity), "filters": filters}
    if not chosen:
        return render(request, "engagement/invite_people.html", context)
    matching = filters.apply(Person.objects.for_organisation(request.organisation))
    total = matching.count()
    if total > MAX_AT_ONCE:
        context.update(too_many=total, max_at_once=MAX_AT_ONCE)
        return render(request, "engagement/invite_people.html", context)
    people = list(
        matching.order_by(Lower("full_name"), "id").only(
            "id",
            "organisation_id",
            "full_name",
            "preferred_name",
            "pronunciation",
            "email",
            "phone",
            "contact_by_email",
            "contact_by_text",
            "contact_by_phone",
            "contact_by_post",
            "erased_at",
            "access_key",  # signs the reply link in each message
        )
    )
    plan = services.invite_plan(activity=activity, people=people)
    candidates = plan.candidates
    choose_each = len(candidates) <= CHOOSE_LIMIT
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        candidate_ids=[str(person.pk) for person in candidates],
        choose_each=choose_each,
        initial={"person": [str(person.pk) for person, _route in plan.by_message]},
    )
    if request.method == "POST" and form.is_valid():
        if choose_each:
            wanted = set(form.cleaned_data["person"])
            invited_people = [person for person in candidates if str(person.pk) in wanted]
            include_uncontactable = True  # people ticked who cannot get a message: staff ask them
        else:
            invited_people = candidates
            include_uncontactable = form.cleaned_data["include_uncontactable"]
        try:
            result = services.invitations_create(
                activity=activity,
                people=invited_people,
                include_uncontactable=include_uncontactable,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            text = ngettext("%(count)s person invited.", "%(count)s people invited.", len(result.invitations)) % {
                "count": len(result.invitations)
            }
            if result.staff_to_ask:
                text += " " + ngettext(
                    "Staff need to ask %(count)s person themselves.",
                    "Staff need to ask %(count)s people themselves.",
                    result.staff_to_ask,
                ) % {"count": result.staff_to_ask}
            messages.success(request, text)
            return redirect(activity_page_url(activity) + "#replies")
    routes = {person.pk: route for person, route in plan.by_message}
    rows = [{"person": person, "route": routes.get(person.pk, "")} for person in candidates[:CHOOSE_LIMIT]]
    context.update(
        form=form,
        plan=plan,
        rows=rows,
        choose_each=choose_each,
        more=max(len(candidates) - CHOOSE_LIMIT, 0),
        by_email=plan.count("email"),
        by_text=plan.count("sms"),
        hidden_items=filters.hidden_items(),
        ticked={str(pk) for pk in (form["person"].value() or [])} if choose_each else set(),
    )
    return render(request, "engagement/invite_people.html", context)


@member_required
def reply_list(request: HttpRequest, activity_id: str) -> HttpResponse:
    """Every reply, a page at a time, optionally only one kind (coming, waiting, maybe, no, not replied)."""
    activity = activity_for(request, activity_id, VIEW_PEOPLE)
    show = request.GET.get("show", "")
    invitations = Invitation.objects.filter(activity=activity).select_related("person")
    filters = {
        "coming": {"reply": Reply.YES, "on_waiting_list": False},
        "waiting": {"reply": Reply.YES, "on_waiting_list": True},
        "maybe": {"reply": Reply.MAYBE},
        "no": {"reply": Reply.NO},
        "not_replied": {"reply": Reply.INVITED},
    }
    if show in filters:
        invitations = invitations.filter(**filters[show])
    else:
        show = ""
    order = ("replied_at", "created_at") if show == "waiting" else (Lower("person__full_name"), "pk")
    page = Paginator(invitations.order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "activity": activity,
        "activity_url": activity_page_url(activity),
        "page": page,
        "show": show,
        "extra_query": f"show={show}" if show else "",
        "counts": services.reply_counts(activity),
        "can_invite": request.user.has_perm(INVITE, activity),
    }
    return render(request, "engagement/reply_list.html", context)


@member_required
def reply_record(request: HttpRequest, activity_id: str, reply_id: str) -> HttpResponse:
    """Staff record what someone said (a phone call, in person): audited with who recorded it."""
    activity = activity_for(request, activity_id, INVITE)
    invitation = _reply_for(request, activity, reply_id)
    initial = {"note": invitation.note}
    if invitation.reply != Reply.INVITED:
        initial.update(reply=invitation.reply, joining=invitation.joining)
    form = StaffReplyForm(request.POST if request.method == "POST" else None, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invitation_reply(
                invitation=invitation,
                reply=form.cleaned_data["reply"],
                joining=form.cleaned_data.get("joining", ""),
                note=form.cleaned_data["note"].strip(),
                actor=request.user,
                via=services.Via.STAFF,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            name = result.invitation.person.display_name
            if result.invitation.on_waiting_list:
                text = _("Reply saved. The activity is full, so %(name)s is on the waiting list.")
            elif services.has_place(result.invitation):
                text = _("Reply saved. %(name)s has a place.")
            else:
                text = _("Reply saved for %(name)s.")
            messages.success(request, text % {"name": name})
            return redirect(activity_page_url(activity) + "#replies")
    context = {
        "activity": activity,
        "activity_url": activity_page_url(activity),
        "invitation": invitation,
        "form": form,
    }
    return render(request, "engagement/reply_record.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def reply_remove(request: HttpRequest, activity_id: str, reply_id: str) -> HttpResponse:
    """Take someone off the activity (after a check page); a place they had goes to the first person waiting."""
    activity = activity_for(request, activity_id, INVITE)
    invitation = _reply_for(request, activity, reply_id)
    if request.method == "POST":
        promoted = services.invitation_remove(invitation=invitation, actor=request.user, request=request)
        text = _("%(name)s is no longer invited.") % {"name": invitation.person.display_name}
        if promoted:
            text += " " + ngettext(
                "%(count)s person from the waiting list now has a place.",
                "%(count)s people from the waiting list now have a place.",
                len(promoted),
            ) % {"count": len(promoted)}
        messages.success(request, text)
        return redirect(activity_page_url(activity) + "#replies")
    context = {
        "activity": activity,
        "activity_url": activity_page_url(activity),
        "invitation": invitation,
        "has_place": services.has_place(invitation),
    }
    return render(request, "engagement/reply_remove.html", context)
