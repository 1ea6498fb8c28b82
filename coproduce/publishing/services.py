"""Writes about what an organisation publishes: the public site's settings, wins (with a photo and the people in
it), publishing and unpublishing a win, the glossary, and translations of family-facing text. Each runs in one
transaction with one audit line naming fields, never what was written. Published offers have their own module
(coproduce/publishing/offers.py).

The rules of a win live in `win_problems`, which the form asks too, so every problem shows next to its field at once.
A photo is checked and stored the way contributions' files are (coproduce/contributions/files.py): judged by its
content, size-capped, kept without its metadata, under a random name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.contributions import files
from coproduce.contributions.models import Contribution
from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent, uuid7
from coproduce.core.translations import CONTENT_LANGUAGES
from coproduce.publishing.models import GlossaryTerm, PublicSite, Win

if TYPE_CHECKING:
    from django.db import models
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.decisions.models import Promise
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person
    from coproduce.projects.models import Project

MANAGE = "publishing.manage_publishing"
MANAGE_SITE = "publishing.manage_public_site"
TITLE_MAX = Win._meta.get_field("title").max_length
ALT_MAX = Win._meta.get_field("photo_alt").max_length
TERM_MAX = GlossaryTerm._meta.get_field("term").max_length
STANDS_FOR_MAX = GlossaryTerm._meta.get_field("stands_for").max_length
SITE_FIELDS = (
    "get_involved",
    "contact_email",
    "contact_phone",
    "contact_text_number",
    "languages",
    "accessibility_contact",
    "privacy_notice_url",
)


def _refuse_unless(actor: User, permission: str, obj, message: str) -> None:
    if not actor.has_perm(permission, obj):
        raise ValidationError(message)


# The public site's settings ---------------------------------------------------------------------------------------


def public_site_for(organisation: Organisation) -> PublicSite:
    """The organisation's public site settings, made (empty) the first time they are asked for."""
    site, _created = PublicSite.objects.get_or_create(organisation=organisation)
    return site


def site_languages(organisation: Organisation) -> list[str]:
    """The codes of the languages the organisation's families read (known ones only, in the order chosen)."""
    languages = PublicSite.objects.filter(organisation=organisation).values_list("languages", flat=True).first()
    return [code for code in (languages or []) if code in CONTENT_LANGUAGES]


@transaction.atomic
def public_site_update(
    *, actor: User, site: PublicSite, fields: Mapping[str, object], request: HttpRequest | None = None
) -> PublicSite:
    """Change the public site's settings (any of SITE_FIELDS); languages must be ones we know."""
    _refuse_unless(actor, MANAGE_SITE, site, _("Your role does not allow you to change the public site's settings"))
    values = {name: fields[name] for name in SITE_FIELDS if name in fields}
    if "languages" in values:
        languages = list(dict.fromkeys(values["languages"] or []))
        unknown = [code for code in languages if code not in CONTENT_LANGUAGES]
        if unknown:
            raise ValidationError({"languages": _("Choose languages from the list")})
        values["languages"] = languages
    for name in ("get_involved", "contact_email", "contact_phone", "contact_text_number", "accessibility_contact"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    before = {name: getattr(site, name) for name in values}
    for name, value in values.items():
        setattr(site, name, value)
    changed = changed_fields(before, values)
    if changed:
        site.full_clean(exclude=["organisation"])
        site.save()
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=site.organisation,
            obj=site,
            summary="Changed the public site's settings",
            changes={"fields": sorted(changed)},
            request=request,
        )
    return site


# Wins -------------------------------------------------------------------------------------------------------------


@dataclass
class WinDetails:
    """What a win says, as the form and the API give it. `people_pictured` None leaves them as they are."""

    title: str
    story: str
    happened_on: dt.date | None
    project: Project | None = None
    promise: Promise | None = None
    photo_alt: str = ""
    remove_photo: bool = False
    people_pictured: Iterable[Person] | None = field(default=None)
    # Staff confirm a photo with nobody listed in it shows no one who could be identified (a room, hands, drawings).
    no_one_identifiable: bool = False


