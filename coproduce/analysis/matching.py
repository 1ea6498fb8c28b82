"""Peer support matching: which peer supporters to suggest for a family's referral, and why.

Only supporters who can be matched today are suggested (see `eligibility`): their DBS check, safeguarding training
and peer support training are on record and not expired, their supervision is not overdue, and they have room for
another family. A date is the last day something is valid: a check that expires today, or supervision due today,
still counts today and blocks matching from tomorrow (the coordinator can still act on the day, and "expired before
today" is how the issue words it). `expiring_soon` lists what will block a supporter within the next days, so the
coordinator can act before it happens.

Each eligible supporter is scored from six parts (weights below), each with its own plain-English explanation:

- shared experience: the share of the experiences the family asked for (e.g. "dad" for "another dad") that the
  supporter has;
- language: full points when the supporter speaks one of the languages the family asked for;
- area and travel: full points for the family's own area, half for a supporter willing to travel;
- ways of support and availability: half the points for any overlap (one shared way or time is enough to start),
  the other half growing with the share of what the family asked for;
- remaining capacity: a little weight for the share of the supporter's places still free, so work spreads out.

A part the family said nothing about (no experience, language, area, way or time asked for), and the area for a
family who wants online support only, is left out: it scores 0 of 0 points and changes nobody's score. The score is
points divided by the points available, from 0 to 1. Families who want online support only are matched only with
supporters who offer at least one remote way (phone, text message, email, video call or social media groups); face
to face and group support count as in person.

Ranking: higher score first, then more places left, then supporter id. Suggesting needs the family's consent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coproduce.analysis.barriers import normalise_language

# The weights. They add up to 100, so a part's points read as a percentage of a perfect match.
# Shared lived experience is what peer support is: a supporter "draws on" their own experience, so it weighs most.
EXPERIENCE_WEIGHT = 40
# A shared language often decides whether support can happen at all without an interpreter.
LANGUAGE_WEIGHT = 20
# Living in the same area means local knowledge of services and easy meeting; a supporter who travels gets
# TRAVEL_SHARE of it, as they can meet but may know the area less well.
AREA_WEIGHT = 15
TRAVEL_SHARE = 0.5
# Ways of support and availability are usually workable with one thing in common, so they weigh less, and
# OVERLAP_FLOOR of their points come from having anything in common at all.
WAYS_WEIGHT = 10
AVAILABILITY_WEIGHT = 10
OVERLAP_FLOOR = 0.5
# Small on purpose: it spreads families across supporters when matches are close, and never outweighs a real
# match (a full share of free places is worth less than the gap between travelling and living in the same area).
CAPACITY_WEIGHT = 5

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Experience(StrEnum):
    """The experiences named in the issue. Organisations may add their own codes (lower case, underscores)."""

    SEND = "send"
    DAD = "dad"
    CHILD_MENTAL_HEALTH = "child_mental_health"
    ADOPTION = "adoption"
    BEREAVEMENT = "bereavement"
    DOMESTIC_ABUSE = "domestic_abuse"
    NEW_TO_COUNTRY = "new_to_country"


EXPERIENCE_LABELS: dict[str, str] = {
    Experience.SEND: "SEND (special educational needs and disabilities)",
    Experience.DAD: "being a dad",
    Experience.CHILD_MENTAL_HEALTH: "a child's mental health",
    Experience.ADOPTION: "adoption",
    Experience.BEREAVEMENT: "bereavement",
    Experience.DOMESTIC_ABUSE: "domestic abuse",
    Experience.NEW_TO_COUNTRY: "being new to the country",
}
EXPERIENCE_ORDER: dict[str, int] = {code.value: index for index, code in enumerate(Experience)}
KNOWN_EXPERIENCES: frozenset[str] = frozenset(Experience)
CODE_PATTERN = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


class Way(StrEnum):
    FACE_TO_FACE = "face_to_face"
    GROUP = "group"
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    VIDEO = "video"
    SOCIAL_MEDIA = "social_media"


WAY_LABELS: dict[str, str] = {
    Way.FACE_TO_FACE: "face to face",
    Way.GROUP: "in a group",
    Way.PHONE: "by phone",
    Way.TEXT: "by text message",
    Way.EMAIL: "by email",
    Way.VIDEO: "by video call",
    Way.SOCIAL_MEDIA: "in a social media group",
}
WAY_ORDER: dict[str, int] = {way.value: index for index, way in enumerate(Way)}
KNOWN_WAYS: frozenset[str] = frozenset(Way)
REMOTE_WAYS: frozenset[str] = frozenset({Way.PHONE, Way.TEXT, Way.EMAIL, Way.VIDEO, Way.SOCIAL_MEDIA})

_DAYS = (("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"))
# Weekday mornings and afternoons, any evening, and weekends: the times families and supporters are asked about.
SLOT_LABELS: dict[str, str] = {
    **{
        f"{day}_{half}": f"on {name} {part}"
        for day, name in _DAYS
        for half, part in (("am", "mornings"), ("pm", "afternoons"))
    },
    "evening": "in the evenings",
    "weekend": "at weekends",
}
SLOT_ORDER: dict[str, int] = {slot: index for index, slot in enumerate(SLOT_LABELS)}
KNOWN_SLOTS: frozenset[str] = frozenset(SLOT_LABELS)


class CheckKind(StrEnum):
    DBS = "dbs"
    SAFEGUARDING_TRAINING = "safeguarding_training"
    PEER_TRAINING = "peer_training"
    SUPERVISION = "supervision"


class CheckStatus(StrEnum):
    VALID = "valid"
    MISSING = "missing"
    EXPIRED = "expired"  # for supervision: overdue


class PartName(StrEnum):
    EXPERIENCE = "experience"
    LANGUAGE = "language"
    AREA = "area"
    WAYS = "ways"
    AVAILABILITY = "availability"
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Supporter:
    id: Hashable
    experiences: frozenset[str] = frozenset()  # Experience values, or an organisation's own codes
    languages: frozenset[str] = frozenset()  # compared ignoring case and spacing
    areas: frozenset[str] = frozenset()  # hub ids or postcode districts, compared ignoring case and spacing
    ways: frozenset[str] = frozenset()  # Way values
    available: frozenset[str] = frozenset()  # SLOT_LABELS keys
    capacity: int = 0  # families at once
    current_families: int = 0  # may be over capacity when the capacity was lowered: then they are full
    dbs_expires: date | None = None
    safeguarding_training_expires: date | None = None
    peer_training_expires: date | None = None
    supervision_next_due: date | None = None
    travels: bool = False  # willing to travel outside their areas


@dataclass(frozen=True)
class Referral:
    id: Hashable
    wanted_experiences: frozenset[str] = frozenset()  # preferences such as "another dad" are experiences ("dad")
    languages: frozenset[str] = frozenset()  # any one of them will do
    area: str | None = None
    ways: frozenset[str] = frozenset()  # Way values
    available: frozenset[str] = frozenset()  # SLOT_LABELS keys
    online_only: bool = False
    consent: bool = False


@dataclass(frozen=True)
class Check:
    kind: str  # a CheckKind value
    status: str  # a CheckStatus value
    on: date | None  # the expiry date (for supervision: when it is next due); None when missing
    days_left: int | None  # from today to `on`: 0 on the day, negative once expired; None when missing
    message: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # why not, in plain English; empty when eligible


@dataclass(frozen=True)
class Part:
    name: str  # a PartName value
    points: float
    max_points: float  # 0 when the part does not count for this referral
    explanation: str


@dataclass(frozen=True)
class Suggestion:
    supporter_id: Hashable
    score: float  # 0 to 1
    parts: tuple[Part, ...]
    explanation: str
    places_left: int


# Words ---------------------------------------------------------------------------------------------------------


def date_words(day: date) -> str:
    """3 March 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _and(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _families(count: int) -> str:
    return "1 family" if count == 1 else f"{count} families"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def experience_label(code: str) -> str:
    return EXPERIENCE_LABELS.get(code) or code.replace("_", " ")


def _experiences(codes: Iterable[str]) -> list[str]:
    return [experience_label(code) for code in sorted(codes, key=lambda code: (EXPERIENCE_ORDER.get(code, 99), code))]


def _ways(codes: Iterable[str]) -> list[str]:
    return [WAY_LABELS[code] for code in sorted(codes, key=WAY_ORDER.__getitem__)]


def _slots(codes: Iterable[str]) -> list[str]:
    return [SLOT_LABELS[code] for code in sorted(codes, key=SLOT_ORDER.__getitem__)]


def _display_language(key: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in key.split())


def _area_key(area: str) -> str:
    return " ".join(str(area).casefold().split())


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# Bad input -----------------------------------------------------------------------------------------------------


def _check_codes(owner: str, experiences: frozenset[str], ways: frozenset[str], slots: frozenset[str]) -> None:
    # Subset tests first: suggest() checks every supporter on every call, and almost all codes are known ones.
    if not experiences <= KNOWN_EXPERIENCES:
        bad = sorted(str(code) for code in experiences if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code))
        if bad:
            raise ValueError(f"{owner}: experience codes must be lower case words joined by underscores; got {bad}.")
    if not ways <= KNOWN_WAYS:
        raise ValueError(f"{owner}: unknown ways of support {sorted(ways - KNOWN_WAYS)}; use {sorted(KNOWN_WAYS)}.")
    if not slots <= KNOWN_SLOTS:
        raise ValueError(f"{owner}: unknown times {sorted(slots - KNOWN_SLOTS)}; use {list(SLOT_ORDER)}.")


