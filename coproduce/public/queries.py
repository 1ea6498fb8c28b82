"""What the public site reads, with its privacy rules in one place, so that the pages and the feeds cannot differ:

- a family member's words appear only with their consent to be quoted (anonymously, or by name); a contribution
  with no person (a comment card, a sticky note) has nobody to ask, so it is quoted only when it is a kind families
  write themselves to be read (a quote or an idea), never a staff note; a name only with consent to be quoted by
  name, and never for an anonymous contribution or an erased person;
- a story of lived experience is never quoted (it carries a content note and is shown only inside the app);
- people present at a decision are named only with consent to be quoted by name, otherwise counted;
- only public, planned activities from today on; only published wins and offer versions.

Each read runs a fixed number of queries however many rows it returns (the pages assert it in tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.analysis.follow_through import FollowThrough, follow_through
from coproduce.consent.checks import allows
from coproduce.consent.models import Consent, Purpose
from coproduce.contributions.models import Contribution
from coproduce.core.translations import is_right_to_left
from coproduce.decisions.models import CLOSED_STATUSES, Decision, Promise, PromiseStatus
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.publishing.models import Win

# What the "You said, we did" page can be narrowed to: open (planned or in progress), overdue, or one closed status.
STATUS_FILTERS = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    PromiseStatus.KEPT.value: PromiseStatus.KEPT.label,
    PromiseStatus.CHANGED.value: PromiseStatus.CHANGED.label,
    PromiseStatus.NOT_POSSIBLE.value: PromiseStatus.NOT_POSSIBLE.label,
}


# Activities -------------------------------------------------------------------------------------------------------


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _still_to_come(today: dt.date) -> Q:
    """Starting from the start of today, or an open window (not closed before today, or with no closing date). An
    activity with neither a start time nor a window is not shown: there is nothing to tell families about when."""
    return (
        Q(starts_at__gte=_start_of(today))
        | Q(starts_at__isnull=True, window_closes_on__gte=today)
        | Q(starts_at__isnull=True, window_closes_on__isnull=True, window_opens_on__isnull=False)
    )


def public_activities(organisation: Organisation, today: dt.date) -> QuerySet[Activity]:
    """The organisation's public activities still to come: from the start of today, or open windows (not closed
    before today), planned (not cancelled); with their venue."""
    return (
        Activity.objects.for_organisation(organisation)
        .filter(is_public=True, status=Activity.Status.PLANNED)
        .filter(_still_to_come(today))
        .select_related("venue")
        .order_by(F("starts_at").asc(nulls_last=True), "window_opens_on", "title")
    )


def public_activity(organisation: Organisation, activity_id, today: dt.date) -> Activity | None:
    """One public activity still to come (cancelled ones too, so that a saved link says it was cancelled)."""
    return (
        Activity.objects.for_organisation(organisation)
        .filter(is_public=True, pk=activity_id)
        .filter(_still_to_come(today))
        .select_related("venue")
        .first()
    )


VENUE_FEATURES = (
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "baby_change",
    "breastfeeding_space",
    "quiet_room",
    "parking",
    "public_transport",
    "creche",
)


def labelled(obj, names: tuple[str, ...] | list[str]) -> list[str]:
    """The verbose names of those boolean fields of `obj` that are true."""
    return [str(type(obj)._meta.get_field(name).verbose_name) for name in names if getattr(obj, name)]


@dataclass(frozen=True)
class Offered:
    """Across the public activities to come: the ways to join and what is provided, each as a label."""

    ways: list[str]
    provisions: list[str]
    interpreter_languages: list[str]
    venue_features: list[str]


def what_activities_offer(organisation: Organisation, today: dt.date) -> Offered:
    """The ways to join and the barriers removed, from what the public activities to come actually offer (two
    queries: the counts, and the interpreters' languages)."""
    ways = list(Activity.JOIN_FIELDS.values())
    provisions = list(Activity.PROVISIONS)
    venue = [f"venue__{name}" for name in VENUE_FEATURES]
    totals = public_activities(organisation, today).aggregate(
        **{name: Count("pk", filter=Q(**{name: True})) for name in [*ways, *provisions, *venue]}
    )
    languages: list[str] = []
    for text in (
        public_activities(organisation, today)
        .exclude(interpreter_languages="")
        .values_list("interpreter_languages", flat=True)
    ):
        for language in text.split(","):
            if language.strip() and language.strip().lower() not in {known.lower() for known in languages}:
                languages.append(language.strip())
    meta = Activity._meta
    venue_meta = Activity._meta.get_field("venue").related_model._meta
    return Offered(
        ways=[str(meta.get_field(name).verbose_name) for name in ways if totals[name]],
        provisions=[str(meta.get_field(name).verbose_name) for name in provisions if totals[name]],
        interpreter_languages=sorted(languages, key=str.lower),
        venue_features=[
            str(venue_meta.get_field(name).verbose_name) for name in VENUE_FEATURES if totals[f"venue__{name}"]
        ],
    )


# You said, we did -------------------------------------------------------------------------------------------------

# Only families' own words are quoted in public: quotes and ideas. Never a staff note (the staff's words, not the
# family's), a story (it carries a content note and is shown only inside the app) or a caption of a picture.
QUOTABLE = frozenset({Contribution.Kind.QUOTE, Contribution.Kind.IDEA})


@dataclass(frozen=True)
class Quote:
    text: str
    name: str = ""  # only with consent to be quoted by name


@dataclass(frozen=True)
class PublicDecision:
    title: str
    decided_on: dt.date
    what_was_decided: str
    degree: str  # the degree of participation, in the words families read ("" if not recorded)
    named: list[str]  # people present who agreed to be named
    unnamed: int  # the others, counted

    @property
    def present(self) -> str:
        """'Zainab Okafor and 2 other parents and carers', '3 parents and carers', or ''."""
        others = ngettext("%(count)d parent or carer", "%(count)d parents and carers", self.unnamed) % {
            "count": self.unnamed
        }
        if self.named and self.unnamed:
            more = ngettext("%(count)d other parent or carer", "%(count)d other parents and carers", self.unnamed) % {
                "count": self.unnamed
            }
            return _("%(names)s and %(others)s") % {"names": ", ".join(self.named), "others": more}
        if self.named:
            return ", ".join(self.named)
        return others if self.unnamed else ""


@dataclass(frozen=True)
class Translated:
    """A piece of content in the reader's language where translated, with the attributes its element needs."""

    text: str
    lang: str = ""  # set only when the text is a translation
    rtl: bool = False


@dataclass(frozen=True)
class PublicPromise:
    id: object
    text: Translated
    explanation: Translated
    status: str
    status_label: str
    due_date: dt.date | None
    kept_on: dt.date | None
    overdue: bool
    project: str
    updated: dt.datetime
    created: dt.datetime
    quotes: list[Quote] = field(default_factory=list)
    decisions: list[PublicDecision] = field(default_factory=list)


def translated(record, name: str, language: str | None) -> Translated:
    text = record.translated(name, language)
    if language and text != getattr(record, name):
        return Translated(text=text, lang=language, rtl=is_right_to_left(language))
    return Translated(text=text)


def public_promises(organisation: Organisation, status: str = "", today: dt.date | None = None) -> QuerySet[Promise]:
    """The organisation's promises in the order the page groups them (by project, then due date), optionally
    narrowed to one of STATUS_FILTERS. Kept and broken alike: nothing is hidden by status."""
    today = today or timezone.localdate()
    promises = Promise.objects.for_organisation(organisation)
    if status == "open":
        promises = promises.open()
    elif status == "overdue":
        promises = promises.overdue(today)
    elif status in STATUS_FILTERS:
        promises = promises.filter(status=status)
    return promises.select_related("project").order_by(
        F("project__title").asc(nulls_last=True), "project_id", F("due_date").asc(nulls_last=True), "created_at", "id"
    )


def _quote_consents(person_ids: set) -> tuple[set, set]:
    """(ids of people who may be quoted by name, ids of people who may be quoted without it): one query."""
    if not person_ids:
        return set(), set()
    by_name, anonymously = set(), set()
    consents = Consent.objects.filter(
        person_id__in=person_ids,
        purpose__in=(Purpose.QUOTE_BY_NAME, Purpose.QUOTE_ANONYMOUSLY),
        partner__isnull=True,
        person__erased_at__isnull=True,
    )
    for consent in consents:
        if allows(consent):
            (by_name if consent.purpose == Purpose.QUOTE_BY_NAME else anonymously).add(consent.person_id)
    return by_name, anonymously


def _public_name(person: Person) -> str:
    return person.display_name


def with_public_details(promises: list[Promise] | QuerySet[Promise], language: str | None, today: dt.date):
    """Each promise as a PublicPromise: translated, with what families said (only as their consent allows) and the
    decisions it answers (people present named only with consent). Four queries however many promises."""
    promises = list(promises)
    if not promises:
        return []
    organisation_id = promises[0].organisation_id
    person_fields = ("person__id", "person__full_name", "person__preferred_name", "person__erased_at")
    contributions = (
        Contribution.objects.filter(organisation_id=organisation_id)
        .select_related("person")
        .only("id", "kind", "text", "is_anonymous", "person_id", *person_fields, "created_at")
    )
    people = Person.objects.only("id", "full_name", "preferred_name", "erased_at")
    decisions = (
        Decision.objects.filter(organisation_id=organisation_id)
        .only("id", "title", "decided_on", "what_was_decided", "degree_of_participation")
        .prefetch_related(Prefetch("people_present", queryset=people))
        .order_by("decided_on", "id")
    )
    prefetch_related_objects(
        promises,
        Prefetch("contributions", queryset=contributions.order_by("created_at", "id")),
        Prefetch("decisions", queryset=decisions),
    )
    person_ids = {c.person_id for p in promises for c in p.contributions.all() if c.person_id}
    person_ids |= {person.pk for p in promises for d in p.decisions.all() for person in d.people_present.all()}
    by_name, anonymously = _quote_consents(person_ids)
    return [_public(promise, language, today, by_name, anonymously) for promise in promises]


def _quotes(promise: Promise, by_name: set, anonymously: set) -> list[Quote]:
    quotes = []
    for contribution in promise.contributions.all():
        text = contribution.text.strip()
        if not text or contribution.kind not in QUOTABLE:
            continue
        person = contribution.person
        if person is None:
            # With no person there is no consent to ask for: the words were written to be read (a comment card).
            quotes.append(Quote(text=text))
        elif person.erased_at is not None:
            continue
        elif person.pk in by_name and not contribution.is_anonymous:
            quotes.append(Quote(text=text, name=_public_name(person)))
        elif person.pk in by_name or person.pk in anonymously:
            quotes.append(Quote(text=text))
    return quotes


def _decision(decision: Decision, by_name: set) -> PublicDecision:
    present = list(decision.people_present.all())
    named = [_public_name(p) for p in present if p.pk in by_name and p.erased_at is None]
    return PublicDecision(
        title=decision.title,
        decided_on=decision.decided_on,
        what_was_decided=decision.what_was_decided,
        degree=decision.get_degree_of_participation_display() if decision.degree_of_participation else "",
        named=named,
        unnamed=len(present) - len(named),
    )


def _public(promise: Promise, language: str | None, today: dt.date, by_name: set, anonymously: set) -> PublicPromise:
    return PublicPromise(
        id=promise.pk,
        text=translated(promise, "text", language),
        explanation=translated(promise, "public_explanation", language),
        status=promise.status,
        status_label=str(promise.get_status_display()),
        due_date=promise.due_date,
        kept_on=promise.kept_on,
        overdue=promise.is_overdue(today),
        project=promise.project.title if promise.project_id else "",
        updated=promise.status_changed_at,
        created=promise.created_at,
        quotes=_quotes(promise, by_name, anonymously),
        decisions=[_decision(decision, by_name) for decision in promise.decisions.all()],
    )


def promise_summary(organisation: Organisation, today: dt.date) -> FollowThrough:
    """How many promises were kept on time so far (analysis.follow_through), in one query."""
    return follow_through(Promise.objects.for_organisation(organisation).as_records(), today)


def summary_sentence(summary: FollowThrough) -> str:
    """The summary line for families: '7 of our 10 promises with a due date so far were kept on time (70%).'"""
    if summary.so_far == 0:
        return _("None of our promises has reached its due date yet.")
    share = round(100 * (summary.share_kept_on_time or 0))
    return ngettext(
        "%(kept)d of our %(count)d promise with a due date so far was kept on time (%(share)d%%).",
        "%(kept)d of our %(count)d promises with a due date so far were kept on time (%(share)d%%).",
        summary.so_far,
    ) % {"kept": summary.kept_on_time, "count": summary.so_far, "share": share}


def recently_kept(organisation: Organisation, count: int = 3) -> QuerySet[Promise]:
    """The promises closed most recently (kept, changed or not possible): the home page's highlights."""
    return (
        Promise.objects.for_organisation(organisation)
        .filter(status__in=CLOSED_STATUSES)
        .select_related("project")
        .order_by("-status_changed_at", "-created_at")[:count]
    )


def feed_promises(organisation: Organisation, count: int = 50) -> QuerySet[Promise]:
    """The promises whose status changed most recently, for the feeds."""
    return (
        Promise.objects.for_organisation(organisation)
        .select_related("project")
        .order_by("-status_changed_at", "-created_at", "-id")[:count]
    )


# Wins -------------------------------------------------------------------------------------------------------------


def published_wins(organisation: Organisation) -> QuerySet[Win]:
    return Win.objects.for_organisation(organisation).published().order_by("-happened_on", "-published_at", "-id")
