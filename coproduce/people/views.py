"""Staff pages for people: finding them, their record, their details and access needs, their household and its
children, and merging duplicates."""

from __future__ import annotations

import copy
from itertools import combinations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.models import AuditEvent
from coproduce.people import services
from coproduce.people.filters import FILTER_FIELDS, PersonFilterForm
from coproduce.people.forms import (
    AccessNeedsForm,
    ChildForm,
    ConfirmForm,
    HouseholdForm,
    JoinHouseholdForm,
    MergeForm,
    NewHouseholdForm,
    PersonForm,
)
from coproduce.people.models import (
    ACCESS_NEEDS,
    UNAVAILABLE_TIMES,
    AccessNeeds,
    AgeBand,
    Child,
    Household,
    Person,
    age_on,
)
from coproduce.stakeholders.models import StakeholderGroup

VIEW = "people.view_people"
MANAGE = "people.manage_people"
MERGE = "people.merge_people"
PAGE_SIZE = 50
MAX_DUPLICATE_GROUPS = 50
TIMELINE_LENGTH = 10


def _person(request: HttpRequest, person_id: str, *, write: bool = False, queryset: QuerySet | None = None) -> Person:
    person = get_for_member(request, queryset if queryset is not None else Person.objects, person_id)
    if write and person.is_erased:
        raise Http404  # nothing left to change
    return person


def _household(request: HttpRequest, household_id: str) -> Household:
    return get_for_member(request, Household.objects, household_id)


def person_url(person: Person) -> str:
    return reverse("people:person_detail", kwargs={"person_id": person.pk})


def household_url(household: Household) -> str:
    return reverse("people:household_detail", kwargs={"household_id": household.pk})


# ---------------------------------------------------------------------------------------------------------------
# Finding people