def validate_supporter(supporter: Supporter) -> Supporter:
    owner = f"Peer supporter {supporter.id!r}"
    if supporter.capacity < 0:
        raise ValueError(f"{owner}: the number of families they can support cannot be negative ({supporter.capacity}).")
    if supporter.current_families < 0:
        raise ValueError(
            f"{owner}: the number of families they support cannot be negative ({supporter.current_families})."
        )
    _check_codes(owner, supporter.experiences, supporter.ways, supporter.available)
    return supporter


def validate_referral(referral: Referral) -> Referral:
    owner = f"Referral {referral.id!r}"
    if not referral.consent:
        raise ValueError(
            f"{owner}: the family has not given consent to be matched with a peer supporter. "
            "Record their consent before asking for suggestions."
        )
    _check_codes(owner, referral.wanted_experiences, referral.ways, referral.available)
    if referral.online_only and referral.ways and not referral.ways & REMOTE_WAYS:
        raise ValueError(
            f"{owner}: the family wants online support only, but asked only for face to face or group support. "
            "Choose at least one of phone, text message, email, video call or social media group."
        )
    return referral


# Checks and eligibility ----------------------------------------------------------------------------------------

_CHECK_NAMES = {
    CheckKind.DBS: "DBS check",
    CheckKind.SAFEGUARDING_TRAINING: "safeguarding training",
    CheckKind.PEER_TRAINING: "peer support training",
}
_MISSING = {
    CheckKind.DBS: "There is no DBS (Disclosure and Barring Service) check on record.",
    CheckKind.SAFEGUARDING_TRAINING: "There is no safeguarding training on record.",
    CheckKind.PEER_TRAINING: "There is no peer support training on record.",
    CheckKind.SUPERVISION: "There is no date for their next supervision.",
}


