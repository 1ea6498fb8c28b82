"""Staff pages of the "When suits you?" poll: create one for an activity (and ask everyone invited), see the answers
with the suggested time and why, enter answers for someone (after a phone call, or from paper), and choose the
time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.analysis.scheduling import HOW_WE_SCORE
from coproduce.core.access import get_for_member, member_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.templatetags.govuk import govuk_error_summary
from coproduce.engagement.forms.polls import (
    SLOT_PREFIX,
    AnswerForm,
    ChooseForm,
    PollForm,
    slot_formset,
    slot_formset_with_one_more,
)
from coproduce.engagement.models import Activity, Poll, PollAnswer
from coproduce.engagement.services import polls as services
from coproduce.people.models import Person

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_activities"
VIEW_PEOPLE = "people.view_people"


def activity_url(activity: Activity) -> str:
    """The activity's page (or its project's, while the activity pages are not there)."""
    try:
        return reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})
    except NoReverseMatch:
        return reverse("projects:project_detail", kwargs={"project_id": activity.project_id})


def _poll(request: HttpRequest, poll_id, permission: str) -> Poll:
    queryset = Poll.objects.select_related("activity", "activity__project", "chosen_slot")
    return get_for_member(request, queryset, poll_id, permission=permission)


def _error_items(form, formset) -> list[dict]:
    items = govuk_error_summary(form, *formset.forms)["error_items"]
    for message in formset.non_form_errors():
        items.append({"text": message, "href": f"#id_{SLOT_PREFIX}-0-date"})
    return items


@member_required
def poll_create(request: HttpRequest, activity_id) -> HttpResponse:
    activity = get_for_member(request, Activity.objects.select_related("project"), activity_id, permission=MANAGE)
    if request.method == "POST" and "add_slot" in request.POST:
        form, formset = slot_formset_with_one_more(request.POST)
    elif request.method == "POST":
        form, formset = PollForm(request.POST), slot_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                poll = services.poll_create(
                    actor=request.user,
                    activity=activity,
                    question=form.cleaned_data["question"],
                    closes_on=form.cleaned_data["closes_on"],
                    slots=formset.slots,
                    request=request,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The poll has been created."))
                return redirect("engagement:poll_detail", poll_id=poll.pk)
    else:
        form, formset = PollForm(), slot_formset()
    error_items = _error_items(form, formset)
    context = {
        "activity": activity,
        "activity_url": activity_url(activity),
        "form": form,
        "formset": formset,
        "error_items": error_items,
        "can_add": formset.total_form_count() < services.MAX_SLOTS,
        "invited": activity.invitations.count(),
    }
    return render(request, "engagement/poll_create.html", context)


@member_required
def poll_detail(request: HttpRequest, poll_id) -> HttpResponse:
    poll = _poll(request, poll_id, VIEW)
    results = services.poll_results(poll)
    can_manage = request.user.has_perm(MANAGE, poll)
    can_see_people = request.user.has_perm(VIEW_PEOPLE, poll)
    context = {
        "poll": poll,
        "activity": poll.activity,
        "activity_url": activity_url(poll.activity),
        "results": results,
        "how_we_score": HOW_WE_SCORE,
        "under_heard_rule": services.UNDER_HEARD_RULE % {"count": services.SMALL_GROUP},
        "can_manage": can_manage,
        "can_see_people": can_see_people,
        "accepts_answers": services.accepts_answers(poll),
        "reasoning": results.result.reasoning[: len(results.result.reasoning) - len(HOW_WE_SCORE)]
        if results.suggested
        else results.result.reasoning,
    }
    return render(request, "engagement/poll_detail.html", context)


@require_POST
@member_required
def poll_send(request: HttpRequest, poll_id) -> HttpResponse:
    poll = _poll(request, poll_id, MANAGE)
    try:
        report = services.poll_send(actor=request.user, poll=poll, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("engagement:poll_detail", poll_id=poll.pk)
    if report.queued:
        messages.success(request, _("Sent: %(what)s.") % {"what": services.send_summary(report)})
    else:
        messages.info(request, _("Nobody new to send the poll to."))
    return redirect("engagement:poll_answers", poll_id=poll.pk)


@member_required
def poll_answers(request: HttpRequest, poll_id) -> HttpResponse:
    """Everyone invited: whether we asked them (and how), whether they answered, and a link to enter answers."""
    poll = _poll(request, poll_id, MANAGE)
    if not request.user.has_perm(VIEW_PEOPLE, poll):
        raise PermissionDenied
    results = services.poll_results(poll)
    asked = services.how_asked(poll, results.invited)
    answered = {person.pk for person in results.respondents}
    # The newest answer says how they last answered.
    via = dict(PollAnswer.objects.filter(slot__poll=poll).order_by("updated_at").values_list("person_id", "via"))
    rows = [
        {
            "person": person,
            "message": asked.get(person.pk),
            "answered": person.pk in answered,
            "via": PollAnswer.Via(via[person.pk]).label if person.pk in via else "",
        }
        for person in results.invited
    ]
    uninvited = [person for person in results.respondents if person.pk not in {p.pk for p in results.invited}]
    context = {
        "poll": poll,
        "activity": poll.activity,
        "activity_url": activity_url(poll.activity),
        "rows": rows,
        "uninvited": uninvited,
        "not_asked": sum(1 for row in rows if row["message"] is None),
        "is_open": poll.status == Poll.Status.OPEN,
    }
    return render(request, "engagement/poll_answers.html", context)


@member_required
def poll_answer_enter(request: HttpRequest, poll_id, person_id) -> HttpResponse:
    """Staff enter or change someone's answers (they phoned, or answered on paper)."""
    poll = _poll(request, poll_id, MANAGE)
    if not request.user.has_perm(VIEW_PEOPLE, poll):
        raise PermissionDenied
    person = get_for_member(request, Person.objects.not_erased(), person_id)
    slots = services.ordered_slots(poll)
    current = dict(PollAnswer.objects.filter(slot__poll=poll, person=person).values_list("slot_id", "answer"))
    form = AnswerForm(request.POST or None, slots=slots, answers=current, voice="staff")
    is_open = poll.status == Poll.Status.OPEN
    if request.method == "POST" and not is_open:
        messages.error(request, _("This poll has closed, so answers cannot be changed"))
        return redirect("engagement:poll_detail", poll_id=poll.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_answers_save(
                poll=poll,
                person=person,
                answers=form.answers,
                via=PollAnswer.Via.STAFF,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s's answers have been saved.") % {"name": person.display_name})
            return redirect("engagement:poll_answers", poll_id=poll.pk)
    context = {
        "poll": poll,
        "activity": poll.activity,
        "person": person,
        "form": form,
        "is_open": is_open,
        "had_answers": bool(current),
    }
    return render(request, "engagement/poll_answer_enter.html", context)


@member_required
def poll_choose(request: HttpRequest, poll_id) -> HttpResponse:
    poll = _poll(request, poll_id, MANAGE)
    if poll.status != Poll.Status.OPEN:
        messages.info(request, _("This poll is already closed."))
        return redirect("engagement:poll_detail", poll_id=poll.pk)
    results = services.poll_results(poll)
    form = ChooseForm(request.POST or None, rows=results.rows)
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.poll_choose(actor=request.user, poll=poll, slot=form.slot, request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(activity)s is now on %(when)s. The poll is closed.")
                % {"activity": poll.activity.title, "when": services.slot_words(form.slot)},
            )
            return redirect("engagement:poll_detail", poll_id=poll.pk)
    context = {
        "poll": poll,
        "activity": poll.activity,
        "results": results,
        "form": form,
        "had_time": poll.activity.starts_at is not None,
    }
    return render(request, "engagement/poll_choose.html", context)
