"""Treseder's five degrees of participation, their crosswalk to Hart, Arnstein and Think Local Act Personal, and the
checks that spot non-participation and other gaps in a project's stages.

Crosswalk (approximate: the four models were built for different purposes and do not line up exactly).

    Treseder degree                         Hart  Arnstein                     Think Local Act Personal (TLAP)
    1 Assigned but informed                 4     3 Informing                  3 Informing
    2 Consulted and informed                5     4 Consultation               4 Consulting
    3 Service-initiated, shared decisions   6     6 Partnership                5 Engaging, 6 Co-designing
    4 Family-initiated and directed         7     7 Delegated power,           6 Co-designing, 7 Co-producing
                                                  8 Citizen control
    5 Family-initiated, shared decisions    8     6 Partnership,               7 Co-producing
                                                  7 Delegated power

Reasons:
- Hart: Treseder 1–5 are Hart's rungs 4–8 under family wording (Treseder rearranged Hart's participation rungs into
  a circle), so this column is exact. Hart 1–3 (manipulation, decoration, tokenism) are non-participation.
- Arnstein measures only how much power people hold over decisions, not who starts the work:
  1 is one-way information (informing); 2 asks for views but the service keeps the decision (consultation);
  3 and 5 share decisions (partnership). If a "shared" decision is not really shared it slides down to placation,
  which is why non_participation() checks what families actually did. 5 adds delegated power because families set the
  agenda. 4 hands decisions to families: usually delegated by the service (delegated power), or run entirely by
  families (citizen control). Arnstein's manipulation and therapy are non-participation; informing, consultation
  and placation are what he called "degrees of tokenism".
- TLAP describes services working with people, from "doing to" (coercing, educating: non-participation) through
  "doing for" (informing, consulting, engaging) to "doing with" (co-designing, co-producing):
  1 informing and 2 consulting match directly; 3 is engaging when the service frames the work and co-designing when
  families shape the design; 4 has no exact TLAP rung (families lead on their own), so the nearest are co-designing
  and co-producing; 5 is an equal relationship from the start, which is co-producing.

No degree is "better" than another: the brief presents Treseder's degrees as a circle, and context decides which fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

HART = "Hart's ladder"
ARNSTEIN = "Arnstein's ladder"
TLAP = "Think Local Act Personal ladder"


class Degree(IntEnum):
    ASSIGNED_BUT_INFORMED = 1
    CONSULTED_AND_INFORMED = 2
    SERVICE_INITIATED_SHARED_DECISIONS = 3
    FAMILY_INITIATED_AND_DIRECTED = 4
    FAMILY_INITIATED_SHARED_DECISIONS = 5


@dataclass(frozen=True)
class Rung:
    """A rung of another model of participation (1 is the bottom rung)."""

    model: str
    number: int
    name: str
    participation: bool


def _ladder(model: str, names: tuple[str, ...], non_participation: int) -> tuple[Rung, ...]:
    """Rungs numbered from 1; the first `non_participation` rungs are not participation."""
    return tuple(
        Rung(model=model, number=number, name=name, participation=number > non_participation)
        for number, name in enumerate(names, start=1)
    )


# Roger Hart's ladder of children's participation (1992), in his own wording.
HART_RUNGS: tuple[Rung, ...] = _ladder(
    HART,
    (
        "Manipulation",
        "Decoration",
        "Tokenism",
        "Assigned but informed",
        "Consulted and informed",
        "Adult-initiated, shared decisions with children",
        "Child-initiated and directed",
        "Child-initiated, shared decisions with adults",
    ),
    non_participation=3,
)

# Sherry Arnstein's ladder of citizen participation (1969). Rungs 3–5 are "degrees of tokenism", which Arnstein
# kept apart from non-participation (rungs 1–2), so they count as participation here.
ARNSTEIN_RUNGS: tuple[Rung, ...] = _ladder(
    ARNSTEIN,
    (
        "Manipulation",
        "Therapy",
        "Informing",
        "Consultation",
        "Placation",
        "Partnership",
        "Delegated power",
        "Citizen control",
    ),
    non_participation=2,
)

# Think Local Act Personal's ladder of co-production.
TLAP_RUNGS: tuple[Rung, ...] = _ladder(
    TLAP,
    ("Coercing", "Educating", "Informing", "Consulting", "Engaging", "Co-designing", "Co-producing"),
    non_participation=2,
)


def _rungs(ladder: tuple[Rung, ...], *numbers: int) -> tuple[Rung, ...]:
    return tuple(ladder[number - 1] for number in numbers)


@dataclass(frozen=True)
class DegreeInfo:
    degree: Degree
    label: str
    explanation: str
    example: str
    hart: Rung
    arnstein: tuple[Rung, ...]
    tlap: tuple[Rung, ...]


DEGREES: dict[Degree, DegreeInfo] = {
    Degree.ASSIGNED_BUT_INFORMED: DegreeInfo(
        degree=Degree.ASSIGNED_BUT_INFORMED,
        label="Assigned but informed",
        explanation=(
            "The service decides what happens, explains who decided and why, and gives families a clear role they "
            "can choose to take on. This is the right choice when a decision is already fixed, for example by law or "
            "funding. Being honest about that respects families more than asking for views that cannot change anything."
        ),
        example=(
            "The hub's opening hours are changing because its money has been cut. Staff explain why, and ask parents "
            "to help welcome families at the new Saturday session. They say exactly what that would involve."
        ),
        hart=HART_RUNGS[3],
        arnstein=_rungs(ARNSTEIN_RUNGS, 3),
        tlap=_rungs(TLAP_RUNGS, 3),
    ),
    Degree.CONSULTED_AND_INFORMED: DegreeInfo(
        degree=Degree.CONSULTED_AND_INFORMED,
        label="Consulted and informed",
        explanation=(
            "The service plans and runs the work, but asks families for their views, takes them seriously and tells "
            "them what difference they made. This is the right choice when the service has to make the decision "
            "but families' experience should shape it."
        ),
        example=(
            "Parents at a stay-and-play session talk through a draft of the new hub leaflet. The hub changes the "
            "leaflet and goes back to tell them what it changed and why."
        ),
        hart=HART_RUNGS[4],
        arnstein=_rungs(ARNSTEIN_RUNGS, 4),
        tlap=_rungs(TLAP_RUNGS, 4),
    ),
    Degree.SERVICE_INITIATED_SHARED_DECISIONS: DegreeInfo(
        degree=Degree.SERVICE_INITIATED_SHARED_DECISIONS,
        label="Service-initiated, shared decisions with families",
        explanation=(
            "The service starts the work, but families and staff make the decisions together, as equals. This is the "
            "right choice when the service has a job to do, such as changing how it works. Families' experience then "
            "counts as much as staff knowledge."
        ),
        example=(
            "The hub sets up a group of parents and staff to plan the new family hub web pages. The group decides "
            "together which pages there should be and how they are worded."
        ),
        hart=HART_RUNGS[5],
        arnstein=_rungs(ARNSTEIN_RUNGS, 6),
        tlap=_rungs(TLAP_RUNGS, 5, 6),
    ),
    Degree.FAMILY_INITIATED_AND_DIRECTED: DegreeInfo(
        degree=Degree.FAMILY_INITIATED_AND_DIRECTED,
        label="Family-initiated and directed",
        explanation=(
            "Families have the idea and lead it; staff help only when asked, for example with a room, money or "
            "training. This is the right choice when families are well placed to run something themselves and the "
            "service's job is to make room for it."
        ),
        example=(
            "A group of dads starts a Saturday walking group from the hub. They plan the routes and run it; the hub "
            "lends them a room to meet in and covers the insurance."
        ),
        hart=HART_RUNGS[6],
        arnstein=_rungs(ARNSTEIN_RUNGS, 7, 8),
        tlap=_rungs(TLAP_RUNGS, 6, 7),
    ),
    Degree.FAMILY_INITIATED_SHARED_DECISIONS: DegreeInfo(
        degree=Degree.FAMILY_INITIATED_SHARED_DECISIONS,
        label="Family-initiated, shared decisions with services",
        explanation=(
            "Families start the work and ask services to make decisions with them. This is the right choice when "
            "families have spotted a need they cannot meet on their own. The service brings its knowledge, money or "
            "influence to what families bring."
        ),
        example=(
            "Parents of children with special educational needs and disabilities (SEND) ask the hub to help them "
            "start a group where parents help each other. Parents and staff agree together when it meets and who "
            "leads it."
        ),
        hart=HART_RUNGS[7],
        arnstein=_rungs(ARNSTEIN_RUNGS, 6, 7),
        tlap=_rungs(TLAP_RUNGS, 7),
    ),
}


def _as_degree(value: object) -> Degree:
    """The Degree for 1–5 (an int, or a string of digits as a form may send); ValueError for anything else."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not Degree.ASSIGNED_BUT_INFORMED <= number <= Degree.FAMILY_INITIATED_SHARED_DECISIONS:
        raise ValueError(
            f"A degree of participation is a whole number from 1 to 5 (Treseder's five degrees), not {value!r}."
        )
    return Degree(number)