def _dates(supporter: Supporter) -> tuple[tuple[CheckKind, date | None], ...]:
    return (
        (CheckKind.DBS, supporter.dbs_expires),
        (CheckKind.SAFEGUARDING_TRAINING, supporter.safeguarding_training_expires),
        (CheckKind.PEER_TRAINING, supporter.peer_training_expires),
        (CheckKind.SUPERVISION, supporter.supervision_next_due),
    )


def _check(kind: CheckKind, on: date | None, today: date) -> Check:
    if on is None:
        return Check(kind.value, CheckStatus.MISSING.value, None, None, _MISSING[kind])
    days_left = (on - today).days
    when = date_words(on)
    if kind == CheckKind.SUPERVISION:
        if days_left < 0:
            return Check(
                kind.value,
                CheckStatus.EXPIRED.value,
                on,
                days_left,
                f"Their supervision is overdue: it was due on {when}.",
            )
        if days_left == 0:
            message = f"Their next supervision is due today, {when}."
        else:
            message = f"Their next supervision is due on {when}, in {_days(days_left)}."
        return Check(kind.value, CheckStatus.VALID.value, on, days_left, message)
    name = _CHECK_NAMES[kind]
    if days_left < 0:
        return Check(kind.value, CheckStatus.EXPIRED.value, on, days_left, f"Their {name} expired on {when}.")
    if days_left == 0:
        message = f"Their {name} expires today, {when}."
    else:
        message = f"Their {name} expires on {when}, in {_days(days_left)}."
    return Check(kind.value, CheckStatus.VALID.value, on, days_left, message)