def win_problems(
    *, organisation: Organisation, details: WinDetails, upload=None, existing: Win | None = None
) -> tuple[dict[str, str], files.FileType | None]:
    """Every rule a win must meet, as {field: message}, and the type of the uploaded photo (if any and acceptable).
    `existing` is the win being changed: its photo counts unless a new one is uploaded or it is removed."""
    errors: dict[str, str] = {}
    title = details.title.strip()
    if not title:
        errors["title"] = _("Enter a title for the win")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title must be %(max)s characters or fewer") % {"max": TITLE_MAX}
    if not details.story.strip():
        errors["story"] = _("Say what changed, for families to read")
    if details.happened_on is None:
        errors["happened_on"] = _("Enter when it happened")
    if details.project is not None and details.project.organisation_id != organisation.pk:
        errors["project"] = _("Choose one of your organisation's projects")
    if details.promise is not None and details.promise.organisation_id != organisation.pk:
        errors["promise"] = _("Choose one of your organisation's promises")
    already = set() if existing is None else set(existing.people_pictured.values_list("pk", flat=True))
    for person in details.people_pictured or ():
        # An erased person stays linked to a photo they were in (which then never shows): only a new link is refused.
        if person.organisation_id != organisation.pk or (person.is_erased and person.pk not in already):
            errors["people_pictured"] = _("Choose people from your own organisation")
    found = None
    if upload is not None:
        try:
            found = files.check_upload(upload, kind=Contribution.Kind.PHOTO)
        except ValidationError as error:
            errors["photo"] = error.message_dict["file"][0]
    keeps_photo = existing is not None and bool(existing.photo) and not details.remove_photo
    has_photo = found is not None or (upload is None and keeps_photo)
    if has_photo and not details.photo_alt.strip():
        errors["photo_alt"] = _("Describe the photo for people who cannot see it")
    if len(details.photo_alt.strip()) > ALT_MAX:
        errors["photo_alt"] = _("The description of the photo must be %(max)s characters or fewer") % {"max": ALT_MAX}
    # A photo must say who is in it, or that no one can be identified: an untagged photo of families is refused.
    pictured = already if details.people_pictured is None else {person.pk for person in details.people_pictured}
    if has_photo and not pictured and not details.no_one_identifiable:
        errors["no_one_identifiable"] = _("Add the people in the photo, or confirm no one can be identified in it")
    return errors, found


def _store_photo(win: Win, upload, file_type: files.FileType) -> str:
    """Save the photo without its metadata, under a random name (its own name could say who is in it)."""
    win.photo.save(
        f"{uuid7().hex}.{file_type.extension}", ContentFile(files.prepared_content(upload, file_type)), save=False
    )
    return win.photo.name


def _delete_file_on_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def photo_type(win: Win) -> files.FileType | None:
    """The type of a win's stored photo, from the extension it was stored with (after sniffing its content)."""
    name = win.photo.name if win.photo else ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found = files.BY_EXTENSION.get(extension)
    return found if found is not None and found.is_image else None


WIN_AUDITED = ("title", "story", "happened_on", "project", "promise", "photo", "photo_alt", "no_one_identifiable")


def _audit_values(win: Win) -> dict:
    return {
        "title": win.title,
        "story": win.story,
        "happened_on": win.happened_on,
        "project": win.project_id,
        "promise": win.promise_id,
        "photo": win.photo.name or "",
        "photo_alt": win.photo_alt,
        "no_one_identifiable": win.no_one_identifiable,
    }


