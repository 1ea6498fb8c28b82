"""Objects of the learning app (communities of practice, courses, induction, reflection) for the tenancy walk in
test_tenancy_urls.py: one factory per URL parameter."""

from __future__ import annotations

LEARNING_FACTORIES: dict = {}


# --- Communities of practice (coproduce/communities): owned by the communities helper ---------------------------


def _community(org, made: dict):
    import datetime as dt

    from coproduce.communities.models import CommunityOfPractice

    if "community_id" in made:
        return CommunityOfPractice.objects.get(pk=made["community_id"])
    return CommunityOfPractice.objects.create(
        organisation=org, name=f"Walker community {CommunityOfPractice.objects.count()}", goal="Walk",
        started_on=dt.date(2026, 1, 1),
    )  # fmt: skip


def _community_member(org, made: dict):
    from coproduce.communities.models import CommunityMember
    from coproduce.organisations.models import Membership

    user = Membership.objects.filter(organisation=org).first().user
    return CommunityMember.objects.create(
        organisation=org, community=_community(org, made), user=user, home_organisation=org
    ).pk


def _community_theme(org, made: dict):
    from coproduce.communities.models import CommunityTheme

    return CommunityTheme.objects.create(
        organisation=org, community=_community(org, made), title="Walker theme", kind="problem"
    ).pk


def _community_log_entry(org, made: dict):
    import datetime as dt

    from coproduce.communities.models import LearningLogEntry

    return LearningLogEntry.objects.create(
        organisation=org, community=_community(org, made), happened_on=dt.date(2026, 2, 1), tried="W", learnt="W"
    ).pk


def _community_resource(org, made: dict):
    from coproduce.communities.models import SharedResource

    return SharedResource.objects.create(
        organisation=org, community=_community(org, made), title="Walker link", url="https://example.org/"
    ).pk


def _community_meeting(org, made: dict):
    from coproduce.communities.models import CommunityMeeting
    from coproduce.engagement.models import Activity
    from coproduce.projects.models import Project

    project = Project.objects.create(organisation=org, title="Walker community project", goal="Walk")
    activity = Activity.objects.create(organisation=org, project=project, title="Walker meeting", kind="workshop")
    return CommunityMeeting.objects.create(organisation=org, community=_community(org, made), activity=activity).pk


LEARNING_FACTORIES.update(
    {
        "community_id": lambda org, made: _community(org, made).pk,
        "community_member_id": _community_member,
        "community_theme_id": _community_theme,
        "log_entry_id": _community_log_entry,
        "community_resource_id": _community_resource,
        "community_meeting_id": _community_meeting,
    }
)
# --- end of communities of practice ------------------------------------------------------------------------------


# --- Training, induction, reflection and guidance (coproduce/learning): owned by the learning helper ------------


def _course(org, made: dict):
    from coproduce.learning.models import Course

    if "course_id" in made:
        return Course.objects.get(pk=made["course_id"])
    return Course.objects.create(organisation=org, name=f"Walker course {Course.objects.count()}", valid_for_months=12)


def _course_session(org, made: dict):
    import datetime as dt

    from coproduce.learning.models import CourseSession

    return CourseSession.objects.create(organisation=org, course=_course(org, made), held_on=dt.date(2026, 1, 10)).pk


def _completion(org, made: dict):
    import datetime as dt

    from coproduce.learning.models import Completion
    from coproduce.people.models import Person

    person = Person.objects.create(organisation=org, full_name="Walker Trainee")
    return Completion.objects.create(
        organisation=org, course=_course(org, made), person=person, completed_on=dt.date(2026, 1, 10)
    ).pk


def _induction_item(org, made: dict):
    from coproduce.learning.models import InductionItem

    return InductionItem.objects.create(organisation=org, text="Walker induction item").pk


def _reflection(org, made: dict):
    """A private entry written by the organisation's first administrator (the walk's owner), so that the owner's
    control request finds it and anyone else's is a 404."""
    import datetime as dt

    from coproduce.learning.models import ReflectionEntry
    from coproduce.organisations.models import Membership, Role

    author = Membership.objects.filter(organisation=org, role=Role.ADMIN).order_by("created_at").first().user
    return ReflectionEntry.objects.create(
        organisation=org, author=author, written_on=dt.date(2026, 1, 10), notes="Walker reflection"
    ).pk


def _prompt(org, made: dict):
    from coproduce.learning.models import ReflectionPrompt

    return ReflectionPrompt.objects.create(organisation=org, text="Walker prompt").pk


def _guidance(org, made: dict):
    from coproduce.learning.models import OrganisationGuidance

    return OrganisationGuidance.objects.create(organisation=org, title="Walker guidance", url="https://example.org/").pk


LEARNING_FACTORIES.update(
    {
        "course_id": lambda org, made: _course(org, made).pk,
        "course_session_id": _course_session,
        "completion_id": _completion,
        "induction_item_id": _induction_item,
        "reflection_id": _reflection,
        "prompt_id": _prompt,
        "guidance_id": _guidance,
    }
)
# --- end of training, induction, reflection and guidance --------------------------------------------------------