def checks(supporter: Supporter, today: date) -> tuple[Check, ...]:
    """The supporter's four checks today: DBS, safeguarding training, peer support training, supervision."""
    return tuple(_check(kind, on, today) for kind, on in _dates(supporter))


def _capacity_reason(supporter: Supporter) -> str | None:
    capacity, current = supporter.capacity, supporter.current_families
    if capacity == 0:
        return "They are not taking on any families at the moment (their limit is 0)."
    if current == capacity:
        return f"They already support {_families(current)}, which is their limit."
    if current > capacity:
        return f"They support {_families(current)}, more than their limit of {capacity}."
    return None


def eligibility(supporter: Supporter, today: date) -> Eligibility:
    """Whether the supporter can be matched today and, if not, every reason why (checks first, then capacity)."""
    validate_supporter(supporter)
    reasons = [check.message for check in checks(supporter, today) if check.status != CheckStatus.VALID]
    if (full := _capacity_reason(supporter)) is not None:
        reasons.append(full)
    return Eligibility(not reasons, tuple(reasons))


def _eligible(supporter: Supporter, today: date) -> bool:
    """eligibility(...).eligible without building the messages (suggest calls it for every supporter)."""
    on = (
        supporter.dbs_expires,
        supporter.safeguarding_training_expires,
        supporter.peer_training_expires,
        supporter.supervision_next_due,
    )
    return supporter.current_families < supporter.capacity and all(day is not None and day >= today for day in on)


def expiring_soon(supporter: Supporter, today: date, days: int = 30) -> tuple[Check, ...]:
    """The checks still valid today that expire (or supervision that falls due) within `days` days, today included,
    soonest first: what to tell the coordinator before the supporter can no longer be matched."""
    if days < 0:
        raise ValueError(f"The number of days to look ahead cannot be negative ({days}).")
    soon = [
        check
        for check in checks(supporter, today)
        if check.status == CheckStatus.VALID and check.days_left is not None and check.days_left <= days
    ]
    return tuple(sorted(soon, key=lambda check: check.days_left or 0))


# Scoring -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    """The referral, normalised once for comparing with every supporter."""

    experiences: frozenset[str]
    languages: frozenset[str]
    area: str  # "" when the area does not count (online only, or not known)
    ways: frozenset[str]
    slots: frozenset[str]
    online_only: bool
    max_points: float


def _wanted(referral: Referral) -> _Wanted:
    ways = referral.ways & REMOTE_WAYS if referral.online_only else referral.ways
    area = "" if referral.online_only or not referral.area else _area_key(referral.area)
    languages = frozenset(key for key in map(normalise_language, referral.languages) if key)
    max_points = CAPACITY_WEIGHT + sum(
        weight
        for weight, asked in (
            (EXPERIENCE_WEIGHT, referral.wanted_experiences),
            (LANGUAGE_WEIGHT, languages),
            (AREA_WEIGHT, area),
            (WAYS_WEIGHT, ways),
            (AVAILABILITY_WEIGHT, referral.available),
        )
        if asked
    )
    return _Wanted(
        referral.wanted_experiences, languages, area, ways, referral.available, referral.online_only, max_points
    )


@dataclass(frozen=True)
class _Match:
    """What a supporter has in common with the referral, and their points for each part (in PartName order)."""

    experiences: frozenset[str]
    languages: frozenset[str]
    same_area: bool
    ways: frozenset[str]
    slots: frozenset[str]
    places_left: int
    points: tuple[float, float, float, float, float, float]
    total: float


def _overlap_points(weight: float, shared: int, asked: int) -> float:
    if not asked or not shared:
        return 0.0
    return weight * (OVERLAP_FLOOR + (1 - OVERLAP_FLOOR) * shared / asked)


# Cached because suggest() compares every supporter with every referral; a frozenset keeps its hash once worked out.
@functools.lru_cache(maxsize=4096)
def _language_keys(languages: frozenset[str]) -> frozenset[str]:
    return frozenset(map(normalise_language, languages))