def _save_win(
    *, actor: User, win: Win, details: WinDetails, upload, existing: Win | None, request: HttpRequest | None
) -> Win:
    organisation = win.organisation
    _refuse_unless(actor, MANAGE, organisation, _("Your role does not allow you to write wins"))
    errors, file_type = win_problems(organisation=organisation, details=details, upload=upload, existing=existing)
    if errors:
        raise ValidationError(errors)
    before = _audit_values(win) if existing is not None else {}
    before_people = set() if existing is None else set(win.people_pictured.values_list("pk", flat=True))
    storage = win.photo.storage
    old_name = (win.photo.name or "") if existing is not None else ""
    win.title = details.title.strip()
    win.story = details.story.strip()
    win.happened_on = details.happened_on
    win.project = details.project
    win.promise = details.promise
    stored = ""
    try:
        if upload is not None and file_type is not None:
            stored = _store_photo(win, upload, file_type)
        elif details.remove_photo:
            win.photo = ""
        win.photo_alt = details.photo_alt.strip() if win.photo else ""
        if not win.photo:
            people = set()
        elif details.people_pictured is not None:
            people = {person.pk for person in details.people_pictured}
        else:
            people = before_people
        # The confirmation is about this photo with nobody listed in it: kept only while that is so.
        win.no_one_identifiable = bool(win.photo) and not people and details.no_one_identifiable
        win.save()
        if people != before_people:
            win.people_pictured.set(people)
        after = _audit_values(win)
        if existing is None:
            changed = sorted(name for name in WIN_AUDITED if after[name] not in ("", None))
        else:
            changed = sorted(name for name in WIN_AUDITED if before[name] != after[name])
        if people != before_people:
            changed.append("people_pictured")
        if existing is None or changed:
            audit_record(
                action=AuditEvent.Action.CREATE if existing is None else AuditEvent.Action.UPDATE,
                actor=actor,
                organisation=organisation,
                obj=win,
                summary="Wrote a win" if existing is None else "Changed a win",
                changes={"fields": changed},
                request=request,
            )
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    if old_name and old_name != (win.photo.name or ""):
        _delete_file_on_commit(storage, old_name)
    return win


@transaction.atomic
def win_create(
    *,
    actor: User,
    organisation: Organisation,
    details: WinDetails,
    upload=None,
    request: HttpRequest | None = None,
) -> Win:
    """Write a win (a draft: publish it when it is ready)."""
    win = Win(organisation=organisation, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    return _save_win(actor=actor, win=win, details=details, upload=upload, existing=None, request=request)


@transaction.atomic
def win_update(*, actor: User, win: Win, details: WinDetails, upload=None, request: HttpRequest | None = None) -> Win:
    """Change a win. A new photo replaces the old one (deleted once the change is saved); removing the photo also
    forgets who was in it."""
    win = Win.objects.select_for_update().select_related("organisation").get(pk=win.pk)
    return _save_win(actor=actor, win=win, details=details, upload=upload, existing=win, request=request)


@transaction.atomic
def win_publish(*, actor: User, win: Win, publish: bool = True, request: HttpRequest | None = None) -> Win:
    """Publish a win on the public site (or take it off with publish=False). Doing what is already done changes
    nothing and writes no audit line."""
    _refuse_unless(actor, MANAGE, win, _("Your role does not allow you to publish wins"))
    win = Win.objects.select_for_update().select_related("organisation").get(pk=win.pk)
    if publish == win.is_published:
        return win
    win.published_at = timezone.now() if publish else None
    win.save(update_fields=["published_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=win.organisation,
        obj=win,
        summary="Published a win" if publish else "Took a win off the public site",
        changes={"published": [str(not publish), str(publish)]},
        request=request,
    )
    return win


# The glossary -----------------------------------------------------------------------------------------------------


def glossary_problems(
    *, organisation: Organisation, term: str, stands_for: str, explanation: str, exclude: GlossaryTerm | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    term = " ".join(term.split())
    if not term:
        errors["term"] = _("Enter the term")
    elif len(term) > TERM_MAX:
        errors["term"] = _("The term must be %(max)s characters or fewer") % {"max": TERM_MAX}
    else:
        same = GlossaryTerm.objects.for_organisation(organisation).filter(term__iexact=term)
        if exclude is not None:
            same = same.exclude(pk=exclude.pk)
        existing = same.first()
        if existing is not None:
            errors["term"] = _("Your glossary already explains %(term)s: change that one instead") % {
                "term": existing.term
            }
    if len(stands_for.strip()) > STANDS_FOR_MAX:
        errors["stands_for"] = _("What it stands for must be %(max)s characters or fewer") % {"max": STANDS_FOR_MAX}
    if not explanation.strip():
        errors["explanation"] = _("Explain the term in plain words")
    return errors


def _save_term(term: GlossaryTerm) -> None:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        # Someone added the same term at the same moment.
        raise ValidationError(
            {"term": _("Your glossary already explains %(term)s: change that one instead") % {"term": term.term}}
        ) from None


@transaction.atomic
def glossary_term_create(
    *,
    actor: User,
    organisation: Organisation,
    term: str,
    stands_for: str = "",
    explanation: str,
    request: HttpRequest | None = None,
) -> GlossaryTerm:
    _refuse_unless(actor, MANAGE, organisation, _("Your role does not allow you to change the glossary"))
    errors = glossary_problems(organisation=organisation, term=term, stands_for=stands_for, explanation=explanation)
    if errors:
        raise ValidationError(errors)
    entry = GlossaryTerm(
        organisation=organisation,
        term=" ".join(term.split()),
        stands_for=stands_for.strip(),
        explanation=explanation.strip(),
    )
    _save_term(entry)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=entry,
        summary="Added a glossary term",
        changes={"fields": ["term", "explanation", *(["stands_for"] if entry.stands_for else [])]},
        request=request,
    )
    return entry


@transaction.atomic
def glossary_term_update(
    *,
    actor: User,
    entry: GlossaryTerm,
    term: str,
    stands_for: str = "",
    explanation: str,
    request: HttpRequest | None = None,
) -> GlossaryTerm:
    _refuse_unless(actor, MANAGE, entry, _("Your role does not allow you to change the glossary"))
    errors = glossary_problems(
        organisation=entry.organisation, term=term, stands_for=stands_for, explanation=explanation, exclude=entry
    )
    if errors:
        raise ValidationError(errors)
    after = {"term": " ".join(term.split()), "stands_for": stands_for.strip(), "explanation": explanation.strip()}
    changed = changed_fields({name: getattr(entry, name) for name in after}, after)
    if changed:
        for name, value in after.items():
            setattr(entry, name, value)
        _save_term(entry)
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=entry.organisation,
            obj=entry,
            summary="Changed a glossary term",
            changes={"fields": sorted(changed)},
            request=request,
        )
    return entry


@transaction.atomic
def glossary_term_delete(*, actor: User, entry: GlossaryTerm, request: HttpRequest | None = None) -> None:
    _refuse_unless(actor, MANAGE, entry, _("Your role does not allow you to change the glossary"))
    audit_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        organisation=entry.organisation,
        obj=entry,
        summary="Removed a glossary term",
        request=request,
    )
    entry.delete()


