"""Reflection prompts and entries. Only an entry's author changes, shares or deletes it; audit lines carry no words
of the entry (only an opaque reference), so the audit log never holds what someone wrote privately."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import assign_and_diff, audit_record
from coproduce.learning import suggested
from coproduce.learning.models import (
    ReflectionEntry,
    ReflectionPrompt,
)
from coproduce.learning.services.common import Action, _audit, _next_order

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation


# --- reflection -----------------------------------------------------------------------------------------------


@transaction.atomic
def prompt_create(
    *, actor: User, organisation: Organisation, text: str, hint: str = "", request: HttpRequest | None = None
) -> ReflectionPrompt:
    if not text.strip():
        raise ValidationError({"text": _("Enter the prompt")})
    prompts = ReflectionPrompt.objects.for_organisation(organisation)
    prompt = ReflectionPrompt.objects.create(
        organisation=organisation, text=text.strip(), hint=hint.strip(), order=_next_order(prompts)
    )
    _audit(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=prompt,
        summary="Added a reflection prompt",
        request=request,
    )
    return prompt


@transaction.atomic
def prompt_update(
    *, actor: User, prompt: ReflectionPrompt, text: str, hint: str = "", request: HttpRequest | None = None
) -> ReflectionPrompt:
    if not text.strip():
        raise ValidationError({"text": _("Enter the prompt")})
    changes = assign_and_diff(prompt, {"text": text.strip(), "hint": hint.strip()}, ("text", "hint"))
    if changes:
        prompt.save()
        _audit(
            Action.UPDATE,
            actor=actor,
            organisation=prompt.organisation,
            obj=prompt,
            summary="Changed a reflection prompt",
            request=request,
            changes=changes,
        )
    return prompt


@transaction.atomic
def prompt_retire(
    *, actor: User, prompt: ReflectionPrompt, retired: bool, request: HttpRequest | None = None
) -> ReflectionPrompt:
    prompt.retired_at = timezone.now() if retired else None
    prompt.save(update_fields=["retired_at", "updated_at"])
    _audit(
        Action.UPDATE,
        actor=actor,
        organisation=prompt.organisation,
        obj=prompt,
        summary="Retired a reflection prompt" if retired else "Brought back a reflection prompt",
        request=request,
    )
    return prompt


@transaction.atomic
def prompts_add_suggested(*, actor: User, organisation: Organisation, request: HttpRequest | None = None) -> int:
    prompts = ReflectionPrompt.objects.for_organisation(organisation)
    keys = set(prompts.values_list("suggested_key", flat=True))
    order = _next_order(prompts)
    added = []
    for key, text, hint in suggested.CORNERSTONES:
        if key not in keys:
            added.append(
                ReflectionPrompt(
                    organisation=organisation, suggested_key=key, text=str(text), hint=str(hint), order=order
                )
            )
            order += 1
    ReflectionPrompt.objects.bulk_create(added)
    if added:
        audit_record(
            action=Action.CREATE,
            actor=actor,
            organisation=organisation,
            object_type="learning.ReflectionPrompt",
            summary=f"Added {len(added)} suggested reflection prompts",
            request=request,
        )
    return len(added)


def _answers(answers: list[dict]) -> list[dict]:
    return [
        {"key": str(item["key"]), "question": str(item["question"]), "answer": str(item.get("answer", "")).strip()}
        for item in answers
        if str(item.get("answer", "")).strip()
    ]


def _reflection_problems(written_on: dt.date | None, answers: list[dict], notes: str) -> dict:
    problems: dict[str, str] = {}
    if written_on is None:
        problems["written_on"] = _("Enter the date of your reflection")
    elif written_on > timezone.localdate():
        problems["written_on"] = _("The date cannot be in the future")
    if not answers and not notes.strip():
        problems["__all__"] = _("Answer at least one prompt, or write something under ‘Anything else’")
    return problems


@transaction.atomic
def reflection_create(
    *,
    actor: User,
    organisation: Organisation,
    written_on: dt.date | None,
    answers: list[dict],
    title: str = "",
    notes: str = "",
    share: bool = False,
    request: HttpRequest | None = None,
) -> ReflectionEntry:
    kept = _answers(answers)
    problems = _reflection_problems(written_on, kept, notes)
    if problems:
        raise ValidationError(problems)
    entry = ReflectionEntry.objects.create(
        organisation=organisation,
        author=actor,
        title=title.strip(),
        written_on=written_on,
        answers=kept,
        notes=notes.strip(),
        shared_at=timezone.now() if share else None,
    )
    _audit(
        Action.CREATE, actor=actor, organisation=organisation, obj=entry, summary="Wrote a reflection", request=request
    )
    return entry


def _author_only(actor: User, entry: ReflectionEntry) -> None:
    if entry.author_id != actor.pk:
        raise ValidationError(_("Only the author can change a reflection"))


@transaction.atomic
def reflection_update(
    *,
    actor: User,
    entry: ReflectionEntry,
    written_on: dt.date | None,
    answers: list[dict],
    title: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> ReflectionEntry:
    _author_only(actor, entry)
    kept = _answers(answers)
    problems = _reflection_problems(written_on, kept, notes)
    if problems:
        raise ValidationError(problems)
    entry.title, entry.written_on, entry.answers, entry.notes = title.strip(), written_on, kept, notes.strip()
    entry.save()
    # Which parts changed would hint at what was written: the line says only that it changed.
    _audit(
        Action.UPDATE,
        actor=actor,
        organisation=entry.organisation,
        obj=entry,
        summary="Changed a reflection",
        request=request,
    )
    return entry


@transaction.atomic
def reflection_share(
    *, actor: User, entry: ReflectionEntry, shared: bool, request: HttpRequest | None = None
) -> ReflectionEntry:
    """Share an entry with the team (every member who may reflect can then read it, with the author's name), or
    make it private again. Only its author can."""
    _author_only(actor, entry)
    if shared == (entry.shared_at is not None):
        return entry
    entry.shared_at = timezone.now() if shared else None
    entry.save(update_fields=["shared_at", "updated_at"])
    _audit(
        Action.SHARE if shared else Action.WITHDRAW,
        actor=actor,
        organisation=entry.organisation,
        obj=entry,
        summary="Shared a reflection with the team" if shared else "Stopped sharing a reflection",
        request=request,
    )
    return entry


@transaction.atomic
def reflection_delete(*, actor: User, entry: ReflectionEntry, request: HttpRequest | None = None) -> None:
    _author_only(actor, entry)
    _audit(
        Action.DELETE,
        actor=actor,
        organisation=entry.organisation,
        obj=entry,
        summary="Deleted a reflection",
        request=request,
    )
    entry.delete()
