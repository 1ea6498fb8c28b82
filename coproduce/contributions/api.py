"""API: contributions (read only), with the same permission as the pages (`contributions.view_contributions`).

Another organisation's contributions are 404. An anonymous contribution never carries its person, and the person
is given only to members who may see people's details. No file content is given: only whether there is a file,
its description (alt text) and whether it may be shown (a photo of someone who no longer agrees to photos may not).
"""

# No `from __future__ import annotations` here: django-ninja reads the query parameters' types (uuid.UUID) of the
# paginated list at run time, from the wrapper's namespace, where postponed annotations cannot be resolved.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from coproduce.api.errors import require
from coproduce.contributions import files, queries
from coproduce.contributions.models import Contribution
from coproduce.core.access import get_for_member

router = Router(tags=["contributions"])

VIEW = "contributions.view_contributions"
VIEW_PEOPLE = "people.view_people"


class ThemeOut(Schema):
    id: uuid.UUID
    name: str


class ContributionOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    activity_id: uuid.UUID | None
    stage_id: uuid.UUID | None
    person_id: uuid.UUID | None
    kind: str
    text: str
    is_anonymous: bool
    gathered: str
    checked_by_person: bool
    recorded_by: str | None
    themes: list[ThemeOut]
    has_file: bool
    file_type: str | None
    file_shown: bool
    alt_text: str
    summary: str
    content_note: str
    support_info: str
    created_at: dt.datetime
    updated_at: dt.datetime


def _out(contribution: Contribution, *, can_see_people: bool, hidden: set) -> dict:
    file_type = files.stored_type(contribution) if contribution.file else None
    shown = contribution.pk not in hidden
    return {
        "id": contribution.pk,
        "project_id": contribution.project_id,
        "activity_id": contribution.activity_id,
        "stage_id": contribution.stage_id,
        "person_id": contribution.person_id if can_see_people and not contribution.is_anonymous else None,
        "kind": contribution.kind,
        "text": contribution.text,
        "is_anonymous": contribution.is_anonymous,
        "gathered": contribution.gathered,
        "checked_by_person": contribution.checked_by_person,
        "recorded_by": str(contribution.recorded_by) if contribution.recorded_by else None,
        "themes": list(contribution.themes.all()),
        "has_file": bool(contribution.file),
        "file_type": file_type.content_type if file_type else None,
        "file_shown": bool(contribution.file) and shown,
        # The description of a photo that may no longer be shown says what (and who) it showed: left out too.
        "alt_text": contribution.alt_text if shown else "",
        "summary": contribution.summary,
        "content_note": contribution.content_note,
        "support_info": contribution.support_info,
        "created_at": contribution.created_at,
        "updated_at": contribution.updated_at,
    }


@router.get("/contributions", response=list[ContributionOut], summary="Contributions, newest first")
@paginate(PageNumberPagination, page_size=100)
def contribution_list(
    request: HttpRequest,
    project: uuid.UUID | None = None,
    activity: uuid.UUID | None = None,
    theme: uuid.UUID | None = None,
    kind: str | None = None,
):
    """Filter by `project`, `activity` or `theme` (their ids) and by `kind` (note, idea, quote, drawing, photo,
    story, graphic_record)."""
    require(request, VIEW)
    if kind is not None and kind not in Contribution.Kind.values:
        raise HttpError(422, "kind: one of " + ", ".join(Contribution.Kind.values))
    contributions = queries.for_organisation(request.organisation)
    if project:
        contributions = contributions.filter(project_id=project)
    if activity:
        contributions = contributions.filter(activity_id=activity)
    if theme:
        contributions = contributions.filter(themes__id=theme)
    if kind:
        contributions = contributions.filter(kind=kind)
    can_see_people = request.user.has_perm(VIEW_PEOPLE, request.organisation)
    return _Rows(queries.with_rows(contributions), can_see_people=can_see_people)


class _Rows:
    """The queryset as the paginator slices it, turned into the API's rows one page at a time (so the consent
    check for photos is one query per page)."""

    def __init__(self, queryset, *, can_see_people: bool) -> None:
        self.queryset = queryset
        self.can_see_people = can_see_people

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = list(self.queryset[index])
        hidden = queries.hidden_photos(rows)
        return [_out(row, can_see_people=self.can_see_people, hidden=hidden) for row in rows]


@router.get("/contributions/{contribution_id}", response=ContributionOut, summary="One contribution")
def contribution_detail(request: HttpRequest, contribution_id: uuid.UUID):
    require(request, VIEW)
    queryset = queries.with_rows(Contribution.objects.all())
    contribution = get_for_member(request, queryset, contribution_id)
    return _out(
        contribution,
        can_see_people=request.user.has_perm(VIEW_PEOPLE, request.organisation),
        hidden=queries.hidden_photos([contribution]),
    )