def degree_info(value: int) -> DegreeInfo:
    """Everything about one of Treseder's degrees. Raises ValueError for anything other than 1–5."""
    return DEGREES[_as_degree(value)]


def degree_choices() -> list[tuple[int, str]]:
    """(number, family wording) pairs in degree order, for a form's choices."""
    return [(int(degree), info.label) for degree, info in sorted(DEGREES.items())]


class FamilyInvolvement(StrEnum):
    NONE = "none"  # families not involved in this stage
    INFORMED_ONLY = "informed_only"  # told what was decided
    DATA_COLLECTION = "data_collection"  # questionnaire / survey only: data collection, not co-production
    PRESENT_ONLY = "present_only"  # there, photographed or quoted, with no say ("decoration")
    TAKING_PART = "taking_part"  # took part in workshops, co-design, panels, conversations


# Answers to "How were families involved in this stage?"
FAMILY_INVOLVEMENT_LABELS: dict[FamilyInvolvement, str] = {
    FamilyInvolvement.NONE: "Not involved in this stage",
    FamilyInvolvement.INFORMED_ONLY: "Told what was decided",
    FamilyInvolvement.DATA_COLLECTION: "Filled in a questionnaire or survey only",
    FamilyInvolvement.PRESENT_ONLY: "There, photographed or quoted, but with no say",
    FamilyInvolvement.TAKING_PART: "Took part in workshops, design sessions, panels or conversations",
}