@functools.lru_cache(maxsize=4096)
def _area_keys(areas: frozenset[str]) -> frozenset[str]:
    return frozenset(map(_area_key, areas))


def _match(wanted: _Wanted, supporter: Supporter) -> _Match:
    experiences = wanted.experiences & supporter.experiences
    languages = wanted.languages & _language_keys(supporter.languages) if wanted.languages else frozenset()
    same_area = bool(wanted.area) and wanted.area in _area_keys(supporter.areas)
    ways = wanted.ways & supporter.ways
    slots = wanted.slots & supporter.available
    places_left = supporter.capacity - supporter.current_families
    if same_area:
        area_points = float(AREA_WEIGHT)
    elif wanted.area and supporter.travels:
        area_points = AREA_WEIGHT * TRAVEL_SHARE
    else:
        area_points = 0.0
    points = (
        EXPERIENCE_WEIGHT * len(experiences) / len(wanted.experiences) if wanted.experiences else 0.0,
        float(LANGUAGE_WEIGHT) if languages else 0.0,
        area_points,
        _overlap_points(WAYS_WEIGHT, len(ways), len(wanted.ways)),
        _overlap_points(AVAILABILITY_WEIGHT, len(slots), len(wanted.slots)),
        CAPACITY_WEIGHT * max(places_left, 0) / supporter.capacity,  # score() takes supporters who are full too
    )
    return _Match(experiences, languages, same_area, ways, slots, places_left, points, sum(points))


def _score(wanted: _Wanted, match: _Match) -> float:
    return min(1.0, match.total / wanted.max_points)


def _experience_part(wanted: _Wanted, match: _Match, points: float) -> tuple[Part, str]:
    if not wanted.experiences:
        return Part(PartName.EXPERIENCE, 0.0, 0.0, "The family did not ask for any particular experience."), ""
    missing = _experiences(wanted.experiences - match.experiences)
    if not match.experiences:
        text = f"Does not share experience of {_and(missing, 'or')}."
        return Part(PartName.EXPERIENCE, points, EXPERIENCE_WEIGHT, text), ""
    shared = f"Shares experience of {_and(_experiences(match.experiences))}."
    text = shared if not missing else f"{shared[:-1]}, but not of {_and(missing, 'or')}."
    return Part(PartName.EXPERIENCE, points, EXPERIENCE_WEIGHT, text), shared


def _language_part(wanted: _Wanted, match: _Match, points: float) -> tuple[Part, str]:
    if not wanted.languages:
        return Part(PartName.LANGUAGE, 0.0, 0.0, "The family did not ask for a language."), ""
    if match.languages:
        text = f"Speaks {_and([_display_language(key) for key in sorted(match.languages)])}."
        return Part(PartName.LANGUAGE, points, LANGUAGE_WEIGHT, text), text
    asked = _and([_display_language(key) for key in sorted(wanted.languages)], "or")
    return Part(PartName.LANGUAGE, points, LANGUAGE_WEIGHT, f"Does not speak {asked}."), ""


def _area_part(wanted: _Wanted, match: _Match, points: float, travels: bool) -> tuple[Part, str]:
    if wanted.online_only:
        return Part(PartName.AREA, 0.0, 0.0, "The family wants online support only, so the area does not count."), ""
    if not wanted.area:
        return Part(PartName.AREA, 0.0, 0.0, "The family's area is not known, so the area does not count."), ""
    if match.same_area:
        return Part(PartName.AREA, points, AREA_WEIGHT, "Lives in the same area."), "Lives in the same area."
    if travels:
        text = "Lives in another area, and is willing to travel."
        return Part(PartName.AREA, points, AREA_WEIGHT, text), text
    return Part(PartName.AREA, points, AREA_WEIGHT, "Lives in another area, and does not travel outside it."), ""


def _ways_part(wanted: _Wanted, match: _Match, points: float) -> tuple[Part, str]:
    if not wanted.ways:
        return Part(PartName.WAYS, 0.0, 0.0, "The family did not ask for a particular way of support."), ""
    missing = _ways(wanted.ways - match.ways)
    if not match.ways:
        return Part(PartName.WAYS, points, WAYS_WEIGHT, f"Cannot support them {_and(missing, 'or')}."), ""
    shared = f"Can support them {_and(_ways(match.ways))}."
    text = shared if not missing else f"{shared[:-1]}, but not {_and(missing, 'or')}."
    return Part(PartName.WAYS, points, WAYS_WEIGHT, text), shared


