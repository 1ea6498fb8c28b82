"""Published offers: pages an organisation co-produces and keeps current (such as its Start for Life offer). Their
text lives in numbered versions; a draft can be changed, a published version never is (a change is a new version,
started from the latest text). Reviewing the current version records the day it was checked.

`offer_blocks(text)` turns a version's text into blocks for `publishing/_offer_body.html` (the public pages use
both). The writes here run in one transaction each, with one audit line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.analysis.simple_text import Block, blocks, plain_text
from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.publishing.models import Offer, OfferVersion

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

MANAGE = "publishing.manage_publishing"
TITLE_MAX = Offer._meta.get_field("title").max_length
SLUG_MAX = Offer._meta.get_field("slug").max_length
SUMMARY_MAX = Offer._meta.get_field("summary").max_length
SLUG_MESSAGE = gettext_lazy("Use only lower case letters, numbers and hyphens, for example start-for-life")


def offer_blocks(text: str) -> list[Block]:
    """The blocks of an offer's text (headings, paragraphs, lists) for `publishing/_offer_body.html`."""
    return blocks(text)


def offer_plain_text(text: str) -> str:
    """An offer's words without the heading and list markers, for the plain-English checker."""
    return plain_text(text)


def current_version(offer: Offer) -> OfferVersion | None:
    """The version families see: the latest published one."""
    return offer.versions.filter(published_at__isnull=False).order_by("-number").first()


def latest_version(offer: Offer) -> OfferVersion | None:
    return offer.versions.order_by("-number").first()


def draft_version(offer: Offer) -> OfferVersion | None:
    """The version being written: an unpublished one newer than every published one (there is at most one)."""
    latest = latest_version(offer)
    return latest if latest is not None and not latest.is_published else None


def _refuse_unless(actor: User, obj) -> None:
    if not actor.has_perm(MANAGE, obj):
        raise ValidationError(_("Your role does not allow you to change offers"))


def offer_problems(
    *, organisation: Organisation, title: str, slug: str, summary: str, exclude: Offer | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter a title for the offer")
    elif len(title.strip()) > TITLE_MAX:
        errors["title"] = _("The title must be %(max)s characters or fewer") % {"max": TITLE_MAX}
    if not slug:
        errors["slug"] = _("Enter the last part of the page's address, for example start-for-life")
    elif len(slug) > SLUG_MAX:
        errors["slug"] = _("The address must be %(max)s characters or fewer") % {"max": SLUG_MAX}
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = str(SLUG_MESSAGE)
        else:
            same = Offer.objects.for_organisation(organisation).filter(slug=slug)
            if exclude is not None:
                same = same.exclude(pk=exclude.pk)
            if same.exists():
                errors["slug"] = _("Another of your offers already has this address: choose another")
    if len(summary.strip()) > SUMMARY_MAX:
        errors["summary"] = _("The summary must be %(max)s characters or fewer") % {"max": SUMMARY_MAX}
    return errors


def clean_slug(slug: str) -> str:
    """The address as typed, tidied: lower case, spaces as hyphens (anything else odd is left for the check)."""
    return "-".join(slug.strip().lower().split())


def suggested_slug(title: str) -> str:
    return slugify(title)[:SLUG_MAX].strip("-")


def _save_offer(offer: Offer) -> None:
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:
        raise ValidationError({"slug": _("Another of your offers already has this address: choose another")}) from None


@transaction.atomic
def offer_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    slug: str = "",
    summary: str = "",
    request: HttpRequest | None = None,
) -> Offer:
    """Start an offer (its text comes in versions). An empty address is made from the title."""
    _refuse_unless(actor, organisation)
    slug = clean_slug(slug) or suggested_slug(title)
    errors = offer_problems(organisation=organisation, title=title, slug=slug, summary=summary)
    if errors:
        raise ValidationError(errors)
    offer = Offer(organisation=organisation, title=title.strip(), slug=slug, summary=summary.strip())
    _save_offer(offer)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=offer,
        summary="Started an offer",
        changes={"fields": ["title", "slug", *(["summary"] if offer.summary else [])]},
        request=request,
    )
    return offer


