"""Equality answers: saving them, the person's objection to their use, snapshots at each involvement, and the
only way they leave this app for anyone but the data protection officer — aggregates with small numbers hidden.

Audit lines name the fields that changed, never an answer. Reading a person's answers goes through
`answers_view`, which writes the audit line for that read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.analysis.disclosure import THRESHOLD, suppress, table_total
from coproduce.consent.models import Consent, ConsentStatus, LawfulBasis, Purpose
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.equality.models import PREFER_NOT, EqualityProfile, EqualitySnapshot
from coproduce.people.models import Person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Hub, Organisation
    from coproduce.projects.models import Project

ANSWER_FIELDS = EqualityProfile.ANSWER_FIELDS
ADULT_ONLY_FIELDS = EqualityProfile.ADULT_ONLY_FIELDS
ADULT_AGE = 16
UNDER_16 = "under_16"
NOT_ANSWERED = "not_answered"
OTHER_LANGUAGE = "other_language"
# Free-text answers (main language) given by fewer people than this are counted together, so that a rare
# language cannot point at a family even when its count is hidden.
FREE_TEXT_FIELDS = ("main_language",)


def _field(name: str) -> models.Field:
    return EqualityProfile._meta.get_field(name)


def is_under_16(person: Person) -> bool:
    age = person.age()
    return age is not None and age < ADULT_AGE


def _clean_answers(person: Person, data: dict[str, Any]) -> dict[str, str]:
    """The answers in `data` (only answer fields given), checked against the choices, with the adult-only
    answers dropped for anyone under 16."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in ANSWER_FIELDS:
        if name not in data:
            continue
        value = (data[name] or "").strip()
        field = _field(name)
        if field.choices and value and value not in {str(code) for code, _label in field.flatchoices}:
            errors[name] = _("Choose one of the answers given")
        elif len(value) > field.max_length:
            errors[name] = _("Answer in %(max)s characters or fewer") % {"max": field.max_length}
        answers[name] = value
    if errors:
        raise ValidationError(errors)
    return answers


def adult_answers_dropped(person: Person, age_band: str, answers: dict[str, str]) -> bool:
    """Whether adult-only answers in `answers` must be discarded: the person is, or says they are, under 16."""
    return (is_under_16(person) or age_band == UNDER_16) and any(answers.get(name) for name in ADULT_ONLY_FIELDS)


@transaction.atomic
def answers_save(
    *,
    person: Person,
    data: dict[str, Any],
    actor: User | None = None,
    request: HttpRequest | None = None,
    by_person: bool = False,
) -> EqualityProfile:
    """Save the person's answers (those fields given in `data`). Gender identity and sexual orientation are
    asked of people aged 16 and over only: they are discarded for anyone known or saying to be under 16."""
    answers = _clean_answers(person, data)
    profile = EqualityProfile.objects.select_for_update().filter(person=person).first() or EqualityProfile(
        organisation_id=person.organisation_id, person=person
    )
    is_new = profile._state.adding
    before = {name: getattr(profile, name) for name in ANSWER_FIELDS}
    for name, value in answers.items():
        setattr(profile, name, value)
    if is_under_16(person) or profile.age_band == UNDER_16:
        for name in ADULT_ONLY_FIELDS:
            setattr(profile, name, "")
    changed = [name for name in ANSWER_FIELDS if getattr(profile, name) != before[name]]
    if is_new or changed:
        profile.save()
    if by_person:
        person.last_active_at = timezone.now()
        person.save(update_fields=["last_active_at", "updated_at"])
    if changed:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=person.organisation,
            obj=profile,
            # Field names only: an answer must never reach the audit log.
            changes={"fields": changed},
            summary="Equality answers changed by the person from their own link"
            if by_person
            else "Equality answers changed",
            request=request,
        )
    return profile


