"""Writes about the support a family gets: their plan (strengths, needs, reviewed with them), goals, sessions,
navigation to local services, the wellbeing measure, and closing the support.

Every function checks the actor's right to this family's support itself (coordinators: any episode of their
organisation; a peer supporter: only the families they support, `SupportEpisode.objects.visible_to`), locks the
episode so a close cannot slip between the check and the write, runs in one transaction and writes one audit line.
Audit lines name fields and codes, never what the family said or the notes of a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.analysis.matching import WAY_LABELS
from coproduce.core.audit import audit_record, changed_fields
from coproduce.core.models import AuditEvent
from coproduce.peers.models import (
    GoalStatus,
    Navigation,
    NavigationOutcome,
    ServiceDirectoryEntry,
    SessionKind,
    SupportEpisode,
    SupportGoal,
    SupportSession,
    WellbeingMoment,
    WellbeingScore,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User

RECORD_SUPPORT = "peers.record_support"
WELLBEING_QUESTIONS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
GOAL_MAX = SupportGoal._meta.get_field("text").max_length
NOTE_MAX = Navigation._meta.get_field("note").max_length
# A session longer than a day is a typing mistake.
MINUTES_MAX = 24 * 60
NAVIGATION_RESULTS = (NavigationOutcome.REACHED, NavigationOutcome.NOT_REACHED, NavigationOutcome.NOT_NEEDED)


def may_record(actor: User, episode: SupportEpisode) -> bool:
    """Whether the actor may record this family's support: their role allows it and the episode is visible to them
    (a peer supporter's own families only)."""
    organisation = episode.organisation
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(RECORD_SUPPORT, organisation):
        return False
    visible = SupportEpisode.objects.for_organisation(organisation).visible_to(actor, organisation)
    return visible.filter(pk=episode.pk).exists()


def _locked(actor: User, episode: SupportEpisode, *, refused: str) -> SupportEpisode:
    """The episode, locked for this transaction, after checking the actor may record its support and it is open."""
    if not may_record(actor, episode):
        raise ValidationError(refused)
    locked = SupportEpisode.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=episode.pk)
    if not locked.is_open:
        raise ValidationError(
            _("This support was closed on %(date)s. Closed support cannot be changed.")
            % {"date": date_format(locked.closed_on, "j F Y")}
        )
    return locked


def _not_future(day: dt.date | None, field: str, what: str, errors: dict[str, str], today: dt.date) -> None:
    if day is not None and day > today:
        errors[field] = _("%(what)s must be today or in the past") % {"what": what}


def _audit(action: str, actor: User, episode: SupportEpisode, obj, summary: str, changes: dict, request) -> None:
    audit_record(
        action=action,
        actor=actor,
        organisation=episode.organisation,
        obj=obj,
        summary=summary,
        changes={"episode": str(episode.pk), **changes},
        request=request,
    )


