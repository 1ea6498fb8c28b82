"""The reply pages a person reaches from the link in their invitation: no account, phone first, plain English.

1. The activity (what, when, where, the ways to join, what help there is) and "Can you come?" with how they will
   take part.
2. For a yes or a maybe: "Is this still right?", their access needs as recorded, to confirm or change.
3. What happens next (a place, the waiting list, or thank you), with the joining details for people with a place.

Every page is private (never cached or indexed, its address never sent on). A link that does not work gets a page
that says why and who to contact. Nothing is kept in the session: each page works from its own link alone, so two
people's links opened on one phone never mix, and a form sent back with another invitation's id is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.consent import services as consent_services
from coproduce.consent.forms import SELF_NEEDS, SELF_TIMES, SelfNeedsForm
from coproduce.core import ratelimit
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement import messages as wording
from coproduce.engagement.forms.replies import ReplyForm
from coproduce.engagement.models import Activity, Invitation, Reply
from coproduce.engagement.reply_links import LinkProblem, ReplyLink, reply_link_check
from coproduce.engagement.services import invitations as services
from coproduce.organisations.models import Hub
from coproduce.people.models import AccessNeeds
from coproduce.safeguarding.models import SafeguardingArrangements

# Replies from one client to one invitation, in windows of this many seconds.
REPLY_LIMIT, REPLY_WINDOW = 20, 15 * 60
STATUS = {LinkProblem.NOT_VALID: 404, LinkProblem.GONE: 404, LinkProblem.EXPIRED: 410}


def reply_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open the invitation from the link (or say why the link does not work) and mark the response private."""

    @wraps(view)
    def wrapper(request: HttpRequest, link: str) -> HttpResponse:
        opened = reply_link_check(link)
        if not opened.works:
            response = _link_problem(request, opened)
        else:
            response = view(request, invitation=opened.invitation, link=link)
        return private(response)

    return wrapper


def _link_problem(request: HttpRequest, opened: ReplyLink) -> HttpResponse:
    organisation = opened.organisation
    hubs = []
    if opened.invitation is not None:
        hubs = list(opened.invitation.activity.hubs.filter(is_open=True)[:6])
    if organisation is not None and not hubs:
        hubs = list(Hub.objects.for_organisation(organisation).filter(is_open=True).exclude(address="")[:6])
    context = {
        "problem": opened.problem,
        "public_organisation": organisation,
        "hubs": hubs,
        "activity": opened.invitation.activity if opened.invitation is not None else None,
    }
    return render(request, "engagement/reply_link_problem.html", context, status=STATUS[opened.problem])


def _allowed(request: HttpRequest, invitation: Invitation) -> bool:
    return ratelimit.allow(request, "reply-link", limit=REPLY_LIMIT, seconds=REPLY_WINDOW, key=str(invitation.pk))


def _same_invitation(request: HttpRequest, invitation: Invitation) -> bool:
    return request.POST.get("invitation", "") == str(invitation.pk)


def _wrong_person(request: HttpRequest, invitation: Invitation, link: str) -> HttpResponse:
    """A form from one person's link sent back to another's: save nothing, and say so plainly."""
    return render(request, "engagement/reply_wrong_person.html", _context(invitation, link), status=409)


def _too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["too_many"] = True
    return render(request, template, context, status=429)


def _context(invitation: Invitation, link: str, **extra) -> dict:
    activity = invitation.activity
    place = services.has_place(invitation)
    return {
        "invitation": invitation,
        "activity": activity,
        "person": invitation.person,
        "link": link,
        # The layout shows the organisation's name (the person is not signed in).
        "organisation": activity.organisation,
        "when": wording.when_text(activity),
        "ways": wording.ways_text(activity),
        "provisions": wording.provision_lines(activity),
        "has_place": place,
        "joining_details": wording.joining_lines(activity, joining=invitation.joining) if place else [],
        "is_cancelled": activity.status == Activity.Status.CANCELLED,
        "has_ended": services.has_ended(activity),
        # Who to tell if they are worried about someone's safety, and what the organisation does (every event page).
        "safeguarding": SafeguardingArrangements.objects.filter(organisation=activity.organisation).first(),
        **extra,
    }


@reply_page
def reply(request: HttpRequest, *, invitation: Invitation, link: str) -> HttpResponse:
    activity = invitation.activity
    initial = {"invitation": str(invitation.pk)}
    if invitation.reply != Reply.INVITED:
        initial.update(reply=invitation.reply, joining=invitation.joining)
    form = ReplyForm(request.POST if request.method == "POST" else None, activity=activity, initial=initial)
    context = _context(invitation, link, form=form)
    if request.method == "POST":
        if context["is_cancelled"] or context["has_ended"]:
            return redirect("engagement:reply", link=link)
        if not _same_invitation(request, invitation):
            return _wrong_person(request, invitation, link)
        if not _allowed(request, invitation):
            return _too_many(request, "engagement/reply_form.html", context)
        if form.is_valid():
            try:
                services.invitation_reply(
                    invitation=invitation,
                    reply=form.cleaned_data["reply"],
                    joining=form.cleaned_data.get("joining", ""),
                    request=request,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if form.cleaned_data["reply"] == Reply.NO:
                    return redirect("engagement:reply_done", link=link)
                return redirect("engagement:reply_needs", link=link)
    return render(request, "engagement/reply_form.html", context)


def _need_labels(needs: AccessNeeds | None) -> tuple[list[str], list[str]]:
    if needs is None:
        return [], []
    return (
        [str(label) for code, label in SELF_NEEDS if getattr(needs, code)],
        [str(label) for code, label in SELF_TIMES if getattr(needs, code)],
    )


@reply_page
def reply_needs(request: HttpRequest, *, invitation: Invitation, link: str) -> HttpResponse:
    """ "Is this still right?": the person's access needs as recorded, to confirm or change."""
    if invitation.reply not in (Reply.YES, Reply.MAYBE):
        return redirect("engagement:reply", link=link)
    person = invitation.person
    needs = AccessNeeds.objects.filter(person=person).first()
    form = SelfNeedsForm(request.POST if request.method == "POST" else None, initial=SelfNeedsForm.initial_from(needs))
    need_labels, time_labels = _need_labels(needs)
    context = _context(invitation, link, form=form, needs=needs, need_labels=need_labels, time_labels=time_labels)
    if request.method == "POST":
        if not _same_invitation(request, invitation):
            return _wrong_person(request, invitation, link)
        if not _allowed(request, invitation):
            return _too_many(request, "engagement/reply_needs.html", context)
        if form.is_valid():
            try:
                consent_services.access_needs_self_update(person=person, request=request, **form.service_arguments())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("engagement:reply_done", link=link)
    return render(request, "engagement/reply_needs.html", context)


@reply_page
def reply_done(request: HttpRequest, *, invitation: Invitation, link: str) -> HttpResponse:
    """What happens next."""
    if invitation.reply == Reply.INVITED:
        return redirect("engagement:reply", link=link)
    position = None
    if invitation.reply == Reply.YES and invitation.on_waiting_list:
        position = (
            Invitation.objects.filter(activity=invitation.activity, reply=Reply.YES, on_waiting_list=True)
            .filter(replied_at__lt=invitation.replied_at)
            .count()
            + 1
        )
    return render(request, "engagement/reply_done.html", _context(invitation, link, position=position))