@transaction.atomic
def offer_update(
    *, actor: User, offer: Offer, title: str, slug: str, summary: str = "", request: HttpRequest | None = None
) -> Offer:
    _refuse_unless(actor, offer)
    slug = clean_slug(slug)
    errors = offer_problems(organisation=offer.organisation, title=title, slug=slug, summary=summary, exclude=offer)
    if errors:
        raise ValidationError(errors)
    after = {"title": title.strip(), "slug": slug, "summary": summary.strip()}
    changed = changed_fields({name: getattr(offer, name) for name in after}, after)
    if changed:
        for name, value in after.items():
            setattr(offer, name, value)
        _save_offer(offer)
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=offer.organisation,
            obj=offer,
            summary="Changed an offer",
            changes={"fields": sorted(changed)},
            request=request,
        )
    return offer


def _version_problems(body: str) -> dict[str, str]:
    if not body.strip():
        return {"body": _("Write the text of the offer")}
    return {}


@transaction.atomic
def offer_version_create(
    *, actor: User, offer: Offer, body: str, co_produced_with: str = "", request: HttpRequest | None = None
) -> OfferVersion:
    """Start the next version of an offer, as a draft. There is at most one draft: change it or publish it first."""
    _refuse_unless(actor, offer)
    offer = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
    draft = draft_version(offer)
    if draft is not None:
        raise ValidationError(
            _("Version %(number)s is a draft: change it, or publish it before starting another")
            % {"number": draft.number}
        )
    errors = _version_problems(body)
    if errors:
        raise ValidationError(errors)
    number = (offer.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = OfferVersion.objects.create(
        organisation=offer.organisation,
        offer=offer,
        number=number,
        body=body.strip(),
        co_produced_with=co_produced_with.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        organisation=offer.organisation,
        obj=version,
        summary=f"Started version {number} of an offer",
        changes={"fields": ["body", *(["co_produced_with"] if version.co_produced_with else [])]},
        request=request,
    )
    return version


def _locked(version: OfferVersion) -> OfferVersion:
    version = OfferVersion.objects.select_for_update().select_related("organisation", "offer").get(pk=version.pk)
    return version


@transaction.atomic
def offer_version_update(
    *,
    actor: User,
    version: OfferVersion,
    body: str,
    co_produced_with: str = "",
    request: HttpRequest | None = None,
) -> OfferVersion:
    """Change a draft version. A published version is never changed: start a new version instead."""
    _refuse_unless(actor, version)
    version = _locked(version)
    if version.is_published:
        raise ValidationError(_("A published version cannot be changed. Start a new version instead"))
    errors = _version_problems(body)
    if errors:
        raise ValidationError(errors)
    after = {"body": body.strip(), "co_produced_with": co_produced_with.strip()}
    changed = changed_fields({name: getattr(version, name) for name in after}, after)
    if changed:
        for name, value in after.items():
            setattr(version, name, value)
        version.save(update_fields=[*after, "updated_at"])
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=version.organisation,
            obj=version,
            summary=f"Changed the draft version {version.number} of an offer",
            changes={"fields": sorted(changed)},
            request=request,
        )
    return version


@transaction.atomic
def offer_version_publish(*, actor: User, version: OfferVersion, request: HttpRequest | None = None) -> OfferVersion:
    """Publish a draft: families now see it. Its text is checked as of today, so that is its review date too."""
    _refuse_unless(actor, version)
    version = _locked(version)
    if version.is_published:
        raise ValidationError(_("This version is already published"))
    version.published_at = timezone.now()
    version.reviewed_on = timezone.localdate()
    version.save(update_fields=["published_at", "reviewed_on", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        organisation=version.organisation,
        obj=version,
        summary=f"Published version {version.number} of an offer",
        changes={"published": ["False", "True"]},
        request=request,
    )
    return version


@transaction.atomic
def offer_version_mark_reviewed(
    *, actor: User, version: OfferVersion, request: HttpRequest | None = None
) -> OfferVersion:
    """Record that the version families see was checked today and is still right."""
    _refuse_unless(actor, version)
    version = _locked(version)
    current = current_version(version.offer)
    if current is None or current.pk != version.pk:
        raise ValidationError(_("Only the published version families see now can be marked as reviewed"))
    today = timezone.localdate()
    if version.reviewed_on != today:
        before = version.reviewed_on
        version.reviewed_on = today
        version.save(update_fields=["reviewed_on", "updated_at"])
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=version.organisation,
            obj=version,
            summary=f"Marked version {version.number} of an offer as reviewed",
            changes={"reviewed_on": [str(before), str(today)]},
            request=request,
        )
    return version