@transaction.atomic
def episode_plan_update(
    *,
    actor: User,
    episode: SupportEpisode,
    strengths: str,
    needs: str,
    reviewed_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> SupportEpisode:
    """The family's strengths and needs, written with them; `reviewed_on` is the day they were last reviewed with
    the family (left as it was when not given)."""
    episode = _locked(actor, episode, refused=_("You can only change the plans of families you support"))
    errors: dict[str, str] = {}
    today = timezone.localdate()
    _not_future(reviewed_on, "reviewed_on", _("The date it was reviewed with the family"), errors, today)
    if reviewed_on is not None and reviewed_on < episode.started_on and "reviewed_on" not in errors:
        errors["reviewed_on"] = _("The date it was reviewed must be on or after the day the support started")
    if errors:
        raise ValidationError(errors)
    before = {"strengths": episode.strengths, "needs": episode.needs, "plan_reviewed_on": episode.plan_reviewed_on}
    episode.strengths = strengths.strip()
    episode.needs = needs.strip()
    if reviewed_on is not None:
        episode.plan_reviewed_on = reviewed_on
    after = {"strengths": episode.strengths, "needs": episode.needs, "plan_reviewed_on": episode.plan_reviewed_on}
    episode.save(update_fields=["strengths", "needs", "plan_reviewed_on", "updated_at"])
    changed = changed_fields(before, after)
    # What the family said stays out of the audit log: only which parts changed, and the review date.
    changes = {"fields": sorted(changed)}
    if "plan_reviewed_on" in changed:
        changes["plan_reviewed_on"] = changed["plan_reviewed_on"]
    _audit(AuditEvent.Action.UPDATE, actor, episode, episode, "Changed a family's support plan", changes, request)
    return episode


@transaction.atomic
def goal_add(*, actor: User, episode: SupportEpisode, text: str, request: HttpRequest | None = None) -> SupportGoal:
    """A goal the family set, in their words."""
    episode = _locked(actor, episode, refused=_("You can only add goals for families you support"))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the goal, in the family's words")})
    if len(text) > GOAL_MAX:
        raise ValidationError({"text": _("The goal must be %(max)s characters or fewer") % {"max": GOAL_MAX}})
    goal = SupportGoal.objects.create(organisation=episode.organisation, episode=episode, text=text)
    _audit(AuditEvent.Action.CREATE, actor, episode, goal, "Added a goal", {}, request)
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: SupportGoal, status: str, request: HttpRequest | None = None) -> SupportGoal:
    """Change how a goal is going: working on it, achieved, or changed or no longer wanted."""
    episode = _locked(actor, goal.episode, refused=_("You can only change the goals of families you support"))
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose how the goal is going")})
    goal = SupportGoal.objects.select_for_update().get(pk=goal.pk, episode=episode)
    old = goal.status
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    changes = {"status": [old, status]}
    _audit(AuditEvent.Action.UPDATE, actor, episode, goal, "Changed a goal's status", changes, request)
    return goal


def session_problems(
    *, episode: SupportEpisode, held_on: dt.date | None, kind: str, way: str, minutes: int | None
) -> dict[str, str]:
    """Every rule a session must meet, as {field: message}."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Enter the date of the session")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date of the session must be today or in the past")
    elif held_on < episode.started_on:
        errors["held_on"] = _("The date of the session must be on or after the day the support started (%(date)s)") % {
            "date": date_format(episode.started_on, "j F Y")
        }
    if kind not in SessionKind.values:
        errors["kind"] = _("Choose what kind of session it was")
    if way and way not in WAY_LABELS:
        errors["way"] = _("Choose how the session was held")
    if minutes is not None and not (0 < minutes <= MINUTES_MAX):
        errors["minutes"] = _("Enter how long it was in minutes, from 1 to %(max)s") % {"max": MINUTES_MAX}
    return errors


@transaction.atomic
def session_record(
    *,
    actor: User,
    episode: SupportEpisode,
    held_on: dt.date | None,
    kind: str,
    way: str = "",
    minutes: int | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> SupportSession:
    """A session with the family. Only the family's own supporter (or a coordinator) may record it, and only while
    the support is open."""
    episode = _locked(actor, episode, refused=_("You can only record sessions for families you support"))
    errors = session_problems(episode=episode, held_on=held_on, kind=kind, way=way, minutes=minutes)
    if errors:
        raise ValidationError(errors)
    session = SupportSession.objects.create(
        organisation=episode.organisation,
        episode=episode,
        held_on=held_on,
        kind=kind,
        way=way,
        minutes=minutes,
        notes=notes.strip(),
        recorded_by=actor,
    )
    changes = {"held_on": held_on.isoformat(), "kind": kind, "way": way, "minutes": minutes, "notes": bool(notes)}
    _audit(AuditEvent.Action.CREATE, actor, episode, session, "Recorded a peer support session", changes, request)
    return session


@transaction.atomic
def navigation_add(
    *,
    actor: User,
    episode: SupportEpisode,
    service: ServiceDirectoryEntry | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Navigation:
    """A service from the organisation's directory that the family is being helped to reach."""
    episode = _locked(actor, episode, refused=_("You can only record navigation for families you support"))
    note = note.strip()
    errors: dict[str, str] = {}
    if service is None or service.organisation_id != episode.organisation_id:
        errors["service"] = _("Choose a service from your organisation's directory")
    elif not service.active:
        errors["service"] = _("That service is no longer running: choose another")
    if len(note) > NOTE_MAX:
        errors["note"] = _("The note must be %(max)s characters or fewer") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    navigation = Navigation.objects.create(
        organisation=episode.organisation, episode=episode, service=service, note=note
    )
    changes = {"service": str(service.pk)}
    _audit(AuditEvent.Action.CREATE, actor, episode, navigation, "Helped a family towards a service", changes, request)
    return navigation