def _availability_part(wanted: _Wanted, match: _Match, points: float) -> tuple[Part, str]:
    if not wanted.slots:
        return Part(PartName.AVAILABILITY, 0.0, 0.0, "The family did not say when they are free."), ""
    missing = _slots(wanted.slots - match.slots)
    if not match.slots:
        return Part(PartName.AVAILABILITY, points, AVAILABILITY_WEIGHT, "Not free at any of the times asked for."), ""
    shared = f"Free {_and(_slots(match.slots))}."
    text = shared if not missing else f"{shared[:-1]}, but not {_and(missing, 'or')}."
    return Part(PartName.AVAILABILITY, points, AVAILABILITY_WEIGHT, text), shared


def _suggestion(wanted: _Wanted, supporter: Supporter, match: _Match) -> Suggestion:
    experience, language, area, ways, availability, capacity = match.points
    built = (
        _experience_part(wanted, match, experience),
        _language_part(wanted, match, language),
        _area_part(wanted, match, area, supporter.travels),
        _ways_part(wanted, match, ways),
        _availability_part(wanted, match, availability),
    )
    if match.places_left > 0:
        room = f"Has room for {match.places_left} more {'family' if match.places_left == 1 else 'families'}"
    else:
        room = "Has no room for more families"
    capacity_part = Part(PartName.CAPACITY, capacity, CAPACITY_WEIGHT, f"{room} (their limit is {supporter.capacity}).")
    sentences = [sentence for _, sentence in built if sentence]
    if sentences:
        explanation = " ".join(sentences)
    elif wanted.max_points == CAPACITY_WEIGHT:
        explanation = f"The family did not ask for anything in particular. {room}."
    else:
        explanation = f"Matches none of what the family asked for. {room}."
    parts = (*(part for part, _ in built), capacity_part)
    return Suggestion(supporter.id, _score(wanted, match), parts, explanation, match.places_left)


def score(referral: Referral, supporter: Supporter) -> Suggestion:
    """The supporter scored for the referral, with every part explained, whether or not they are eligible (for
    showing a coordinator why someone they expected is ranked low). `suggest` is what to use for matching."""
    validate_referral(referral)
    validate_supporter(supporter)
    if supporter.capacity == 0:
        raise ValueError(f"Peer supporter {supporter.id!r} is not taking on any families, so cannot be scored.")
    wanted = _wanted(referral)
    return _suggestion(wanted, supporter, _match(wanted, supporter))


def _id_ranks(ids: list[Hashable]) -> dict[Hashable, int]:
    """Each id's place in id order; ids that cannot be compared with each other are ordered by repr."""
    try:
        ordered = sorted(ids)
    except TypeError:
        ordered = sorted(ids, key=repr)
    return {supporter_id: index for index, supporter_id in enumerate(ordered)}


def suggest(referral: Referral, supporters: Iterable[Supporter], today: date, limit: int = 5) -> list[Suggestion]:
    """Up to `limit` eligible supporters for the referral, best first, each explained (see the module docstring).

    Raises ValueError for a referral without consent, for bad codes or numbers, and for supporter ids given twice.
    """
    validate_referral(referral)
    if limit < 1:
        raise ValueError(f"The number of suggestions must be at least 1 ({limit}).")
    supporters = [validate_supporter(supporter) for supporter in supporters]
    ids = [supporter.id for supporter in supporters]
    if len(set(ids)) != len(ids):
        raise ValueError("Each peer supporter can be given only once.")
    wanted = _wanted(referral)
    candidates = [
        (supporter, _match(wanted, supporter))
        for supporter in supporters
        if _eligible(supporter, today) and (not referral.online_only or supporter.ways & REMOTE_WAYS)
    ]
    ranks = _id_ranks([supporter.id for supporter, _ in candidates])
    candidates.sort(key=lambda pair: (-pair[1].total, -pair[1].places_left, ranks[pair[0].id]))
    return [_suggestion(wanted, supporter, match) for supporter, match in candidates[:limit]]