def _as_involvement(value: FamilyInvolvement | str) -> FamilyInvolvement:
    try:
        return FamilyInvolvement(value)
    except ValueError:
        allowed = ", ".join(member.value for member in FamilyInvolvement)
        raise ValueError(f"Unknown kind of family involvement {value!r}; expected one of: {allowed}.") from None


@dataclass(frozen=True)
class NonParticipation:
    rung: Rung
    message: str


_HART_EXPLAINED = "Roger Hart's ladder of participation, which Treseder's degrees build on,"


def _decoration() -> NonParticipation:
    return NonParticipation(
        rung=HART_RUNGS[1],
        message=(
            "Families were there – photographed, filmed or quoted – but had no say in this stage. "
            f"{_HART_EXPLAINED} calls this ‘decoration’. Families are used to support a message they did not help to "
            "shape, so it is not real participation. Next time, give families a say in at least one decision, and "
            "tell them what difference they made."
        ),
    )


def _tokenism(achieved: Degree) -> NonParticipation:
    return NonParticipation(
        rung=HART_RUNGS[2],
        message=(
            f"This stage is recorded as ‘{DEGREES[achieved].label}’, but families only filled in a questionnaire or "
            "survey. A survey asks for views. It does not let families make decisions. "
            f"{_HART_EXPLAINED} calls this ‘tokenism’: families seem to have a voice but have little real say. "
            "Either change the degree to ‘Consulted and informed’, or let families share the decisions, for example "
            "in a workshop or a panel."
        ),
    )


def _manipulation(involvement: FamilyInvolvement, achieved: Degree) -> NonParticipation:
    what_happened = (
        "families are recorded as not involved"
        if involvement is FamilyInvolvement.NONE
        else "families were only told what was decided"
    )
    return NonParticipation(
        rung=HART_RUNGS[0],
        message=(
            f"This stage is recorded as ‘{DEGREES[achieved].label}’, but {what_happened}. It may just be a slip when "
            "the record was made, so please check it. Saying families took part when they did not is what "
            f"{_HART_EXPLAINED} calls ‘manipulation’. It uses families' names to back decisions they had no part in. "
            "Either change the degree to match what happened, or involve families before saying that they took part."
        ),
    )


def non_participation(involvement: FamilyInvolvement | str, achieved: int | None) -> NonParticipation | None:
    """The non-participation rung a stage's record looks like, if any, with a plain-English message; else None."""
    kind = _as_involvement(involvement)
    degree = None if achieved is None else _as_degree(achieved)
    # Families were present (photographed, quoted) with no say: Hart 2, decoration — whatever degree is recorded.
    if kind is FamilyInvolvement.PRESENT_ONLY:
        return _decoration()
    # Shared decisions (degree 3 or more) are claimed but families were only surveyed: Hart 3, tokenism.
    if kind is FamilyInvolvement.DATA_COLLECTION and degree is not None and degree >= 3:
        return _tokenism(degree)
    # A degree that needs families' views (2 or more) is claimed but families took no part: Hart 1, manipulation.
    # "Assigned but informed" (1) with families only told is consistent, so it is not flagged.
    if kind in (FamilyInvolvement.NONE, FamilyInvolvement.INFORMED_ONLY) and degree is not None and degree >= 2:
        return _manipulation(kind, degree)
    return None