@transaction.atomic
def navigation_update(
    *,
    actor: User,
    navigation: Navigation,
    outcome: str,
    outcome_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Navigation:
    """Whether the family got there: got there, did not get there, or no longer needed, and when (today if not
    given)."""
    episode = _locked(actor, navigation.episode, refused=_("You can only record navigation for families you support"))
    outcome_on = outcome_on or timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in NAVIGATION_RESULTS:
        errors["outcome"] = _("Choose whether the family got there")
    _not_future(outcome_on, "outcome_on", _("The date"), errors, timezone.localdate())
    if "outcome_on" not in errors and outcome_on < episode.started_on:
        errors["outcome_on"] = _("The date must be on or after the day the support started")
    if errors:
        raise ValidationError(errors)
    navigation = Navigation.objects.select_for_update().get(pk=navigation.pk, episode=episode)
    old = navigation.outcome
    navigation.outcome = outcome
    navigation.outcome_on = outcome_on
    navigation.save(update_fields=["outcome", "outcome_on", "updated_at"])
    changes = {"outcome": [old, outcome], "outcome_on": outcome_on.isoformat()}
    summary = "Recorded whether a family got to a service"
    _audit(AuditEvent.Action.UPDATE, actor, episode, navigation, summary, changes, request)
    return navigation


def wellbeing_problems(scores: dict[str, int | None]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in WELLBEING_QUESTIONS:
        value = scores.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
            errors[name] = _("Choose a number from 0 to 10, or ‘Prefer not to answer’")
    unknown = set(scores) - set(WELLBEING_QUESTIONS)
    if unknown:
        errors["__all__"] = _("Unknown questions: %(names)s") % {"names": ", ".join(sorted(unknown))}
    return errors


def _wellbeing_save(episode: SupportEpisode, moment: str, scores: dict[str, int | None]) -> tuple[WellbeingScore, dict]:
    record, created = WellbeingScore.objects.select_for_update().get_or_create(
        episode=episode, moment=moment, defaults={"organisation": episode.organisation}
    )
    # Which questions were answered, never the answers: they are the family's.
    for name in WELLBEING_QUESTIONS:
        setattr(record, name, scores.get(name))
    record.save()
    answered = sorted(name for name in WELLBEING_QUESTIONS if scores.get(name) is not None)
    return record, {"moment": moment, "answered": answered, "replaced": not created}


@transaction.atomic
def wellbeing_record(
    *,
    actor: User,
    episode: SupportEpisode,
    moment: str,
    scores: dict[str, int | None],
    request: HttpRequest | None = None,
) -> WellbeingScore:
    """The family's answers to the four personal wellbeing questions at the start of the support (or at its close:
    `episode_close` records those with the outcomes). Each answer is 0 to 10, or None when they preferred not to
    answer. Answering again replaces the earlier answers for that moment."""
    episode = _locked(actor, episode, refused=_("You can only record wellbeing for families you support"))
    if moment not in WellbeingMoment.values:
        raise ValidationError(_("Choose when the questions were answered"))
    errors = wellbeing_problems(scores)
    if errors:
        raise ValidationError(errors)
    record, changes = _wellbeing_save(episode, moment, scores)
    _audit(AuditEvent.Action.UPDATE, actor, episode, episode, "Recorded a family's wellbeing answers", changes, request)
    return record


@transaction.atomic
def episode_close(
    *,
    actor: User,
    episode: SupportEpisode,
    outcomes: str,
    closed_on: dt.date | None = None,
    wellbeing: dict[str, int | None] | None = None,
    request: HttpRequest | None = None,
) -> SupportEpisode:
    """Close the support with what changed, in the family's own words, and (optionally) their answers to the
    wellbeing questions at the close. After this the support is read only."""
    episode = _locked(actor, episode, refused=_("You can only close the support of families you support"))
    today = timezone.localdate()
    closed_on = closed_on or today
    errors: dict[str, str] = {}
    outcomes = outcomes.strip()
    if not outcomes:
        errors["outcomes"] = _("Write what changed for the family, in their own words")
    _not_future(closed_on, "closed_on", _("The date the support ended"), errors, today)
    if "closed_on" not in errors and closed_on < episode.started_on:
        errors["closed_on"] = _("The date the support ended must be on or after the day it started")
    if wellbeing is not None:
        errors |= wellbeing_problems(wellbeing)
    if errors:
        raise ValidationError(errors)
    episode.outcomes = outcomes
    episode.closed_on = closed_on
    episode.save(update_fields=["outcomes", "closed_on", "updated_at"])
    changes: dict = {"closed_on": closed_on.isoformat()}
    if wellbeing is not None and any(value is not None for value in wellbeing.values()):
        _record, changes["wellbeing"] = _wellbeing_save(episode, WellbeingMoment.CLOSE, wellbeing)
    _audit(AuditEvent.Action.UPDATE, actor, episode, episode, "Closed a family's peer support", changes, request)
    return episode


# --- reads the pages, the export and the API share -------------------------------------------------------------


def _count(model, *, when: Q | None = None) -> Coalesce:
    """How many rows of `model` belong to the episode, as a subquery (several counts through joins would multiply
    each other)."""
    rows = model.objects.filter(episode=OuterRef("pk"))
    if when is not None:
        rows = rows.filter(when)
    counted = rows.order_by().values("episode").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(episodes: QuerySet[SupportEpisode]) -> QuerySet[SupportEpisode]:
    """What a row of the families list (and of the export) shows, in one query however many episodes."""
    last_session = SupportSession.objects.filter(episode=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return episodes.select_related("person", "supporter__person").annotate(
        sessions_count=_count(SupportSession),
        last_session_on=Subquery(last_session),
        goals_total=_count(SupportGoal),
        goals_achieved=_count(SupportGoal, when=Q(status=GoalStatus.ACHIEVED)),
        services_reached=_count(Navigation, when=Q(outcome=NavigationOutcome.REACHED)),
    )


@dataclass(frozen=True)
class WellbeingChange:
    question: str  # one of WELLBEING_QUESTIONS
    start: int | None
    close: int | None

    @property
    def change(self) -> int | None:
        return None if self.start is None or self.close is None else self.close - self.start

    @property
    def better(self) -> bool | None:
        """Whether the change is for the better: higher is better, except for anxiety, where lower is."""
        if not self.change:
            return None
        return self.change < 0 if self.question == "anxiety" else self.change > 0


def wellbeing_changes(scores: Iterable[WellbeingScore]) -> list[WellbeingChange]:
    """Each question's answers at the start and the close (None where not asked or not answered)."""
    by_moment = {score.moment: score for score in scores}
    start, close = by_moment.get(WellbeingMoment.START), by_moment.get(WellbeingMoment.CLOSE)
    return [
        WellbeingChange(
            question=name,
            start=getattr(start, name) if start is not None else None,
            close=getattr(close, name) if close is not None else None,
        )
        for name in WELLBEING_QUESTIONS
    ]