# Translations -----------------------------------------------------------------------------------------------------


def translation_max_lengths(record: models.Model, names: Iterable[str]) -> dict[str, int | None]:
    return {name: record._meta.get_field(name).max_length for name in names}


@transaction.atomic
def translation_save(
    *,
    actor: User,
    record,
    language: str,
    texts: Mapping[str, str],
    permission: str,
    request: HttpRequest | None = None,
) -> None:
    """Keep the translation of a record's family-facing fields into `language` (one of the organisation's
    languages). An empty text removes that field's translation (readers then see the English)."""
    _refuse_unless(actor, permission, record, _("Your role does not allow you to translate this"))
    if language not in site_languages(record.organisation):
        raise ValidationError(_("Add this language to the public site's settings first"))
    limits = translation_max_lengths(record, record.TRANSLATED_FIELDS)
    errors = {
        name: _("The translation must be %(max)s characters or fewer") % {"max": limits[name]}
        for name in record.TRANSLATED_FIELDS
        if limits[name] and len((texts.get(name) or "").strip()) > limits[name]
    }
    if errors:
        raise ValidationError(errors)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    translations = dict(record.translations or {})
    before = dict(translations.get(language, {}))
    after = {
        name: (texts.get(name) or "").strip() for name in record.TRANSLATED_FIELDS if (texts.get(name) or "").strip()
    }
    if after == before:
        return
    if after:
        translations[language] = after
    else:
        translations.pop(language, None)
    record.translations = translations
    record.save(update_fields=["translations", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=record.organisation,
        obj=record,
        summary=f"Translated into {CONTENT_LANGUAGES[language][0]}",
        changes={
            "language": language,
            "fields": sorted(name for name in {*before, *after} if before.get(name) != after.get(name)),
        },
        request=request,
    )