@dataclass(frozen=True)
class StageRecord:
    name: str
    order: int
    target: int | None
    achieved: int | None
    family_involvement: str


@dataclass(frozen=True)
class ParticipationWarning:
    code: str
    stage: str | None
    message: str


NOT_FROM_THE_OUTSET = "not_from_the_outset"
DATA_COLLECTION_ONLY = "data_collection_only"
TARGET_MISSED = "target_missed"
NON_PARTICIPATION = "non_participation"

_NOT_TAKING_PART = (FamilyInvolvement.NONE, FamilyInvolvement.INFORMED_ONLY)


def _quoted_names(stages: list[StageRecord]) -> str:
    return " and ".join(f"‘{stage.name}’" for stage in stages)


def _not_from_the_outset(first_stages: list[StageRecord]) -> ParticipationWarning | None:
    """Project-level warning when families had no part in the first stage (every stage sharing the lowest order)."""
    kinds = {_as_involvement(stage.family_involvement) for stage in first_stages}
    if not kinds or not kinds <= set(_NOT_TAKING_PART):
        return None
    if kinds == {FamilyInvolvement.NONE}:
        what_happened = "they were not involved"
    elif kinds == {FamilyInvolvement.INFORMED_ONLY}:
        what_happened = "they were only told what was decided"
    else:
        what_happened = "they were not involved, or only told what was decided"
    stage_word = "stage" if len(first_stages) == 1 else "stages"
    return ParticipationWarning(
        code=NOT_FROM_THE_OUTSET,
        stage=None,
        message=(
            f"Families had no part in the first {stage_word} of this project, {_quoted_names(first_stages)}: "
            f"{what_happened}. The co-production brief asks how we can ‘co-produce from the outset’. That means "
            "families help to shape the work from the start of planning, not only later on. Invite families into the "
            "first stage, or add an earlier stage where they help decide what the project is for."
        ),
    )


def _data_collection_only(stage: StageRecord) -> ParticipationWarning:
    return ParticipationWarning(
        code=DATA_COLLECTION_ONLY,
        stage=stage.name,
        message=(
            "At this stage families only filled in a questionnaire or survey. A questionnaire collects views; on its "
            "own it is not co-production. Alongside it, give families a chance to work on what it found with you, for "
            "example in a workshop, a panel or a conversation. Then tell them what changed as a result."
        ),
    )


def _target_missed(stage: StageRecord, target: Degree, achieved: Degree) -> ParticipationWarning:
    return ParticipationWarning(
        code=TARGET_MISSED,
        stage=stage.name,
        message=(
            f"You aimed for ‘{DEGREES[target].label}’ (degree {int(target)}) at this stage, and recorded "
            f"‘{DEGREES[achieved].label}’ (degree {int(achieved)}). The degrees are a circle, not a ladder, so this is "
            "not a failure in itself. Note what got in the way, and check whether the aim still fits this stage."
        ),
    )


def _warnings_for_stage(stage: StageRecord) -> list[ParticipationWarning]:
    """A stage's warnings, most serious first: non-participation, data collection only, target missed."""
    warnings: list[ParticipationWarning] = []
    kind = _as_involvement(stage.family_involvement)
    target = None if stage.target is None else _as_degree(stage.target)
    achieved = None if stage.achieved is None else _as_degree(stage.achieved)
    found = non_participation(kind, achieved)
    if found is not None:
        warnings.append(ParticipationWarning(code=NON_PARTICIPATION, stage=stage.name, message=found.message))
    if kind is FamilyInvolvement.DATA_COLLECTION:
        warnings.append(_data_collection_only(stage))
    # Only falling short of a target the lead set is worth a note; going beyond it, or no target, is not.
    if target is not None and achieved is not None and achieved < target:
        warnings.append(_target_missed(stage, target, achieved))
    return warnings


def stage_warnings(stages: list[StageRecord]) -> list[ParticipationWarning]:
    """Plain-English warnings for a project's stages: the project-level one first, then each stage's in stage order.

    Stages are taken in `order`; stages with the same order keep the order they were given in.
    """
    ordered = sorted(stages, key=lambda stage: stage.order)
    warnings: list[ParticipationWarning] = []
    if ordered:
        first_stages = [stage for stage in ordered if stage.order == ordered[0].order]
        outset = _not_from_the_outset(first_stages)
        if outset is not None:
            warnings.append(outset)
    for stage in ordered:
        warnings.extend(_warnings_for_stage(stage))
    return warnings
