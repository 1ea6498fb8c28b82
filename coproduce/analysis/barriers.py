"""The barrier check: a person's access needs matched against what an activity and its venue provide.

The result is, for each person, the needs that are not met (each with a plain-English reason for the organiser),
and one to-do list for the organiser with a line per thing to arrange, the number of people it is for and who
they are. The rules:

- Needs tied to the building (step-free access, an accessible toilet, a hearing loop, a quiet space) matter only
  for people joining in person.
- Childcare is met by childcare the activity arranges, or by a crèche at the venue for people who come in person
  (a crèche does not help someone joining from home).
- An interpreter is met when the activity has an interpreter for the person's language; languages are compared
  ignoring case and spacing ("polish ", "Polish"). A person who needs an interpreter but has not said for which
  language always gets a to-do: ask them.
- British Sign Language (BSL), easy read and large print are met by the activity's provisions, however people join.
- Travel costs matter only for people coming in person, and are met when the activity pays travel costs.
- "Can only take part online" is unmet when the activity has no online, phone or asynchronous (in your own time)
  way to join.
- A device or mobile data matters only for people joining online, and is met when the activity offers them.
- Living somewhere rural or remote is a barrier when the only way to join is in person and travel costs are not paid.

When a person has not said how they will join, every way the activity offers is assumed possible, so building needs
count if the activity can be joined in person and a device or data if it can be joined online.

Whatever is provided, taking a provision away never meets a need (the check is monotone), and each to-do count is
the number of people with that unmet need. The to-do list follows the order of ACCESS_NEEDS in people/models.py,
interpreter languages alphabetically; people keep the order they were given in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Need(StrEnum):
    """The access need codes, in the order of ACCESS_NEEDS in coproduce/people/models.py."""

    CHILDCARE = "childcare"
    STEP_FREE = "step_free"
    ACCESSIBLE_TOILET = "accessible_toilet"
    HEARING_LOOP = "hearing_loop"
    BSL = "bsl"
    INTERPRETER = "interpreter"
    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"
    QUIET_SPACE = "quiet_space"
    TRAVEL_COSTS = "travel_costs"
    ONLINE_ONLY = "online_only"
    DEVICE_OR_DATA = "device_or_data"
    RURAL_OR_REMOTE = "rural_or_remote"


class Join(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    POST = "post"
    ASYNC = "async"


FROM_HOME: frozenset[str] = frozenset({Join.ONLINE, Join.PHONE, Join.ASYNC})  # what "online only" people can use
ONLINE_ONLY_REASON = "Can only take part online, and there is no way to join online, by phone or in their own time."
RURAL_REASON = "Lives somewhere rural or remote; the only way to join is in person, and travel costs are not paid."
NEED_ORDER: dict[str, int] = {need.value: index for index, need in enumerate(Need)}


@dataclass(frozen=True)
class PersonNeeds:
    person_id: Hashable
    needs: frozenset[str]  # Need values
    joining: str | None = None  # a Join value; None when the person has not said
    interpreter_language: str = ""
    children_under_5: int | None = None  # None when not known


@dataclass(frozen=True)
class Venue:
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    baby_change: bool = False
    breastfeeding_space: bool = False
    quiet_room: bool = False
    parking: bool = False
    public_transport: bool = False
    creche: bool = False


@dataclass(frozen=True)
class Provisions:
    """What the activity itself provides, and the ways to join it (Join values)."""

    ways_to_join: frozenset[str] = frozenset()
    childcare: bool = False
    interpreter_languages: frozenset[str] = frozenset()
    bsl: bool = False
    easy_read: bool = False
    large_print: bool = False
    travel_costs_paid: bool = False
    food: bool = False
    devices_or_data: bool = False


@dataclass(frozen=True)
class UnmetNeed:
    need: str  # a Need value
    reason: str
    language: str = ""  # for an interpreter: the language as shown ("" when not known)


@dataclass(frozen=True)
class PersonBarriers:
    person_id: Hashable
    unmet: tuple[UnmetNeed, ...]


@dataclass(frozen=True)
class ToDo:
    key: str  # stable, for ticking off: the need code, or "interpreter:<language>" ("interpreter:" when not known)
    need: str
    text: str
    people: int
    person_ids: tuple[Hashable, ...]
    children_under_5: int | None = None  # childcare only: the children under 5 we know of


@dataclass(frozen=True)
class BarrierCheck:
    people: tuple[PersonBarriers, ...]
    todo: tuple[ToDo, ...]


def normalise_language(language: str) -> str:
    """The key languages are compared by: lower case, single spaces, no spaces at the ends."""
    return " ".join(language.casefold().split())


def _display_language(key: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in key.split())


def _article(word: str) -> str:
    lower = word.lower()
    if lower.startswith(tuple("aeiou")) and not lower.startswith(("uk", "uy", "eu", "uni")):
        return "an"
    return "a"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _validated(person: PersonNeeds) -> PersonNeeds:
    unknown = set(person.needs) - set(NEED_ORDER)
    if unknown:
        raise ValueError(f"Unknown access needs for {person.person_id!r}: {sorted(unknown)}")
    if person.joining is not None and person.joining not in set(Join):
        raise ValueError(f"Unknown way of joining for {person.person_id!r}: {person.joining!r}")
    if person.children_under_5 is not None and person.children_under_5 < 0:
        raise ValueError(f"A negative number of children for {person.person_id!r}")
    return person


def unmet_needs(person: PersonNeeds, venue: Venue | None, provisions: Provisions) -> tuple[UnmetNeed, ...]:
    """The person's unmet needs, in the order of Need; see the module docstring for the rules. `venue` is None
    when the activity has no venue (so no building need is met)."""
    _validated(person)
    venue = venue or Venue()
    ways = set(provisions.ways_to_join)
    possible = {person.joining} if person.joining is not None else ways
    in_person = Join.IN_PERSON in possible
    unmet: list[UnmetNeed] = []

    def add(need: Need, reason: str, language: str = "") -> None:
        unmet.append(UnmetNeed(need=need.value, reason=reason, language=language))

    for need in sorted(set(person.needs), key=NEED_ORDER.__getitem__):
        match Need(need):
            case Need.CHILDCARE if not (provisions.childcare or (in_person and venue.creche)):
                if in_person:
                    add(Need.CHILDCARE, "There is no crèche at the venue and no childcare is arranged.")
                else:
                    add(Need.CHILDCARE, "No childcare is arranged (a crèche only helps people who come in person).")
            case Need.STEP_FREE if in_person and not venue.step_free:
                add(Need.STEP_FREE, "The venue does not have step-free access.")
            case Need.ACCESSIBLE_TOILET if in_person and not venue.accessible_toilet:
                add(Need.ACCESSIBLE_TOILET, "The venue does not have an accessible toilet.")
            case Need.HEARING_LOOP if in_person and not venue.hearing_loop:
                add(Need.HEARING_LOOP, "The venue does not have a hearing loop.")
            case Need.QUIET_SPACE if in_person and not venue.quiet_room:
                add(Need.QUIET_SPACE, "The venue does not have a quiet room.")
            case Need.BSL if not provisions.bsl:
                add(Need.BSL, "No British Sign Language (BSL) interpreter is booked.")
            case Need.INTERPRETER:
                key = normalise_language(person.interpreter_language)
                if not key:
                    add(Need.INTERPRETER, "Needs an interpreter, but we do not know for which language.")
                elif key not in {normalise_language(language) for language in provisions.interpreter_languages}:
                    shown = _display_language(key)
                    add(Need.INTERPRETER, f"No {shown} interpreter is booked.", shown)
            case Need.EASY_READ if not provisions.easy_read:
                add(Need.EASY_READ, "No easy read version of the information is planned.")
            case Need.LARGE_PRINT if not provisions.large_print:
                add(Need.LARGE_PRINT, "No large print version of the information is planned.")
            case Need.TRAVEL_COSTS if in_person and not provisions.travel_costs_paid:
                add(Need.TRAVEL_COSTS, "Travel costs are not paid for this activity.")
            case Need.ONLINE_ONLY if not ways & FROM_HOME:
                add(Need.ONLINE_ONLY, ONLINE_ONLY_REASON)
            case Need.DEVICE_OR_DATA if Join.ONLINE in possible and not provisions.devices_or_data:
                add(Need.DEVICE_OR_DATA, "Joining online, and no device or mobile data is offered.")
            case Need.RURAL_OR_REMOTE if ways <= {Join.IN_PERSON} and not provisions.travel_costs_paid:
                add(Need.RURAL_OR_REMOTE, RURAL_REASON)
    return tuple(unmet)


_TODO_TEXT: dict[str, str] = {
    Need.STEP_FREE: "Find a venue with step-free access ({people})",
    Need.ACCESSIBLE_TOILET: "Find a venue with an accessible toilet ({people})",
    Need.HEARING_LOOP: "Find a venue with a hearing loop, or bring a portable one ({people})",
    Need.BSL: "Book a British Sign Language (BSL) interpreter ({people})",
    Need.EASY_READ: "Prepare easy read information ({people})",
    Need.LARGE_PRINT: "Prepare large print information ({people})",
    Need.QUIET_SPACE: "Arrange a quiet space at the venue ({people})",
    Need.TRAVEL_COSTS: "Pay travel costs ({people})",
    Need.DEVICE_OR_DATA: "Lend a device or mobile data to join online ({people})",
}


def _childcare_todo(people: list[PersonNeeds]) -> ToDo:
    known = [person.children_under_5 for person in people if person.children_under_5]
    children = sum(known)
    if len(known) == len(people):
        plural = "child" if children == 1 else "children"
        text = f"Arrange childcare for {children} {plural} under 5 ({_people(len(people))})"
    elif children:
        text = f"Arrange childcare for the children of {_people(len(people))}, including {children} under 5"
    else:
        text = f"Arrange childcare for the children of {_people(len(people))}"
    return ToDo(
        key=Need.CHILDCARE.value,
        need=Need.CHILDCARE.value,
        text=text,
        people=len(people),
        person_ids=tuple(person.person_id for person in people),
        children_under_5=children,
    )


def _todo(need: str, language_key: str, people: list[PersonNeeds]) -> ToDo:
    count = _people(len(people))
    one = len(people) == 1
    language = _display_language(language_key)
    match need:
        case Need.CHILDCARE:
            return _childcare_todo(people)
        case Need.INTERPRETER if language:
            text = f"Book {_article(language)} {language} interpreter ({count})"
        case Need.INTERPRETER:
            text = f"Ask which language {count} {'needs' if one else 'need'} an interpreter for"
        case Need.ONLINE_ONLY:
            text = f"Offer an online way to join ({count} can only take part online)"
        case Need.RURAL_OR_REMOTE:
            lives = "lives" if one else "live"
            text = f"Pay travel costs or offer a way to join from home ({count} {lives} somewhere rural or remote)"
        case _:
            text = _TODO_TEXT[need].format(people=count)
    return ToDo(
        key=f"{need}:{language_key}" if need == Need.INTERPRETER else need,
        need=need,
        text=text,
        people=len(people),
        person_ids=tuple(person.person_id for person in people),
    )


def _todo_order(group: tuple[str, str]) -> tuple[int, bool, str]:
    """ACCESS_NEEDS order; interpreters by language, with "language not known" last."""
    need, language_key = group
    return (NEED_ORDER[need], need == Need.INTERPRETER and not language_key, language_key)


def check_barriers(people: Iterable[PersonNeeds], venue: Venue | None, provisions: Provisions) -> BarrierCheck:
    """Each person's unmet needs (in the order given) and the organiser's to-do list (see the module docstring)."""
    results: list[PersonBarriers] = []
    groups: dict[tuple[str, str], list[PersonNeeds]] = {}
    for person in people:
        unmet = unmet_needs(person, venue, provisions)
        results.append(PersonBarriers(person_id=person.person_id, unmet=unmet))
        for item in unmet:
            groups.setdefault((item.need, normalise_language(item.language)), []).append(person)
    todo = tuple(
        _todo(need, language_key, groups[need, language_key]) for need, language_key in sorted(groups, key=_todo_order)
    )
    return BarrierCheck(people=tuple(results), todo=todo)
