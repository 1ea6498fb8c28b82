"""Equality monitoring pages: the summary (aggregates with small numbers hidden), one person's answers (the data
protection officer only, every view audited) and the person's own page, opened from their link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.consent.checks import has_consent
from coproduce.consent.links import person_from_token
from coproduce.consent.models import ChildBasis, ConsentMethod, Purpose
from coproduce.consent.services import age_group, consent_give
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.core.ratelimit import allow
from coproduce.equality import services
from coproduce.equality.forms import AnswersForm, ObjectionForm, SummaryFilterForm
from coproduce.equality.models import EqualityProfile
from coproduce.people.models import Person

VIEW_ANSWERS = "equality.view_answers"
ADULT_QUESTIONS_DISCARDED = _(
    "Questions about gender identity and sexual orientation are only for people aged 16 or over, so we have not "
    "kept those answers."
)


def _adult_questions(person: Person) -> str:
    if person.age() is None:
        return "hint"
    return "omit" if services.is_under_16(person) else "ask"


def _initial(profile: EqualityProfile | None) -> dict[str, str]:
    return profile.answers() if profile is not None else {}


@permission_required("equality.view_summary")
def summary(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = SummaryFilterForm(request.GET or None, organisation=organisation)
    filters = {"hub": None, "project": None, "since": None, "until": None}
    if form.is_valid():
        filters.update({name: form.cleaned_data[name] for name in filters})
    tables = [services.aggregate(organisation, question=question, **filters) for question in services.ANSWER_FIELDS]
    context = {
        "form": form,
        "tables": tables,
        "filtered": any(filters.values()),
        "by_snapshot": bool(filters["project"] or filters["since"] or filters["until"]),
        "filters": filters,
        "threshold": services.THRESHOLD,
    }
    return render(request, "equality/summary.html", context)


@member_required
def person_answers(request: HttpRequest, person_id: str) -> HttpResponse:
    # Another organisation's person is a 404 for everyone; in our own organisation only the data protection
    # officer may go further (403 for everyone else).
    person = get_for_member(request, Person.objects.not_erased(), person_id, permission=VIEW_ANSWERS)
    adult_questions = _adult_questions(person)
    form = AnswersForm(adult_questions=adult_questions)
    if request.method == "POST":
        if "objection" in request.POST:
            objection = ObjectionForm(request.POST)
            if objection.is_valid():
                if objection.cleaned_data["objection"] == "record":
                    services.objection_record(person=person, actor=request.user, request=request)
                    messages.success(request, _("Their objection has been recorded: their answers are no longer used."))
                else:
                    services.objection_clear(person=person, actor=request.user, request=request)
                    messages.success(request, _("Their objection has been removed: their answers can be used again."))
            return redirect("equality:person_answers", person_id=person.pk)
        form = AnswersForm(request.POST, adult_questions=adult_questions)
        if form.is_valid():
            try:
                services.answers_save(person=person, data=form.cleaned_data, actor=request.user, request=request)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if form.adult_answers_discarded:
                    messages.info(request, ADULT_QUESTIONS_DISCARDED)
                messages.success(request, _("The answers have been saved."))
                return redirect("equality:person_answers", person_id=person.pk)
    profile = services.answers_view(person=person, actor=request.user, request=request)
    if not form.is_bound:
        form = AnswersForm(initial=_initial(profile), adult_questions=adult_questions)
    context = {
        "person": person,
        "profile": profile,
        "form": form,
        "answers": _answer_rows(profile),
        "has_consent": has_consent(person, Purpose.EQUALITY_MONITORING),
        "snapshot_count": person.equality_snapshots.count(),
    }
    response = render(request, "equality/person_answers.html", context)
    response["Cache-Control"] = "private, no-store"  # special category data: never kept in a browser's cache
    return response


def _answer_rows(profile: EqualityProfile | None) -> list[tuple[str, str]]:
    """(question, answer as worded) for each answer given."""
    if profile is None:
        return []
    rows = []
    for name in services.ANSWER_FIELDS:
        value = getattr(profile, name)
        if value:
            display = getattr(profile, f"get_{name}_display", None)
            rows.append((services.question_label(name), display() if display else value))
    return rows


def my_answers(request: HttpRequest, link: str) -> HttpResponse:
    person = person_from_token(link)
    if person is None:
        raise Http404
    adult_questions = _adult_questions(person)
    # Under 13, someone with parental responsibility must agree first: the page explains and asks nothing (a child
    # can still ask us not to use answers recorded for them).
    may_answer = age_group(person) != "child"
    profile = EqualityProfile.objects.filter(person=person).first()
    form = AnswersForm(initial=_initial(profile), adult_questions=adult_questions) if may_answer else None
    if request.method == "POST":
        if not allow(request, "equality-my-answers", limit=30, seconds=3600, key=str(person.pk)):
            messages.error(request, _("You have sent this form too many times. Wait an hour, then try again."))
            return private(_render_my_answers(request, person, profile, form, link, status=429))
        if "objection" in request.POST:
            objection = ObjectionForm(request.POST)
            if objection.is_valid():
                if objection.cleaned_data["objection"] == "record":
                    services.objection_record(person=person, request=request, by_person=True)
                    messages.success(request, _("We will not use your answers."))
                else:
                    services.objection_clear(person=person, request=request, by_person=True)
                    messages.success(request, _("Thank you. We can use your answers again."))
            return private(redirect("equality:my_answers", link=link))
        if may_answer:
            form = AnswersForm(request.POST, adult_questions=adult_questions)
            if form.is_valid():
                try:
                    _save_own_answers(request, person, form.cleaned_data)
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    if form.adult_answers_discarded:
                        messages.info(request, ADULT_QUESTIONS_DISCARDED)
                    messages.success(request, _("Thank you. Your answers have been saved."))
                    return private(redirect("equality:my_answers", link=link))
    else:
        services.answers_view(person=person, actor=None, request=request, by_person=True)
    return private(_render_my_answers(request, person, profile, form, link))


@transaction.atomic
def _save_own_answers(request: HttpRequest, person: Person, data: dict) -> None:
    """Saving from their own link is also their agreement to equality monitoring (the page says so). A young
    person from 13 consents for themselves to the online service."""
    services.answers_save(person=person, data=data, request=request, by_person=True)
    child_basis = ChildBasis.SELF_13_PLUS if age_group(person) == "young" else ""
    consent_give(
        person=person,
        purpose=Purpose.EQUALITY_MONITORING,
        method=ConsentMethod.ONLINE,
        via="own link",
        child_basis=child_basis,
        request=request,
    )


def _render_my_answers(
    request: HttpRequest,
    person: Person,
    profile: EqualityProfile | None,
    form: AnswersForm | None,
    link: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        "person": person,
        "organisation": person.organisation,
        "profile": profile,
        "form": form,
        "link": link,
        "adult_questions": _adult_questions(person),
        # Children and young people (under 18) get shorter, simpler wording.
        "group": age_group(person),
        "my_information_url": reverse("consent:my_information", kwargs={"link": link}),
    }
    return render(request, "equality/my_answers.html", context, status=status)
