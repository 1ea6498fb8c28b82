"""Writes about contributions and themes: recording what someone said or made (with its file), changing it,
deleting it (and its file), and keeping the organisation's list of themes.

The rules live in `contribution_problems`, which the form also asks so that every problem shows next to its field
at once: a photo of a person needs their consent for photos, a photo of no one a tick saying no one can be
identified; every image needs a description (alt text); a graphic record needs a summary in words; a story needs a
content note and where to get support. Audit lines carry field names only, never what anyone said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.consent.checks import has_consent
from coproduce.consent.models import Purpose
from coproduce.contributions import files
from coproduce.contributions.models import Contribution, Theme
from coproduce.contributions.queries import is_photo_of_someone
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent, uuid7

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.engagement.models import Activity
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person
    from coproduce.projects.models import Project, Stage

RECORD = "contributions.record_contributions"
MANAGE_THEMES = "contributions.manage_themes"
Kind = Contribution.Kind
Gathered = Contribution.Gathered

WORDS_KINDS = frozenset({Kind.NOTE, Kind.IDEA, Kind.QUOTE, Kind.STORY})
THEME_NAME_MAX = Theme._meta.get_field("name").max_length
# The fields of a contribution that the audit log names when they change (never their values).
AUDITED_FIELDS = (
    "kind",
    "text",
    "activity",
    "stage",
    "person",
    "gathered",
    "checked_by_person",
    "is_anonymous",
    "file",
    "alt_text",
    "summary",
    "content_note",
    "support_info",
)

TEXT_REQUIRED = {
    Kind.NOTE: gettext_lazy("Write the note"),
    Kind.IDEA: gettext_lazy("Write the idea, in their words if you can"),
    Kind.QUOTE: gettext_lazy("Write what they said, in their own words"),
    Kind.STORY: gettext_lazy("Write the story, in their words if you can"),
}
FILE_REQUIRED = {
    Kind.DRAWING: gettext_lazy("Select a photo or scan of the drawing"),
    Kind.PHOTO: gettext_lazy("Select the photo"),
    Kind.GRAPHIC_RECORD: gettext_lazy("Select the graphic record: an image or a PDF"),
}


@dataclass
class Details:
    """What a contribution says and where it came from, as the form and the API give it."""

    kind: str
    gathered: str
    text: str = ""
    activity: Activity | None = None
    stage: Stage | None = None
    person: Person | None = None
    checked_by_person: bool = False
    is_anonymous: bool = False
    alt_text: str = ""
    summary: str = ""
    content_note: str = ""
    support_info: str = ""
    no_one_identifiable: bool = False


def clean_theme_name(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip()


def contribution_problems(
    *,
    project: Project,
    details: Details,
    upload=None,
    existing: Contribution | None = None,
    new_theme: str = "",
    themes: Iterable[Theme] = (),
) -> tuple[dict[str, str], files.FileType | None]:
    """Every rule a contribution must meet, as {field: message}, and the type of the uploaded file (if any and
    acceptable). `existing` is the contribution being changed: its file counts unless a new one is uploaded."""
    errors: dict[str, str] = {}
    kind = details.kind
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of contribution it is")
    if details.gathered not in Gathered.values:
        errors["gathered"] = _("Choose how it was gathered")
    if kind in TEXT_REQUIRED and not details.text.strip():
        errors["text"] = TEXT_REQUIRED[kind]

    organisation_id = project.organisation_id
    if details.activity is not None and details.activity.project_id != project.pk:
        errors["activity"] = _("Choose one of this project's activities")
    elif details.activity is None and details.gathered == Gathered.ACTIVITY:
        errors["activity"] = _("Choose the activity it was gathered at, or say it was gathered somewhere else")
    if details.stage is not None and details.stage.project_id != project.pk:
        errors["stage"] = _("Choose one of this project's stages")
    person = details.person
    # An erased person stays linked to what they said (shown anonymously): only a new link to them is refused.
    erased = person is not None and person.is_erased and (existing is None or existing.person_id != person.pk)
    if person is not None and (person.organisation_id != organisation_id or erased):
        errors["__all__"] = _("Choose a person from your own organisation")
    for theme in themes:
        if theme.organisation_id != organisation_id:
            errors["themes"] = _("Choose themes from your organisation's list")
    if len(clean_theme_name(new_theme)) > THEME_NAME_MAX:
        errors["new_theme"] = _("The name of a theme must be %(max)s characters or fewer") % {"max": THEME_NAME_MAX}

    # The file: a new upload, or the one the contribution already has.
    found = None
    if upload is not None:
        if kind in files.FILE_KINDS:
            try:
                found = files.check_upload(upload, kind=kind)
            except ValidationError as error:
                errors["file"] = error.message_dict["file"][0]
        elif kind in Kind.values:
            errors["file"] = _(
                "Only a drawing, a photo or a graphic record can have a file: choose one of those, or do not "
                "select a file"
            )
    file_type = found
    if upload is None and existing is not None and existing.file and kind in files.FILE_KINDS:
        file_type = files.stored_type(existing)
        if file_type not in files.allowed_types(kind):
            errors["file"] = files.type_message(kind)
            file_type = None
    if kind in files.FILE_KINDS and file_type is None and "file" not in errors:
        errors["file"] = FILE_REQUIRED[kind]

    if file_type is not None and file_type.is_image and not details.alt_text.strip():
        errors["alt_text"] = _("Describe the image for people who cannot see it")
    if kind == Kind.GRAPHIC_RECORD and not details.summary.strip():
        errors["summary"] = _("Write a summary of what the graphic record shows, in words")
    if kind == Kind.STORY:
        if not details.content_note.strip():
            errors["content_note"] = _("Write a content note, so readers know what the story is about before reading")
        if not details.support_info.strip():
            errors["support_info"] = _("Say where to get support, for the person who told it and for readers")
    if kind == Kind.PHOTO:
        if person is not None and "__all__" not in errors:
            if not has_consent(person, Purpose.PHOTOS):
                errors["file"] = _(
                    "%(name)s has not agreed to photos of them. Record their consent for photos first, or do not "
                    "add this photo"
                ) % {"name": person.display_name}
        elif person is None and not details.no_one_identifiable:
            errors["no_one_identifiable"] = _(
                "Confirm that no one can be identified in this photo, or choose the person it is of"
            )
    return errors, found


def _kept_fields(details: Details, file_type: files.FileType | None) -> dict:
    """The fields the kind uses; the rest are emptied, so a story's content note typed and then abandoned for an
    idea is not kept."""
    kind = details.kind
    return {
        "kind": kind,
        "gathered": details.gathered,
        "text": details.text.strip(),
        "activity": details.activity,
        "stage": details.stage,
        "person": details.person,
        "checked_by_person": details.checked_by_person,
        "is_anonymous": details.is_anonymous,
        "alt_text": details.alt_text.strip() if file_type is not None and file_type.is_image else "",
        "summary": details.summary.strip() if kind == Kind.GRAPHIC_RECORD else "",
        "content_note": details.content_note.strip() if kind == Kind.STORY else "",
        "support_info": details.support_info.strip() if kind == Kind.STORY else "",
    }


def _check(actor: User, project: Project, errors: dict[str, str]) -> None:
    if not actor.has_perm(RECORD, project):
        raise ValidationError(_("Your role does not allow you to record contributions"))
    if errors:
        raise ValidationError(errors)


def _theme_for(*, actor: User, organisation: Organisation, name: str, request: HttpRequest | None) -> Theme | None:
    """The theme called `name` (ignoring case), made if the organisation does not have it yet."""
    name = clean_theme_name(name)
    if not name:
        return None
    existing = Theme.objects.for_organisation(organisation).filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return theme_create(actor=actor, organisation=organisation, name=name, request=request)


def _store(contribution: Contribution, upload, file_type: files.FileType) -> str:
    """Save the upload, without an image's metadata, under a random name (its own name could say who is in it);
    returns the stored name."""
    content = ContentFile(files.prepared_content(upload, file_type))
    contribution.file.save(f"{uuid7().hex}.{file_type.extension}", content, save=False)
    return contribution.file.name


def _delete_file_on_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def contribution_record(
    *,
    actor: User,
    project: Project,
    details: Details,
    themes: Iterable[Theme] = (),
    new_theme: str = "",
    upload=None,
    request: HttpRequest | None = None,
) -> Contribution:
    """Record what someone said or made, for a project (and perhaps one of its activities and stages). The member
    recording it is kept as `recorded_by`."""
    themes = list(themes)
    errors, file_type = contribution_problems(
        project=project, details=details, upload=upload, new_theme=new_theme, themes=themes
    )
    _check(actor, project, errors)
    contribution = Contribution(
        organisation_id=project.organisation_id,
        project=project,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **_kept_fields(details, file_type),
    )
    stored = ""
    try:
        if upload is not None and file_type is not None:
            stored = _store(contribution, upload, file_type)
        contribution.save()
        theme = _theme_for(actor=actor, organisation=project.organisation, name=new_theme, request=request)
        contribution.themes.set([*themes, *([theme] if theme else [])])
        names = [name for name in AUDITED_FIELDS if getattr(contribution, name) not in ("", None, False)]
        no_one = details.kind == Kind.PHOTO and details.person is None
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            organisation=project.organisation,
            obj=contribution,
            summary=f"Recorded a contribution ({contribution.kind})"
            + (": a photo in which no one can be identified, as the recorder confirmed" if no_one else ""),
            changes={"fields": sorted(names + (["themes"] if contribution.themes.exists() else []))},
            request=request,
        )
    except BaseException:
        if stored:
            contribution.file.storage.delete(stored)
        raise
    return contribution


@transaction.atomic
def contribution_update(
    *,
    actor: User,
    contribution: Contribution,
    details: Details,
    themes: Iterable[Theme] = (),
    new_theme: str = "",
    upload=None,
    request: HttpRequest | None = None,
) -> Contribution:
    """Change a contribution. A new file replaces the old one (deleted once the change is saved); a kind that has
    no file loses the one it had."""
    contribution = (
        Contribution.objects.select_for_update().select_related("project__organisation").get(pk=contribution.pk)
    )
    project = contribution.project
    themes = list(themes)
    errors, file_type = contribution_problems(
        project=project, details=details, upload=upload, existing=contribution, new_theme=new_theme, themes=themes
    )
    _check(actor, project, errors)
    if file_type is None and upload is None and contribution.file and details.kind in files.FILE_KINDS:
        file_type = files.stored_type(contribution)
    storage = contribution.file.storage
    old_name = contribution.file.name or ""
    before = {name: _audit_value(contribution, name) for name in AUDITED_FIELDS}
    before_themes = set(contribution.themes.values_list("pk", flat=True))
    for name, value in _kept_fields(details, file_type).items():
        setattr(contribution, name, value)
    stored = ""
    try:
        if upload is not None and file_type is not None:
            stored = _store(contribution, upload, file_type)
        elif details.kind not in files.FILE_KINDS and old_name:
            contribution.file = ""
        contribution.save()
        theme = _theme_for(actor=actor, organisation=project.organisation, name=new_theme, request=request)
        contribution.themes.set([*themes, *([theme] if theme else [])])
        changed = [name for name in AUDITED_FIELDS if _audit_value(contribution, name) != before[name]]
        if set(contribution.themes.values_list("pk", flat=True)) != before_themes:
            changed.append("themes")
        if changed:
            audit_record(
                action=AuditEvent.Action.UPDATE,
                actor=actor,
                organisation=project.organisation,
                obj=contribution,
                summary="Changed a contribution",
                changes={"fields": sorted(changed)},
                request=request,
            )
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    if old_name and old_name != (contribution.file.name or ""):
        _delete_file_on_commit(storage, old_name)
    return contribution


def _audit_value(contribution: Contribution, name: str):
    if name in ("activity", "stage", "person"):
        return getattr(contribution, f"{name}_id")
    if name == "file":
        return contribution.file.name or ""
    return getattr(contribution, name)


@transaction.atomic
def contribution_delete(*, actor: User, contribution: Contribution, request: HttpRequest | None = None) -> None:
    """Delete a contribution and, once that is saved, its file."""
    if not actor.has_perm(RECORD, contribution):
        raise ValidationError(_("Your role does not allow you to delete contributions"))
    storage, name = contribution.file.storage, contribution.file.name or ""
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=contribution.organisation,
        obj=contribution,
        summary=f"Deleted a contribution ({contribution.kind})" + (" and its file" if name else ""),
        request=request,
    )
    contribution.delete()
    _delete_file_on_commit(storage, name)


def file_opened(*, actor: User, contribution: Contribution, request: HttpRequest | None = None) -> None:
    """Audit each opening of a contribution's file: photos of people and documents are sensitive reads."""
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=contribution.organisation,
        obj=contribution,
        summary="Opened the contribution's file"
        + (" (a photo of a person)" if is_photo_of_someone(contribution) else ""),
        request=request,
    )