def answers_view(
    *, person: Person, actor: User | None, request: HttpRequest | None = None, via: str = "web", by_person: bool = False
) -> EqualityProfile | None:
    """The person's current answers, for the data protection officer (or the person themselves). Every call is a
    read of special category data, so every call writes an audit line."""
    profile = EqualityProfile.objects.filter(person=person).first()
    audit_record(
        action=AuditEvent.Action.VIEW,
        actor=actor,
        organisation=person.organisation,
        obj=profile or person,
        summary="Equality answers viewed by the person from their own link"
        if by_person
        else f"Equality answers viewed{' through the API' if via == 'api' else ''}",
        request=request,
    )
    return profile


@transaction.atomic
def objection_record(
    *, person: Person, actor: User | None = None, request: HttpRequest | None = None, by_person: bool = False
) -> EqualityProfile:
    """The person objects to the use of their answers: from now on they are in no aggregate and no new snapshot
    is taken. Their answers stay (they can change them, or ask for them to be deleted)."""
    profile, _created = EqualityProfile.objects.select_for_update().get_or_create(
        person=person, defaults={"organisation_id": person.organisation_id}
    )
    if profile.objected_at is None:
        profile.objected_at = timezone.now()
        profile.save(update_fields=["objected_at", "updated_at"])
        audit_record(
            action=AuditEvent.Action.WITHDRAW,
            actor=actor,
            organisation=person.organisation,
            obj=profile,
            changes={"fields": ["objected_at"]},
            summary="Objected to the use of their equality answers" + (" (from their own link)" if by_person else ""),
            request=request,
        )
    return profile


@transaction.atomic
def objection_clear(
    *, person: Person, actor: User | None = None, request: HttpRequest | None = None, by_person: bool = False
) -> EqualityProfile | None:
    profile = EqualityProfile.objects.select_for_update().filter(person=person).first()
    if profile is not None and profile.objected_at is not None:
        profile.objected_at = None
        profile.save(update_fields=["objected_at", "updated_at"])
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            organisation=person.organisation,
            obj=profile,
            changes={"fields": ["objected_at"]},
            summary="Objection to the use of their equality answers cleared"
            + (" (from their own link)" if by_person else ""),
            request=request,
        )
    return profile


def context_key(context: models.Model) -> tuple[str, str]:
    """How a snapshot names what the person took part in: the model's label and the record's id."""
    return context._meta.label, str(context.pk)


def snapshot_take(*, person: Person, context: models.Model) -> EqualitySnapshot | None:
    """Keep the person's answers as they are now, for their involvement in `context` (for example a
    ProjectStakeholder), so that later changes don't rewrite history. None when there is nothing we may keep:
    no answers, an objection, or no equality monitoring consent (or other lawful basis). A second call for the
    same involvement keeps the first snapshot."""
    return snapshots_take_many(person.organisation_id, [(person.pk, context)]).get(context_key(context)[1])


def snapshots_take_many(organisation_id, pairs: list[tuple[Any, models.Model]]) -> dict[str, EqualitySnapshot]:
    """`snapshot_take` for many (person id, context) pairs at once, in a constant number of queries: the kept
    snapshot of each context's id (as text), for the people whose answers we may keep. Existing snapshots of a
    context are kept as they are."""
    if not pairs:
        return {}
    person_ids = {person_id for person_id, _context in pairs}
    answers = {
        profile.person_id: profile.answers()
        for profile in EqualityProfile.objects.filter(
            organisation_id=organisation_id,
            person_id__in=person_ids,
            objected_at__isnull=True,
            person__erased_at__isnull=True,
        ).filter(equality_consent_exists())
    }
    keys = [(person_id, *context_key(context)) for person_id, context in pairs if person_id in answers]
    if not keys:
        return {}
    context_type = keys[0][1]
    existing = {
        snapshot.context_id: snapshot
        for snapshot in EqualitySnapshot.objects.filter(
            organisation_id=organisation_id, context_type=context_type, context_id__in=[key[2] for key in keys]
        )
    }
    now = timezone.now()
    new = [
        EqualitySnapshot(
            organisation_id=organisation_id,
            person_id=person_id,
            context_type=kind,
            context_id=context_id,
            taken_at=now,
            answers=answers[person_id],
        )
        for person_id, kind, context_id in keys
        if context_id not in existing
    ]
    EqualitySnapshot.objects.bulk_create(new)
    return {**existing, **{snapshot.context_id: snapshot for snapshot in new}}


