"""The training matrix: who is in training (staff, and the families and peer supporters who have trained or
support others) against the organisation's courses, each cell the status of their latest completion. Worked out in
a fixed number of queries whatever the number of people or courses (one each for staff, people, courses and
completions), then in Python.

The status of one completion (`status_of`) is a plain function of its expiry date, today and the "due soon" window,
so the matrix, the landing page and the export all say the same thing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.learning.models import Completion, Course
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person

DUE_SOON_DAYS = 60
DUE_WINDOWS = (30, 60, 90)
# Members in these roles are staff: they are in the matrix whether or not they have trained yet.
STAFF_ROLES = (Role.ADMIN, Role.LEAD, Role.STAFF, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER)


class Status(enum.StrEnum):
    DONE = "done"
    DUE_SOON = "due_soon"
    EXPIRED = "expired"
    NOT_DONE = "not_done"


# GOV.UK tag colour for each status; the words always say the status too (never colour alone).
TAG_CLASS = {
    Status.DONE: "govuk-tag--green",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.EXPIRED: "govuk-tag--red",
    Status.NOT_DONE: "govuk-tag--grey",
}


def status_of(expires_on: dt.date | None, today: dt.date, soon_days: int = DUE_SOON_DAYS) -> Status:
    """The status of a completion: expired the day after its expiry date, due soon within `soon_days` of it."""
    if expires_on is None:
        return Status.DONE
    if expires_on < today:
        return Status.EXPIRED
    if expires_on <= today + dt.timedelta(days=soon_days):
        return Status.DUE_SOON
    return Status.DONE


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class Cell:
    status: Status
    completed_on: dt.date | None = None
    expires_on: dt.date | None = None
    completion_id: object = None

    @property
    def tag_class(self) -> str:
        return TAG_CLASS[self.status]

    @property
    def label(self) -> str:
        return {
            Status.DONE: _("Done"),
            Status.DUE_SOON: _("Due soon"),
            Status.EXPIRED: _("Expired"),
            Status.NOT_DONE: _("Not done"),
        }[self.status]

    @property
    def detail(self) -> str:
        """What follows the tag on the page: "expires 3 May 2027", "does not expire" or nothing."""
        if self.status == Status.NOT_DONE:
            return ""
        if self.expires_on is None:
            return _("does not expire")
        if self.status == Status.EXPIRED:
            return _("expired %(date)s") % {"date": _day(self.expires_on)}
        return _("expires %(date)s") % {"date": _day(self.expires_on)}

    @property
    def text(self) -> str:
        """The cell in words, for the page and the export: "Done (expires 3 May 2027)"."""
        if self.status == Status.NOT_DONE:
            return self.label
        if self.expires_on is None:
            return _("Done (does not expire)")
        if self.status == Status.EXPIRED:
            return _("Expired (%(date)s)") % {"date": _day(self.expires_on)}
        return _("%(status)s (expires %(date)s)") % {"status": self.label, "date": _day(self.expires_on)}


@dataclass
class Row:
    kind: str  # "user" or "person"
    pk: object
    name: str
    about: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


@dataclass
class Matrix:
    courses: list[Course]
    rows: list[Row]
    soon_days: int


def _latest(completions: Iterable[tuple]) -> dict[tuple[str, object], dict[object, tuple]]:
    """{(kind, trainee id): {course id: (completion id, completed_on, expires_on)}} of the latest completions."""
    latest: dict[tuple[str, object], dict[object, tuple]] = {}
    for pk, course_id, person_id, user_id, completed_on, expires_on in completions:
        key = ("person", person_id) if person_id else ("user", user_id)
        # Given oldest first, so a later completion replaces an earlier one.
        latest.setdefault(key, {})[course_id] = (pk, completed_on, expires_on)
    return latest


def trainees(organisation) -> list[Row]:
    """Everyone in training, by name: staff members (and any member who has a completion), and people who have a
    completion or are peer supporters. Two queries."""
    from coproduce.peers.models import PeerSupporter, SupporterStatus

    completions = Completion.objects.for_organisation(organisation)
    memberships = (
        Membership.objects.for_organisation(organisation)
        .filter(Q(role__in=STAFF_ROLES) | Q(user_id__in=completions.filter(user__isnull=False).values("user_id")))
        .select_related("user")
    )
    rows = [Row("user", m.user_id, m.user.full_name or m.user.email, str(m.get_role_display())) for m in memberships]
    supporters = PeerSupporter.objects.filter(person=OuterRef("pk")).exclude(status=SupporterStatus.LEFT)
    people = (
        Person.objects.for_organisation(organisation)
        .filter(erased_at__isnull=True)
        .annotate(is_supporter=Exists(supporters))
        .filter(Q(is_supporter=True) | Q(pk__in=completions.filter(person__isnull=False).values("person_id")))
        .values_list("pk", "full_name", "is_supporter")
    )
    rows += [
        Row("person", pk, name, str(_("Peer supporter") if is_supporter else _("Family member")))
        for pk, name, is_supporter in people
    ]
    rows.sort(key=lambda row: (row.name.casefold(), str(row.pk)))
    return rows


def build(
    organisation,
    today: dt.date,
    *,
    due_within: int | None = None,
    course: Course | None = None,
) -> Matrix:
    """The matrix. `due_within` keeps only people with a completion that has expired or expires within that many
    days (and makes it the "due soon" window); `course` keeps that course's column only. Four queries."""
    soon_days = due_within or DUE_SOON_DAYS
    courses = [course] if course is not None else list(Course.objects.for_organisation(organisation).current())
    rows = trainees(organisation)
    completions = (
        Completion.objects.for_organisation(organisation)
        .filter(course__in=[c.pk for c in courses])
        .order_by("completed_on", "created_at")
        .values_list("pk", "course_id", "person_id", "user_id", "completed_on", "expires_on")
    )
    latest = _latest(completions)
    kept = []
    for row in rows:
        mine = latest.get((row.kind, row.pk), {})
        for c in courses:
            found = mine.get(c.pk)
            if found is None:
                row.cells.append(Cell(Status.NOT_DONE))
            else:
                pk, completed_on, expires_on = found
                row.cells.append(Cell(status_of(expires_on, today, soon_days), completed_on, expires_on, pk))
        if due_within is None or any(cell.status in (Status.DUE_SOON, Status.EXPIRED) for cell in row.cells):
            kept.append(row)
    return Matrix(courses=courses, rows=kept, soon_days=soon_days)


def due_for_user(user, organisation, today: dt.date) -> list[tuple[Course, Cell]]:
    """The member's own training that has expired or expires soon (latest completion per course). One query."""
    completions = (
        Completion.objects.for_organisation(organisation)
        .filter(user=user, course__retired_at__isnull=True)
        .select_related("course")
        .order_by("completed_on", "created_at")
    )
    latest: dict[object, Completion] = {}
    for completion in completions:
        latest[completion.course_id] = completion
    due = []
    for completion in latest.values():
        cell = Cell(
            status_of(completion.expires_on, today), completion.completed_on, completion.expires_on, completion.pk
        )
        if cell.status in (Status.DUE_SOON, Status.EXPIRED):
            due.append((completion.course, cell))
    return sorted(due, key=lambda pair: pair[1].expires_on)