# Themes ----------------------------------------------------------------------------------------------------------


def _theme_name_problem(organisation: Organisation, name: str, *, exclude: Theme | None = None) -> str | None:
    if not name:
        return _("Enter a name for the theme")
    if len(name) > THEME_NAME_MAX:
        return _("The name of a theme must be %(max)s characters or fewer") % {"max": THEME_NAME_MAX}
    if Theme.objects.for_organisation(organisation).has_name(name, exclude=exclude):
        return _("There is already a theme called %(name)s") % {"name": name}
    return None


@transaction.atomic
def theme_create(*, actor: User, organisation: Organisation, name: str, request: HttpRequest | None = None) -> Theme:
    """Add a theme to the organisation's list. Anyone who records contributions may add one as they record."""
    if not (actor.has_perm(MANAGE_THEMES, organisation) or actor.has_perm(RECORD, organisation)):
        raise ValidationError(_("Your role does not allow you to add themes"))
    name = clean_theme_name(name)
    problem = _theme_name_problem(organisation, name)
    if problem:
        raise ValidationError({"name": problem})
    theme = Theme.objects.create(organisation=organisation, name=name)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=theme,
        summary="Added a theme",
        changes={"fields": ["name"]},
        request=request,
    )
    return theme


@transaction.atomic
def theme_rename(*, actor: User, theme: Theme, name: str, request: HttpRequest | None = None) -> Theme:
    if not actor.has_perm(MANAGE_THEMES, theme):
        raise ValidationError(_("Your role does not allow you to change themes"))
    name = clean_theme_name(name)
    problem = _theme_name_problem(theme.organisation, name, exclude=theme)
    if problem:
        raise ValidationError({"name": problem})
    if name != theme.name:
        theme.name = name
        theme.save(update_fields=["name", "updated_at"])
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=theme.organisation,
            obj=theme,
            summary="Renamed a theme",
            changes={"fields": ["name"]},
            request=request,
        )
    return theme


@transaction.atomic
def theme_delete(*, actor: User, theme: Theme, request: HttpRequest | None = None) -> None:
    """Remove a theme that no contribution uses (a used theme would silently vanish from what people said)."""
    if not actor.has_perm(MANAGE_THEMES, theme):
        raise ValidationError(_("Your role does not allow you to remove themes"))
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.contributions.exists():
        raise ValidationError(
            _("%(name)s is used by contributions. Take it off them first, or rename it instead") % {"name": theme.name}
        )
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=theme.organisation,
        obj=theme,
        summary="Removed a theme",
        request=request,
    )
    theme.delete()