# ----- Aggregates -----


@dataclass(frozen=True)
class AnswerRow:
    code: str
    label: str
    count: int | None  # None: hidden (fewer than THRESHOLD, or hidden so another can't be worked out)


@dataclass(frozen=True)
class AnswerTable:
    question: str
    label: str
    rows: list[AnswerRow]
    total: int | None

    @property
    def counts(self) -> dict[str, int | None]:
        """Category → count (None where hidden)."""
        return {row.code: row.count for row in self.rows}

    @property
    def has_hidden(self) -> bool:
        return self.total is None or any(row.count is None for row in self.rows)


def question_label(question: str) -> str:
    label = str(_field(question).verbose_name)
    return label[:1].upper() + label[1:]


def language_normalise(text: str) -> str:
    """A free-text language as it is counted: the same however it was typed (spaces collapsed, title case)."""
    return " ".join(text.split()).title()


def equality_consent_exists(person_ref: str = "person_id") -> Exists:
    """SQL for consent.checks.has_consent(person, EQUALITY_MONITORING): consent given, or another lawful basis
    recorded that the person has not objected to. `person_ref` names the outer query's person id ("pk" from
    Person itself)."""
    return Exists(
        Consent.objects.filter(
            person_id=OuterRef(person_ref), purpose=Purpose.EQUALITY_MONITORING, partner__isnull=True
        ).filter(
            Q(lawful_basis=LawfulBasis.CONSENT, status=ConsentStatus.GIVEN)
            | (~Q(lawful_basis=LawfulBasis.CONSENT) & Q(withdrawn_at__isnull=True))
        )
    )


