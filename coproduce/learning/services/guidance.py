"""The organisation's guidance, and setting learning up with everything the brief suggests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.learning import suggested
from coproduce.learning.models import (
    OrganisationGuidance,
)
from coproduce.learning.services.common import Action, _audit, _next_order

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
from coproduce.learning.services.induction import induction_items_add_suggested
from coproduce.learning.services.reflection import prompts_add_suggested
from coproduce.learning.services.training import courses_add_suggested

# --- guidance -------------------------------------------------------------------------------------------------


def _guidance_problems(title: str, url: str, text: str) -> dict:
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = _("Enter a title for the guidance")
    if not url.strip() and not text.strip():
        problems["url"] = _("Enter a link to the guidance, or write the guidance itself")
    return problems


@transaction.atomic
def guidance_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    url: str = "",
    text: str = "",
    request: HttpRequest | None = None,
) -> OrganisationGuidance:
    problems = _guidance_problems(title, url, text)
    if problems:
        raise ValidationError(problems)
    guidance = OrganisationGuidance.objects.create(
        organisation=organisation,
        title=title.strip(),
        url=url.strip(),
        text=text.strip(),
        order=_next_order(OrganisationGuidance.objects.for_organisation(organisation)),
    )
    _audit(
        Action.CREATE, actor=actor, organisation=organisation, obj=guidance, summary="Added guidance", request=request
    )
    return guidance


@transaction.atomic
def guidance_update(
    *,
    actor: User,
    guidance: OrganisationGuidance,
    title: str,
    url: str = "",
    text: str = "",
    request: HttpRequest | None = None,
) -> OrganisationGuidance:
    problems = _guidance_problems(title, url, text)
    if problems:
        raise ValidationError(problems)
    changes = assign_and_diff(
        guidance, {"title": title.strip(), "url": url.strip(), "text": text.strip()}, ("title", "url", "text")
    )
    if changes:
        guidance.save()
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=guidance.organisation,
            obj=guidance,
            summary="Changed guidance",
            request=request,
            changes={"fields": sorted(changes)},
        )
    return guidance


@transaction.atomic
def guidance_delete(*, actor: User, guidance: OrganisationGuidance, request: HttpRequest | None = None) -> None:
    _audit(
        Action.DELETE,
        actor=actor,
        organisation=guidance.organisation,
        obj=guidance,
        summary="Removed guidance",
        request=request,
    )
    guidance.delete()


@transaction.atomic
def guidance_add_suggested(*, actor: User, organisation: Organisation, request: HttpRequest | None = None) -> int:
    existing = OrganisationGuidance.objects.for_organisation(organisation)
    keys = set(existing.values_list("suggested_key", flat=True))
    order = _next_order(existing)
    added = []
    for key, title, url, text in suggested.DEFAULT_GUIDANCE:
        if key not in keys:
            added.append(
                OrganisationGuidance(
                    organisation=organisation, suggested_key=key, title=str(title), url=url, text=text, order=order
                )
            )
            order += 1
    OrganisationGuidance.objects.bulk_create(added)
    if added:
        audit_record(
            action=Action.CREATE,
            actor=actor,
            organisation=organisation,
            object_type="learning.OrganisationGuidance",
            summary=f"Added {len(added)} suggested pieces of guidance",
            request=request,
        )
    return len(added)


@transaction.atomic
def learning_set_up(*, actor: User, organisation: Organisation, request: HttpRequest | None = None) -> dict[str, int]:
    """Everything suggested at once: courses, induction items, reflection prompts and guidance (missing ones only)."""
    return {
        "courses": courses_add_suggested(actor=actor, organisation=organisation, request=request),
        "induction": induction_items_add_suggested(actor=actor, organisation=organisation, request=request),
        "prompts": prompts_add_suggested(actor=actor, organisation=organisation, request=request),
        "guidance": guidance_add_suggested(actor=actor, organisation=organisation, request=request),
    }