@permission_required(VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = PersonFilterForm(request.GET, organisation=organisation)
    people = (
        form.apply(Person.objects.for_organisation(organisation))
        .order_by(Lower("full_name"), "id")
        .only("id", "full_name", "preferred_name", "pronouns", "pronunciation", "email", "phone", "postcode")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = form.filters()
    query = request.GET.copy()
    for name in list(query):
        if name not in FILTER_FIELDS or not query.get(name):
            query.pop(name)
    context = {
        "form": form,
        "page": page,
        "query": chosen.get("q", ""),
        "is_filtered": bool(chosen),
        "extra_query": query.urlencode(),
    }
    return render(request, "people/person_list.html", context)


# ---------------------------------------------------------------------------------------------------------------
# One person


@permission_required(VIEW)
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    queryset = Person.objects.select_related("household", "access_needs").prefetch_related(
        "hubs", Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.select_related("parent"))
    )
    person = _person(request, person_id, queryset=queryset)
    if person.is_erased:
        return render(request, "people/person_erased.html", {"person": person})
    needs = getattr(person, "access_needs", None)
    household = person.household
    if household is not None:
        household.member_count = household.members.filter(erased_at__isnull=True).count()
        household.child_count = household.children.count()
    involvements = person.project_involvements.select_related("project", "group__parent").order_by("-created_at")[:50]
    about = Q(object_type=Person._meta.label, object_id=str(person.pk))
    if needs is not None:
        about |= Q(object_type=AccessNeeds._meta.label, object_id=str(needs.pk))
    timeline = (
        AuditEvent.objects.for_organisation(request.organisation)
        .filter(about)
        .exclude(action=AuditEvent.Action.VIEW)  # changes only; reads are in the audit log
        .only("created_at", "actor_label", "action", "summary")[:TIMELINE_LENGTH]
    )
    context = {
        "person": person,
        "needs": needs,
        "need_labels": _labels(ACCESS_NEEDS, needs.needs()) if needs else [],
        "unavailable_labels": _labels(UNAVAILABLE_TIMES, needs.unavailable()) if needs else [],
        "household": household,
        "involvements": involvements,
        "timeline": timeline,
        "can_manage": request.user.has_perm(MANAGE, person),
    }
    return render(request, "people/person_detail.html", context)


def _labels(choices: list[tuple[str, str]], codes: list[str]) -> list[str]:
    wanted = set(codes)
    return [label for code, label in choices if code in wanted]


@permission_required(MANAGE)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(
        request.POST if request.method == "POST" else None, organisation=request.organisation, check_duplicates=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user, organisation=request.organisation, request=request, **form.service_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": person.display_name})
            return redirect(person_url(person))
    return render(request, "people/person_form.html", {"form": form, "person": None, "title": _("Add a person")})


@permission_required(MANAGE)
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, write=True)
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(person),
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, request=request, **form.service_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Their details have been saved."))
            return redirect(person_url(person))
    title = _("Change their details")
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": title})


@permission_required(MANAGE)
def access_needs_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, write=True, queryset=Person.objects.select_related("access_needs"))
    needs = getattr(person, "access_needs", None)
    form = AccessNeedsForm(request.POST if request.method == "POST" else None, instance=needs)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_needs_save(person=person, data=form.service_data(), actor=request.user, request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Their access needs have been saved."))
            return redirect(f"{person_url(person)}#access-needs")
    return render(request, "people/access_needs_form.html", {"form": form, "person": person})


# ---------------------------------------------------------------------------------------------------------------
# Households


@permission_required(MANAGE)
def person_household(request: HttpRequest, person_id: str) -> HttpResponse:
    """Put a person in a new household or one found by a search (or change their role in their own)."""
    person = _person(request, person_id, write=True, queryset=Person.objects.select_related("household"))
    organisation = request.organisation
    action = request.POST.get("action") if request.method == "POST" else None
    query = (request.POST.get("join-q") if action == "join" else request.GET.get("q", "")) or ""
    query = query.strip()[:100]
    initial_role = {"role": person.household_role} if person.household_role else None
    new_form = NewHouseholdForm(request.POST if action == "new" else None, initial=initial_role, prefix="new")
    join_form = JoinHouseholdForm(
        request.POST if action == "join" else None,
        organisation=organisation,
        query=query,
        initial=initial_role,
        prefix="join",
    )
    try:
        if action == "new" and new_form.is_valid():
            household = services.household_create(
                actor=request.user,
                organisation=organisation,
                name=new_form.cleaned_data["name"],
                member=person,
                role=new_form.cleaned_data["role"],
                request=request,
            )
            messages.success(request, _("A new household has been added."))
            return redirect(household_url(household))
        if action == "join" and join_form.is_valid():
            household = join_form.cleaned_data["household"]
            services.household_add_member(
                household=household,
                person=person,
                role=join_form.cleaned_data["role"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("They have been added to the household."))
            return redirect(household_url(household))
    except ValidationError as error:
        apply_validation_error(new_form if action == "new" else join_form, error)
    context = {"person": person, "new_form": new_form, "join_form": join_form, "query": query}
    return render(request, "people/person_household.html", context)


@permission_required(VIEW)
def household_detail(request: HttpRequest, household_id: str) -> HttpResponse:
    household = _household(request, household_id)
    members = household.members.filter(erased_at__isnull=True).only(
        "id", "full_name", "preferred_name", "pronouns", "household_role", "household_id"
    )
    children = [
        {"child": child, "age": child_age(child), "band": _band_label(child.current_age_band())}
        for child in household.children.all()
    ]
    context = {
        "household": household,
        "members": members,
        "children": children,
        "can_manage": request.user.has_perm(MANAGE, household),
    }
    return render(request, "people/household_detail.html", context)


def child_age(child: Child) -> int | None:
    return age_on(child.date_of_birth, timezone.localdate())


def _band_label(band: str) -> str:
    return str(AgeBand(band).label) if band in AgeBand.values else ""


@permission_required(MANAGE)
def household_edit(request: HttpRequest, household_id: str) -> HttpResponse:
    household = _household(request, household_id)
    form = HouseholdForm(request.POST if request.method == "POST" else None, instance=copy.copy(household))
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(actor=request.user, household=household, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The household's details have been saved."))
            return redirect(household_url(household))
    return render(request, "people/household_form.html", {"form": form, "household": household})


@permission_required(MANAGE)
def child_edit(request: HttpRequest, household_id: str, child_id: str | None = None) -> HttpResponse:
    household = _household(request, household_id)
    child = get_for_member(request, Child.objects.filter(household=household), child_id) if child_id else None
    form = ChildForm(request.POST if request.method == "POST" else None, instance=copy.copy(child) if child else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_save(
                household=household, child=child, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The child's details have been saved."))
            return redirect(f"{household_url(household)}#children")
    return render(request, "people/child_form.html", {"form": form, "household": household, "child": child})


@permission_required(MANAGE)
@require_POST
def child_remove(request: HttpRequest, household_id: str, child_id: str) -> HttpResponse:
    household = _household(request, household_id)
    child = get_for_member(request, Child.objects.filter(household=household), child_id)
    if not ConfirmForm(request.POST).confirmed:
        return render(request, "people/child_remove.html", {"household": household, "child": child})
    services.child_remove(child=child, actor=request.user, request=request)
    messages.success(request, _("The child has been removed from the household."))
    return redirect(f"{household_url(household)}#children")


@permission_required(MANAGE)
@require_POST
def household_member_remove(request: HttpRequest, household_id: str, person_id: str) -> HttpResponse:
    household = _household(request, household_id)
    person = get_for_member(request, Person.objects.filter(household=household), person_id)
    if not ConfirmForm(request.POST).confirmed:
        return render(request, "people/household_member_remove.html", {"household": household, "person": person})
    services.household_remove_member(household=household, person=person, actor=request.user, request=request)
    messages.success(request, _("%(name)s is no longer in this household.") % {"name": person.display_name})
    return redirect(household_url(household))


# ---------------------------------------------------------------------------------------------------------------
# Duplicates


def duplicate_groups(organisation, limit: int = MAX_DUPLICATE_GROUPS) -> list[dict]:
    """Groups of people who share an email address, a phone number, or a name and postcode: found with GROUP BY in
    the database (three queries), then their people fetched (three more). At most `limit` groups."""
    people = Person.objects.for_organisation(organisation).not_erased()
    kinds = [
        ("email", _("Same email address"), people.exclude(email="").annotate(key=Lower("email"))),
        (
            "phone",
            _("Same phone number"),
            people.exclude(phone="").annotate(key=Replace("phone", Value(" "), Value(""))),
        ),
    ]
    groups: list[dict] = []
    for kind, reason, annotated in kinds:
        keys = list(
            annotated.values("key")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by("-n", "key")
            .values_list("key", flat=True)[: limit - len(groups)]
        )
        if not keys:
            continue
        found: dict[str, list[Person]] = {}
        for person in annotated.filter(key__in=keys).order_by(Lower("full_name"), "id").only(*_DUPLICATE_FIELDS):
            found.setdefault(person.key, []).append(person)
        groups += [{"kind": kind, "reason": reason, "people": found[key]} for key in keys if key in found]
    if len(groups) < limit:
        named = people.exclude(postcode_compact="").annotate(key=Lower("full_name"))
        pairs = list(
            named.values("key", "postcode_compact")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by("-n", "key", "postcode_compact")
            .values_list("key", "postcode_compact")[: limit - len(groups)]
        )
        if pairs:
            found = {}
            rows = named.filter(postcode_compact__in={pc for _key, pc in pairs}, key__in={key for key, _pc in pairs})
            for person in rows.order_by(Lower("full_name"), "id").only(*_DUPLICATE_FIELDS):
                found.setdefault((person.key, person.postcode_compact), []).append(person)
            groups += [
                {"kind": "name_postcode", "reason": _("Same name and postcode"), "people": found[pair]}
                for pair in pairs
                if pair in found
            ]
    for group in groups:
        group["pairs"] = list(combinations(group["people"][:6], 2))
    return groups


_DUPLICATE_FIELDS = ("id", "full_name", "preferred_name", "email", "phone", "postcode", "postcode_compact")


@permission_required(MERGE)
def duplicates(request: HttpRequest) -> HttpResponse:
    groups = duplicate_groups(request.organisation)
    return render(request, "people/duplicates.html", {"groups": groups, "limit": MAX_DUPLICATE_GROUPS})


# The details shown side by side before a merge, in order.
MERGE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronunciation",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "languages",
    "date_of_birth",
    "takes_part_as",
)


def _merge_rows(first: Person, second: Person) -> list[dict]:
    rows = []
    for name in MERGE_FIELDS:
        field = Person._meta.get_field(name)
        values = []
        for person in (first, second):
            value = getattr(person, name)
            if field.choices and value:
                value = getattr(person, f"get_{name}_display")()
            values.append(value)
        kept = values[0] if values[0] not in (None, "") else values[1]
        rows.append({"label": field.verbose_name, "first": values[0], "second": values[1], "kept": kept})
    channels = [", ".join(str(label) for label in _channel_labels(person)) for person in (first, second)]
    both = _channel_labels(first) + [label for label in _channel_labels(second) if label not in _channel_labels(first)]
    rows.append(
        {
            "label": _("Ways to contact them"),
            "first": channels[0],
            "second": channels[1],
            "kept": ", ".join(str(label) for label in both),
        }
    )
    return rows


def _channel_labels(person: Person) -> list:
    return [Person._meta.get_field(f"contact_by_{code}").verbose_name for code in person.channels]


@permission_required(MERGE)
def person_merge(request: HttpRequest, person_id: str, other_id: str) -> HttpResponse:
    """Two records side by side: what will be kept, which record to keep, and a confirm button."""
    first = _person(request, person_id, write=True, queryset=Person.objects.select_related("household"))
    second = _person(request, other_id, write=True, queryset=Person.objects.select_related("household"))
    if first.pk == second.pk:
        raise Http404
    form = MergeForm(
        request.POST if request.method == "POST" else None, first=first, second=second, initial={"keep": str(first.pk)}
    )
    if request.method == "POST" and form.is_valid():
        keep, other = form.chosen()
        try:
            services.person_merge(keep=keep, other=other, actor=request.user, request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The two records have been merged into one."))
            return redirect(person_url(keep))
    context = {"first": first, "second": second, "form": form, "rows": _merge_rows(first, second)}
    return render(request, "people/person_merge.html", context)
