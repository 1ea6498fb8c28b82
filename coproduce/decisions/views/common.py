"""Reads the decision and promise pages share: the choices their forms offer (each list bounded, so a big
organisation's page stays quick), a contribution in a line of text, and the follow-through sentence."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.analysis.follow_through import FollowThrough
from coproduce.contributions import queries as contribution_queries
from coproduce.contributions.models import Contribution
from coproduce.decisions.models import Decision, Promise
from coproduce.engagement.models import Activity, Attendance, Invitation
from coproduce.organisations.models import Membership
from coproduce.people.models import Person
from coproduce.projects.models import Project, ProjectStakeholder, Stage
from coproduce.stakeholders.models import StakeholderGroup

VIEW_DECISIONS = "decisions.view_decisions"
RECORD_DECISIONS = "decisions.record_decisions"
RECORD_PROMISES = "decisions.record_promises"
CHANGE_PROMISE_STATUS = "decisions.change_promise_status"
VIEW_PEOPLE = "people.view_people"
# What people said is seen only by the roles that work with families (partners and viewers see decisions but not it).
VIEW_CONTRIBUTIONS = "contributions.view_contributions"

PAGE_SIZE = 25
CONTRIBUTIONS_OFFERED = 200
ACTIVITIES_OFFERED = 200
PEOPLE_OFFERED = 300
PROJECTS_OFFERED = 500
DECISIONS_OFFERED = 100


def uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _count_of(through, *, to: str = "decision") -> Coalesce:
    """How many rows of an m2m table point at the decision, as a subquery (several counts with joins would
    multiply each other)."""
    counted = through.objects.filter(**{to: OuterRef("pk")}).order_by().values(to).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """What a log row shows, without a query per row."""
    return decisions.select_related("project").annotate(
        contribution_count=_count_of(Decision.contributions.through),
        activity_count=_count_of(Decision.activities.through),
        promise_count=_count_of(Promise.decisions.through),
    )


def members(organisation) -> list:
    """The organisation's members (as users), by name."""
    memberships = (
        Membership.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [membership.user for membership in memberships]


def projects(organisation, *, chosen: str | None = None) -> list[Project]:
    """The organisation's projects by title, for a filter or a form (bounded). `chosen` (an id from the address) is
    added when the list is full without it, so a filter on any of the organisation's projects stays valid."""
    found = list(Project.objects.for_organisation(organisation).order_by("title", "id")[:PROJECTS_OFFERED])
    if chosen and len(found) == PROJECTS_OFFERED and chosen not in {str(project.pk) for project in found}:
        with contextlib.suppress(ValueError):
            found += list(Project.objects.for_organisation(organisation).filter(pk=uuid.UUID(chosen)))
    return found


def stages(project: Project) -> list[Stage]:
    return list(Stage.objects.filter(project=project).order_by("order", "name", "id"))


def activities(project: Project, *, also: Iterable[Activity] = ()) -> list[Activity]:
    found = list(
        Activity.objects.filter(organisation_id=project.organisation_id, project=project).order_by(
            "-starts_at", "-window_opens_on", "title", "id"
        )[:ACTIVITIES_OFFERED]
    )
    return _with(found, also)


def groups(organisation) -> list[StakeholderGroup]:
    return list(StakeholderGroup.objects.for_organisation(organisation).order_by("order", "name", "id"))


def contributions(project: Project, *, also: Iterable[Contribution] = ()) -> list[Contribution]:
    """The project's latest contributions (and any already linked), with what their line needs."""
    found = list(
        Contribution.objects.filter(organisation_id=project.organisation_id, project=project)
        .select_related("person")
        .order_by("-created_at", "-id")[:CONTRIBUTIONS_OFFERED]
    )
    return _with(found, also)


def people_involved(project: Project, *, also: QuerySet[Person] | None = None) -> list[Person]:
    """People who could have been at a decision about the project: invited to or at its activities, or involved in
    it as a stakeholder (and anyone already recorded as present). Bounded, by name."""
    involved = (
        Q(pk__in=Invitation.objects.filter(activity__project=project).values("person_id"))
        | Q(pk__in=Attendance.objects.filter(activity__project=project).values("person_id"))
        | Q(pk__in=ProjectStakeholder.objects.filter(project=project, person__isnull=False).values("person_id"))
    )
    condition = Q(erased_at__isnull=True) & involved
    if also is not None:
        condition |= Q(pk__in=also.values("pk"))
    found = Person.objects.filter(organisation_id=project.organisation_id).filter(condition)
    return list(found.order_by("full_name", "id")[:PEOPLE_OFFERED])


def _with(found: list, also: Iterable) -> list:
    known = {item.pk for item in found}
    return found + [item for item in also if item.pk not in known]


def contribution_labels(items: list[Contribution]) -> dict[str, str]:
    """{id: one line of text} for checkboxes: the same rules as contributions/_summary_line.html (a story by its
    content note, never its words; a photo no longer agreed to, by saying so)."""
    hidden = contribution_queries.hidden_photos(items)
    labels = {}
    for item in items:
        if item.kind == Contribution.Kind.STORY:
            line = _("Story (content note: %(note)s)") % {"note": item.content_note}
        elif item.pk in hidden:
            line = _("Photo not shown: the person no longer agrees to photos")
        else:
            words = item.text or item.summary or item.alt_text
            line = f"{item.get_kind_display()}: {Truncator(words).chars(140)}" if words else item.get_kind_display()
        labels[str(item.pk)] = str(line)
    return labels


def follow_through_sentence(figures: FollowThrough) -> str:
    """How many of the organisation's promises were kept on time so far, in words (translated; the same rules as
    analysis.follow_through.sentence)."""
    kept, so_far = figures.kept_on_time, figures.so_far
    if so_far == 0:
        return _("None of your promises with a due date has reached it yet, so there is nothing to count so far.")
    if so_far == 1:
        if kept:
            return _("Your 1 promise with a due date so far was kept on time.")
        return _("Your 1 promise with a due date so far was not kept on time.")
    if kept == 0:
        return _("None of your %(so_far)s promises with a due date so far were kept on time.") % {"so_far": so_far}
    if kept == so_far:
        return _("All %(so_far)s of your promises with a due date so far were kept on time.") % {"so_far": so_far}
    return ngettext(
        "%(kept)s of your %(so_far)s promises with a due date so far was kept on time.",
        "%(kept)s of your %(so_far)s promises with a due date so far were kept on time.",
        kept,
    ) % {"kept": kept, "so_far": so_far}