def _start_of(day: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(day, dt.datetime):
        return day if timezone.is_aware(day) else timezone.make_aware(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _end_of(day: dt.date | dt.datetime) -> dt.datetime:
    """The first moment after `day` (a date counts as the whole day)."""
    if isinstance(day, dt.datetime):
        return (day if timezone.is_aware(day) else timezone.make_aware(day)) + dt.timedelta(microseconds=1)
    return _start_of(day + dt.timedelta(days=1))


def _sixteenth_birthday_cutoff() -> dt.date:
    """People born after this date are under 16 today."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def _grouped_counts(
    organisation: Organisation,
    *,
    question: str,
    hub: Hub | None,
    project: Project | None,
    since: dt.date | None,
    until: dt.date | None,
) -> list[tuple[str, int]]:
    """(answer, number of people) for the people who may be counted: one query (two with a project)."""
    adult_only = question in ADULT_ONLY_FIELDS
    if project is None and since is None and until is None:
        rows = (
            EqualityProfile.objects.for_organisation(organisation)
            .filter(objected_at__isnull=True, person__erased_at__isnull=True)
            .filter(equality_consent_exists())
        )
        if hub is not None:
            rows = rows.filter(person__hubs=hub)
        if adult_only:
            # Not asked of under-16s, so they are not "not answered" either.
            rows = rows.exclude(age_band=UNDER_16).exclude(person__date_of_birth__gt=_sixteenth_birthday_cutoff())
        return list(rows.order_by().values_list(question).annotate(n=Count("person_id", distinct=True)))

    # A project or a time window: the answers as they were when people took part (the latest snapshot of each
    # person within the scope, so each person counts once).
    scope = EqualitySnapshot.objects.for_organisation(organisation)
    if project is not None:
        from coproduce.projects.models import ProjectStakeholder

        involvement_ids = [
            str(pk) for pk in ProjectStakeholder.objects.filter(project=project).values_list("pk", flat=True)
        ]
        scope = scope.filter(context_type=ProjectStakeholder._meta.label, context_id__in=involvement_ids)
    if since is not None:
        scope = scope.filter(taken_at__gte=_start_of(since))
    if until is not None:
        scope = scope.filter(taken_at__lt=_end_of(until))
    latest = scope.filter(person_id=OuterRef("person_id")).order_by("-taken_at", "-id").values("id")[:1]
    # An erased person's snapshots still count, so figures about who took part stay right: erasure keeps them
    # only when the person was allowing their use at the time (datarights/erasure.py), and they are anonymous.
    rows = scope.filter(id=Subquery(latest)).filter(
        Q(person__erased_at__isnull=False)
        | (
            Q(person__erased_at__isnull=True)
            & ~Q(person__equality__objected_at__isnull=False)
            & equality_consent_exists()
        )
    )
    if hub is not None:
        rows = rows.filter(person__hubs=hub)
    if adult_only:
        # Coalesce: a snapshot without an age answer has no key, and NULL would drop it from an exclude().
        rows = (
            rows.annotate(
                snapshot_age_band=Coalesce(KT("answers__age_band"), Value(""), output_field=models.TextField())
            )
            .exclude(snapshot_age_band=UNDER_16)
            .exclude(person__date_of_birth__gt=_sixteenth_birthday_cutoff())
        )
    return list(
        rows.order_by()
        .annotate(answer=KT(f"answers__{question}"))
        .values_list("answer")
        .annotate(n=Count("person_id", distinct=True))
    )


def aggregate(
    organisation: Organisation,
    *,
    question: str,
    hub: Hub | None = None,
    project: Project | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AnswerTable:
    """How many people gave each answer to `question`, with counts that could identify someone hidden
    (see coproduce/analysis/disclosure.py). Each person counts once. Without a project or time window these are
    people's current answers; with one, their answers as they were when they took part. Only people who
    agreed to equality monitoring (or with another lawful basis recorded) and not objecting; with a project or
    time window, also the kept snapshots of people since erased."""
    if question not in ANSWER_FIELDS:
        raise ValueError(f"Unknown equality question: {question}")
    grouped = _grouped_counts(organisation, question=question, hub=hub, project=project, since=since, until=until)
    field = _field(question)
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    if field.choices:
        for code, label in field.flatchoices:
            if code != PREFER_NOT[0]:
                counts[str(code)], labels[str(code)] = 0, str(label)
        known = set(counts)
        for answer, n in grouped:
            code = answer or NOT_ANSWERED
            if code != NOT_ANSWERED and code != PREFER_NOT[0] and code not in known:
                code = NOT_ANSWERED  # an answer no longer offered
            counts[code] = counts.get(code, 0) + n
    else:
        # Free text: the same answer however it was typed, and rare answers counted together.
        merged: dict[str, int] = {}
        for answer, n in grouped:
            key = language_normalise(answer or "") or NOT_ANSWERED
            merged[key] = merged.get(key, 0) + n
        for key in sorted(k for k in merged if k != NOT_ANSWERED):
            if merged[key] >= THRESHOLD:
                counts[key], labels[key] = merged[key], key
            else:
                counts[OTHER_LANGUAGE] = counts.get(OTHER_LANGUAGE, 0) + merged[key]
        if OTHER_LANGUAGE in counts:
            labels[OTHER_LANGUAGE] = _("Other languages")
    counts.setdefault(PREFER_NOT[0], 0)
    counts.setdefault(NOT_ANSWERED, 0)
    # "Prefer not to say" and "not answered" always come last.
    order = [c for c in counts if c not in (PREFER_NOT[0], NOT_ANSWERED)] + [PREFER_NOT[0], NOT_ANSWERED]
    counts = {code: counts[code] for code in order}
    labels[PREFER_NOT[0]] = str(PREFER_NOT[1])
    labels[NOT_ANSWERED] = _("Not answered")
    shown = suppress(counts)
    return AnswerTable(
        question=question,
        label=question_label(question),
        rows=[AnswerRow(code, labels[code], shown[code]) for code in order],
        total=table_total(counts),
    )
