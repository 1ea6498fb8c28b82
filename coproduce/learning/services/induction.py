"""The induction checklist (the lead adds, changes, reorders and retires items; retired items keep who had done
them) and ticking items done for a member of staff or a family member. Audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.learning import suggested
from coproduce.learning.models import (
    InductionItem,
    InductionProgress,
)
from coproduce.learning.services.common import Action, _audit, _next_order, _trainee_problems

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation
    from coproduce.people.models import Person


# --- induction ------------------------------------------------------------------------------------------------


@transaction.atomic
def induction_item_create(
    *, actor: User, organisation: Organisation, text: str, audience: str, request: HttpRequest | None = None
) -> InductionItem:
    if not text.strip():
        raise ValidationError({"text": _("Enter what the induction covers")})
    items = InductionItem.objects.for_organisation(organisation)
    item = InductionItem.objects.create(
        organisation=organisation, text=text.strip(), audience=audience, order=_next_order(items)
    )
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=item,
        summary="Added an induction item",
        request=request,
    )
    return item


@transaction.atomic
def induction_item_update(
    *, actor: User, item: InductionItem, text: str, audience: str, request: HttpRequest | None = None
) -> InductionItem:
    if not text.strip():
        raise ValidationError({"text": _("Enter what the induction covers")})
    changes = assign_and_diff(item, {"text": text.strip(), "audience": audience}, ("text", "audience"))
    if changes:
        item.save()
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=item.organisation,
            obj=item,
            summary="Changed an induction item",
            request=request,
            changes=changes,
        )
    return item


@transaction.atomic
def induction_item_move(
    *, actor: User, item: InductionItem, direction: str, request: HttpRequest | None = None
) -> InductionItem:
    """Swap the item with its neighbour above ("up") or below ("down") among the current items."""
    items = list(
        InductionItem.objects.for_organisation(item.organisation)
        .current()
        .select_for_update()
        .order_by("order", "created_at")
    )
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("A retired item cannot be moved"))
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order", "updated_at"])
    _audit(
        Action.UPDATE,
        actor=actor,
        organisation=item.organisation,
        obj=item,
        summary=f"Moved an induction item {direction}",
        request=request,
    )
    return item


@transaction.atomic
def induction_item_retire(
    *, actor: User, item: InductionItem, retired: bool, request: HttpRequest | None = None
) -> InductionItem:
    """Retire an item (it leaves the checklist; who had done it is kept), or bring it back at the end."""
    item.retired_at = timezone.now() if retired else None
    if not retired:
        item.order = _next_order(InductionItem.objects.for_organisation(item.organisation).current())
    item.save(update_fields=["retired_at", "order", "updated_at"])
    _audit(
        Action.UPDATE,
        actor=actor,
        organisation=item.organisation,
        obj=item,
        summary="Retired an induction item" if retired else "Brought back an induction item",
        request=request,
        changes={"retired": retired},
    )
    return item


@transaction.atomic
def induction_items_add_suggested(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None
) -> int:
    items = InductionItem.objects.for_organisation(organisation)
    keys = set(items.values_list("suggested_key", flat=True))
    order = _next_order(items)
    added = []
    for key, text, audience in suggested.DEFAULT_INDUCTION_ITEMS:
        if key not in keys:
            added.append(
                InductionItem(
                    organisation=organisation, suggested_key=key, text=str(text), audience=audience, order=order
                )
            )
            order += 1
    InductionItem.objects.bulk_create(added)
    if added:
        audit_record(
            action=Action.CREATE,
            actor=actor,
            organisation=organisation,
            object_type="learning.InductionItem",
            summary=f"Added {len(added)} suggested induction items",
            request=request,
        )
    return len(added)


@transaction.atomic
def induction_tick(
    *,
    actor: User,
    item: InductionItem,
    done: bool,
    person: Person | None = None,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> InductionProgress | None:
    """Mark an induction item done (today) or not done for a person or a member of staff."""
    organisation = item.organisation
    problems = _trainee_problems(organisation, person=person, user=user)
    if problems:
        raise ValidationError(problems)
    if item.retired_at is not None:
        raise ValidationError(_("This item has been retired, so it can no longer be ticked"))
    trainee = {"person": person} if person is not None else {"user": user}
    existing = InductionProgress.objects.filter(item=item, **trainee).first()
    if done and existing is None:
        existing = InductionProgress.objects.create(
            organisation=organisation, item=item, done_on=timezone.localdate(), ticked_by=actor, **trainee
        )
        _audit(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=existing,
            summary="Ticked an induction item",
            request=request,
        )
    elif not done and existing is not None:
        _audit(
            Action.DELETE,
            actor=actor,
            organisation=organisation,
            obj=existing,
            summary="Unticked an induction item",
            request=request,
        )
        existing.delete()
        existing = None
    return existing


@transaction.atomic
def induction_progress_save(
    *,
    actor: User,
    items: Iterable[InductionItem],
    done_ids: Iterable[str],
    person: Person | None = None,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Tick the items whose ids are in `done_ids` and untick the others, all or none. How many changed."""
    done = {str(pk) for pk in done_ids}
    trainee = {"person": person} if person is not None else {"user": user}
    items = list(items)
    had = {
        str(pk) for pk in InductionProgress.objects.filter(item__in=items, **trainee).values_list("item_id", flat=True)
    }
    changed = 0
    for item in items:
        wanted = str(item.pk) in done
        if wanted != (str(item.pk) in had):
            induction_tick(actor=actor, item=item, done=wanted, request=request, **trainee)
            changed += 1
    return changed
