"""Peer support matching: who can be matched, the ranking and its explanations."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.analysis.matching import (
    AVAILABILITY_WEIGHT,
    CAPACITY_WEIGHT,
    EXPERIENCE_WEIGHT,
    REMOTE_WAYS,
    SLOT_ORDER,
    CheckKind,
    CheckStatus,
    Eligibility,
    Experience,
    PartName,
    Referral,
    Supporter,
    Way,
    date_words,
    eligibility,
    expiring_soon,
    score,
    suggest,
)

TODAY = date(2026, 3, 4)
LATER = date(2027, 1, 1)


def supporter(supporter_id: object = "s", **changes: object) -> Supporter:
    """A supporter who can be matched today, with nothing in common with anyone until told otherwise."""
    values: dict[str, object] = {
        "capacity": 3,
        "current_families": 1,
        "dbs_expires": LATER,
        "safeguarding_training_expires": LATER,
        "peer_training_expires": LATER,
        "supervision_next_due": LATER,
    }
    values.update(changes)
    return Supporter(supporter_id, **values)


def referral(**changes: object) -> Referral:
    return Referral("r", consent=True, **changes)


def ids(suggestions: list) -> list:
    return [suggestion.supporter_id for suggestion in suggestions]


def part(suggestion, name: str):
    return next(item for item in suggestion.parts if item.name == name)


# Ranking and explanations --------------------------------------------------------------------------------------

DAD_WHO_SPEAKS_URDU = referral(
    wanted_experiences=frozenset({Experience.DAD}),
    languages=frozenset({"Urdu"}),
    area="LS6",
    ways=frozenset({Way.FACE_TO_FACE, Way.PHONE}),
    available=frozenset({"tue_am"}),
)


def test_a_dad_wanting_another_dad_who_speaks_urdu_gets_him_first_and_is_told_why() -> None:
    everything = {
        "areas": frozenset({"LS6"}),
        "ways": frozenset({Way.FACE_TO_FACE, Way.PHONE}),
        "available": frozenset({"tue_am"}),
    }
    people = [
        supporter("mum-urdu", experiences=frozenset({Experience.SEND}), languages=frozenset({"urdu"}), **everything),
        supporter(
            "dad-english", experiences=frozenset({Experience.DAD}), languages=frozenset({"english"}), **everything
        ),
        supporter("dad-urdu", experiences=frozenset({Experience.DAD}), languages=frozenset({"urdu"}), **everything),
    ]

    found = suggest(DAD_WHO_SPEAKS_URDU, people, TODAY)

    assert ids(found) == ["dad-urdu", "dad-english", "mum-urdu"]
    best = found[0]
    assert best.explanation == (
        "Shares experience of being a dad. Speaks Urdu. Lives in the same area. "
        "Can support them face to face and by phone. Free on Tuesday mornings."
    )
    # Everything asked for matches; only one of their three places is taken.
    assert best.score == pytest.approx((100 - CAPACITY_WEIGHT / 3) / 100)
    assert [item.name for item in best.parts] == list(PartName)
    assert part(found[1], PartName.LANGUAGE).explanation == "Does not speak Urdu."
    assert part(found[2], PartName.EXPERIENCE).explanation == "Does not share experience of being a dad."
    assert part(found[2], PartName.EXPERIENCE).points == 0


def test_the_explanation_names_every_shared_experience_and_what_is_missing() -> None:
    wanted = referral(
        wanted_experiences=frozenset({Experience.DAD, Experience.SEND, Experience.ADOPTION}),
        languages=frozenset({"urdu"}),
        area="LS6",
        available=frozenset({"tue_am", "thu_pm"}),
    )
    one = supporter(
        experiences=frozenset({Experience.DAD, Experience.SEND}),
        languages=frozenset({"Urdu"}),
        areas=frozenset({"ls6"}),
        available=frozenset({"tue_am"}),
    )

    [found] = suggest(wanted, [one], TODAY)

    assert found.explanation == (
        "Shares experience of SEND (special educational needs and disabilities) and being a dad. "
        "Speaks Urdu. Lives in the same area. Free on Tuesday mornings."
    )
    experience = part(found, PartName.EXPERIENCE)
    assert experience.explanation == (
        "Shares experience of SEND (special educational needs and disabilities) and being a dad, but not of adoption."
    )
    assert experience.points == pytest.approx(EXPERIENCE_WEIGHT * 2 / 3)
    assert part(found, PartName.AVAILABILITY).explanation == (
        "Free on Tuesday mornings, but not on Thursday afternoons."
    )
    # Any time in common earns half the availability points; the other half is shared out over the times asked for.
    assert part(found, PartName.AVAILABILITY).points == pytest.approx(AVAILABILITY_WEIGHT * (1 / 2 + 1 / 4))
    assert part(found, PartName.WAYS).max_points == 0  # no way asked for: it does not count
    assert part(found, PartName.CAPACITY).explanation == "Has room for 2 more families (their limit is 3)."


def test_same_area_beats_travelling_which_beats_neither() -> None:
    wanted = referral(area="Hub 1")
    people = [
        supporter("stays-away", areas=frozenset({"hub 2"})),
        supporter("travels", areas=frozenset({"hub 2"}), travels=True),
        supporter("local", areas=frozenset({"HUB  1"})),
    ]

    found = suggest(wanted, people, TODAY)

    assert ids(found) == ["local", "travels", "stays-away"]
    assert [part(item, PartName.AREA).explanation for item in found] == [
        "Lives in the same area.",
        "Lives in another area, and is willing to travel.",
        "Lives in another area, and does not travel outside it.",
    ]
    assert found[0].score > found[1].score > found[2].score


def test_online_only_ignores_the_area_and_leaves_out_supporters_who_only_meet_in_person() -> None:
    wanted = referral(area="LS6", online_only=True, ways=frozenset({Way.VIDEO, Way.FACE_TO_FACE}))
    people = [
        supporter("in-person-only", areas=frozenset({"LS6"}), ways=frozenset({Way.FACE_TO_FACE, Way.GROUP})),
        supporter("far-video", areas=frozenset({"BD1"}), ways=frozenset({Way.VIDEO})),
        supporter("near-video", areas=frozenset({"LS6"}), ways=frozenset({Way.VIDEO})),
        supporter("near-text", areas=frozenset({"LS6"}), ways=frozenset({Way.TEXT})),
    ]

    found = suggest(wanted, people, TODAY)

    # Video was asked for (face to face does not count online); the area makes no difference, so the id decides.
    assert ids(found) == ["far-video", "near-video", "near-text"]
    assert found[0].score == found[1].score
    area = part(found[0], PartName.AREA)
    assert (area.points, area.max_points) == (0, 0)
    assert area.explanation == "The family wants online support only, so the area does not count."
    assert part(found[2], PartName.WAYS).explanation == "Cannot support them by video call."


def test_nobody_eligible_means_no_suggestions() -> None:
    people = [
        supporter("full", current_families=3),
        supporter("expired", dbs_expires=TODAY - timedelta(days=1)),
        supporter("no-training", peer_training_expires=None),
    ]

    assert suggest(DAD_WHO_SPEAKS_URDU, people, TODAY) == []
    assert suggest(DAD_WHO_SPEAKS_URDU, [], TODAY) == []


def test_equal_scores_go_to_the_supporter_with_more_places_left_then_by_id() -> None:
    # Same share of places free (capacity points equal), different number of places left.
    people = [
        supporter("b", capacity=2, current_families=1),
        supporter("c", capacity=4, current_families=2),
        supporter("a", capacity=2, current_families=1),
    ]

    found = suggest(referral(), people, TODAY)

    assert ids(found) == ["c", "a", "b"]
    assert len({item.score for item in found}) == 1


def test_a_less_busy_supporter_comes_first_when_all_else_is_equal() -> None:
    people = [supporter("busy", capacity=4, current_families=3), supporter("quiet", capacity=4, current_families=0)]

    assert ids(suggest(referral(), people, TODAY)) == ["quiet", "busy"]


def test_a_real_match_beats_any_amount_of_free_capacity() -> None:
    wanted = referral(area="LS6", available=frozenset({"mon_am"}))
    people = [
        supporter("empty", capacity=10, current_families=0, areas=frozenset({"LS6"})),
        supporter("nearly-full", capacity=10, current_families=9, areas=frozenset({"LS6"}), available=wanted.available),
    ]

    assert ids(suggest(wanted, people, TODAY)) == ["nearly-full", "empty"]


def test_nothing_in_common_is_said_plainly() -> None:
    wanted = referral(wanted_experiences=frozenset({"kinship_care"}), languages=frozenset({"Polish"}))

    [found] = suggest(wanted, [supporter(capacity=2, current_families=1)], TODAY)

    assert found.explanation == "Matches none of what the family asked for. Has room for 1 more family."
    assert part(found, PartName.EXPERIENCE).explanation == "Does not share experience of kinship care."


def test_a_referral_asking_for_nothing_in_particular_says_so() -> None:
    [found] = suggest(referral(), [supporter(capacity=3, current_families=1)], TODAY)

    assert found.explanation == "The family did not ask for anything in particular. Has room for 2 more families."
    assert found.score == pytest.approx(2 / 3)  # only the capacity part counts


def test_scoring_a_full_supporter_on_request_shows_no_room_and_stays_within_0_and_1() -> None:
    over = score(referral(area="LS6"), supporter(areas=frozenset({"LS6"}), capacity=2, current_families=4))

    assert part(over, PartName.CAPACITY).explanation == "Has no room for more families (their limit is 2)."
    assert part(over, PartName.CAPACITY).points == 0
    assert over.score == pytest.approx(15 / 20)


def test_the_limit_caps_the_number_of_suggestions() -> None:
    people = [supporter(number) for number in range(8)]

    assert ids(suggest(referral(), people, TODAY)) == [0, 1, 2, 3, 4]
    assert ids(suggest(referral(), people, TODAY, limit=2)) == [0, 1]


# Eligibility ---------------------------------------------------------------------------------------------------

YESTERDAY = TODAY - timedelta(days=1)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"dbs_expires": YESTERDAY}, "Their DBS check expired on 3 March 2026."),
        ({"safeguarding_training_expires": YESTERDAY}, "Their safeguarding training expired on 3 March 2026."),
        ({"peer_training_expires": YESTERDAY}, "Their peer support training expired on 3 March 2026."),
        ({"supervision_next_due": YESTERDAY}, "Their supervision is overdue: it was due on 3 March 2026."),
        ({"dbs_expires": None}, "There is no DBS (Disclosure and Barring Service) check on record."),
        ({"safeguarding_training_expires": None}, "There is no safeguarding training on record."),
        ({"peer_training_expires": None}, "There is no peer support training on record."),
        ({"supervision_next_due": None}, "There is no date for their next supervision."),
        ({"current_families": 3}, "They already support 3 families, which is their limit."),
        ({"capacity": 1, "current_families": 1}, "They already support 1 family, which is their limit."),
        (
            {"capacity": 0, "current_families": 0},
            "They are not taking on any families at the moment (their limit is 0).",
        ),
        # Allowed: a coordinator may lower someone's limit below the families they already support (fewer hours,
        # say). They keep their families and take no more.
        ({"capacity": 2, "current_families": 4}, "They support 4 families, more than their limit of 2."),
    ],
)
def test_each_missing_or_expired_check_and_full_capacity_blocks_matching_with_its_reason(
    changes: dict, reason: str
) -> None:
    blocked = supporter("blocked", **changes)

    assert eligibility(blocked, TODAY) == Eligibility(eligible=False, reasons=(reason,))
    assert suggest(referral(), [blocked, supporter("fine")], TODAY)[0].supporter_id == "fine"
    assert ids(suggest(referral(), [blocked], TODAY)) == []


def test_every_reason_is_given_checks_first_then_capacity() -> None:
    blocked = supporter(dbs_expires=YESTERDAY, supervision_next_due=None, current_families=3)

    assert eligibility(blocked, TODAY).reasons == (
        "Their DBS check expired on 3 March 2026.",
        "There is no date for their next supervision.",
        "They already support 3 families, which is their limit.",
    )


def test_a_check_expiring_today_is_still_valid_today_and_blocks_from_tomorrow() -> None:
    # A date is the last day a check counts (the issue: "expiry before today" is expired). On the day itself the
    # supporter can still be matched, and `expiring_soon` has already told the coordinator.
    on_the_day = supporter(
        dbs_expires=TODAY, safeguarding_training_expires=TODAY, peer_training_expires=TODAY, supervision_next_due=TODAY
    )

    assert eligibility(on_the_day, TODAY).eligible
    assert ids(suggest(referral(), [on_the_day], TODAY)) == ["s"]
    tomorrow = eligibility(on_the_day, TODAY + timedelta(days=1))
    assert not tomorrow.eligible
    assert len(tomorrow.reasons) == 4


def test_the_coordinator_is_told_what_expires_soon_soonest_first() -> None:
    soon = supporter(
        dbs_expires=TODAY + timedelta(days=30),
        safeguarding_training_expires=TODAY,
        peer_training_expires=TODAY + timedelta(days=31),
        supervision_next_due=TODAY + timedelta(days=1),
    )

    found = expiring_soon(soon, TODAY)

    assert [check.kind for check in found] == [CheckKind.SAFEGUARDING_TRAINING, CheckKind.SUPERVISION, CheckKind.DBS]
    assert [check.message for check in found] == [
        "Their safeguarding training expires today, 4 March 2026.",
        "Their next supervision is due on 5 March 2026, in 1 day.",
        "Their DBS check expires on 3 April 2026, in 30 days.",
    ]
    assert [check.days_left for check in found] == [0, 1, 30]
    assert {check.status for check in found} == {CheckStatus.VALID}
    assert [check.kind for check in expiring_soon(soon, TODAY, days=0)] == [CheckKind.SAFEGUARDING_TRAINING]


def test_expired_or_missing_checks_are_not_expiring_soon() -> None:
    # They already block matching, and eligibility says so.
    gone = supporter(dbs_expires=YESTERDAY, peer_training_expires=None)

    assert expiring_soon(gone, TODAY) == ()


def test_dates_are_written_out() -> None:
    assert date_words(date(2026, 3, 3)) == "3 March 2026"
    assert date_words(date(2025, 12, 25)) == "25 December 2025"


# Bad input -----------------------------------------------------------------------------------------------------


def test_a_referral_without_consent_is_refused_with_a_clear_message() -> None:
    without = Referral("r-1", wanted_experiences=frozenset({Experience.DAD}), consent=False)

    with pytest.raises(ValueError, match="not given consent") as raised:
        suggest(without, [supporter()], TODAY)
    assert "'r-1'" in str(raised.value)
    assert "Record their consent" in str(raised.value)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (supporter(capacity=-1), "families they can support cannot be negative"),
        (supporter(current_families=-1), "families they support cannot be negative"),
        (supporter(ways=frozenset({"carrier_pigeon"})), "unknown ways of support"),
        (supporter(available=frozenset({"sat_am"})), "unknown times"),
        (supporter(experiences=frozenset({"Being a dad"})), "experience codes"),
    ],
)
def test_bad_supporters_are_refused(bad: Supporter, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suggest(referral(), [bad], TODAY)
    with pytest.raises(ValueError, match=message):
        eligibility(bad, TODAY)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (referral(ways=frozenset({"fax"})), "unknown ways of support"),
        (referral(available=frozenset({"midnight"})), "unknown times"),
        (referral(wanted_experiences=frozenset({"dad "})), "experience codes"),
        (referral(online_only=True, ways=frozenset({Way.FACE_TO_FACE})), "wants online support only"),
    ],
)
def test_bad_referrals_are_refused(bad: Referral, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suggest(bad, [supporter()], TODAY)


def test_other_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="only once"):
        suggest(referral(), [supporter("same"), supporter("same")], TODAY)
    with pytest.raises(ValueError, match="at least 1"):
        suggest(referral(), [supporter()], TODAY, limit=0)
    with pytest.raises(ValueError, match="cannot be negative"):
        expiring_soon(supporter(), TODAY, days=-1)
    with pytest.raises(ValueError, match="not taking on any families"):
        score(referral(), supporter(capacity=0, current_families=0))


def test_ids_that_cannot_be_compared_still_give_one_order() -> None:
    people = [supporter(2), supporter("b"), supporter(1)]

    first = ids(suggest(referral(), people, TODAY))

    assert first == ids(suggest(referral(), list(reversed(people)), TODAY))
    assert sorted(first, key=repr) == first


# Properties ----------------------------------------------------------------------------------------------------

EXPERIENCES = [*Experience, "kinship_care"]
LANGUAGES = ["urdu", "Urdu ", "polish", "arabic", "english"]
AREAS = ["LS6", "ls6", "BD1", "hub-7"]
SLOTS = list(SLOT_ORDER)
dates = st.none() | st.integers(-3, 3).map(lambda days: TODAY + timedelta(days=days))


@st.composite
def supporters_st(draw: st.DrawFn, supporter_id: int) -> Supporter:
    capacity = draw(st.integers(0, 4))
    return Supporter(
        supporter_id,
        experiences=draw(st.frozensets(st.sampled_from(EXPERIENCES))),
        languages=draw(st.frozensets(st.sampled_from(LANGUAGES))),
        areas=draw(st.frozensets(st.sampled_from(AREAS))),
        ways=draw(st.frozensets(st.sampled_from(list(Way)))),
        available=draw(st.frozensets(st.sampled_from(SLOTS))),
        capacity=capacity,
        current_families=draw(st.integers(0, capacity + 1)),
        dbs_expires=draw(dates),
        safeguarding_training_expires=draw(dates),
        peer_training_expires=draw(dates),
        supervision_next_due=draw(dates),
        travels=draw(st.booleans()),
    )


@st.composite
def teams_st(draw: st.DrawFn) -> list[Supporter]:
    count = draw(st.integers(0, 12))
    return [draw(supporters_st(number)) for number in draw(st.permutations(range(count)))]


@st.composite
def referrals_st(draw: st.DrawFn) -> Referral:
    online_only = draw(st.booleans())
    ways = draw(st.frozensets(st.sampled_from(list(Way))))
    if online_only and ways and not ways & REMOTE_WAYS:
        ways |= {Way.PHONE}
    return Referral(
        "r",
        wanted_experiences=draw(st.frozensets(st.sampled_from(EXPERIENCES))),
        languages=draw(st.frozensets(st.sampled_from(LANGUAGES))),
        area=draw(st.none() | st.sampled_from(AREAS)),
        ways=ways,
        available=draw(st.frozensets(st.sampled_from(SLOTS))),
        online_only=online_only,
        consent=True,
    )


@given(referrals_st(), teams_st())
def test_only_eligible_supporters_are_suggested_and_every_eligible_one_can_be(
    wanted: Referral, team: list[Supporter]
) -> None:
    found = suggest(wanted, team, TODAY, limit=len(team) or 1)
    by_id = {member.id: member for member in team}

    for suggestion in found:
        chosen = by_id[suggestion.supporter_id]
        assert chosen.current_families < chosen.capacity
        assert suggestion.places_left == chosen.capacity - chosen.current_families > 0
        for expires in (chosen.dbs_expires, chosen.safeguarding_training_expires, chosen.peer_training_expires):
            assert expires is not None and expires >= TODAY
        assert chosen.supervision_next_due is not None and chosen.supervision_next_due >= TODAY
    expected = {
        member.id
        for member in team
        if eligibility(member, TODAY).eligible and (not wanted.online_only or member.ways & REMOTE_WAYS)
    }
    assert set(ids(found)) == expected


@given(referrals_st(), teams_st())
def test_scores_are_between_0_and_1_and_add_up_from_their_parts(wanted: Referral, team: list[Supporter]) -> None:
    for suggestion in suggest(wanted, team, TODAY, limit=20):
        assert 0 <= suggestion.score <= 1
        assert all(0 <= item.points <= item.max_points for item in suggestion.parts)
        total = sum(item.max_points for item in suggestion.parts)
        assert suggestion.score == pytest.approx(sum(item.points for item in suggestion.parts) / total)
        assert suggestion.explanation


@given(referrals_st(), supporters_st("s"), st.data())
def test_adding_a_matching_experience_never_lowers_a_score(
    wanted: Referral, one: Supporter, data: st.DataObject
) -> None:
    one = dataclasses.replace(one, capacity=max(one.capacity, 1), current_families=0)
    missing = sorted(wanted.wanted_experiences - one.experiences)
    extra = data.draw(st.sampled_from(missing)) if missing else data.draw(st.sampled_from(EXPERIENCES))
    more = dataclasses.replace(one, experiences=one.experiences | {extra})

    before, after = score(wanted, one), score(wanted, more)

    assert after.score >= before.score
    if missing:
        assert after.score > before.score


@given(referrals_st(), teams_st(), st.randoms(use_true_random=False))
def test_the_order_is_deterministic_and_follows_score_then_places_then_id(
    wanted: Referral, team: list[Supporter], random
) -> None:
    found = suggest(wanted, team, TODAY, limit=20)
    shuffled = list(team)
    random.shuffle(shuffled)

    assert suggest(wanted, shuffled, TODAY, limit=20) == found
    keys = [(-item.score, -item.places_left, item.supporter_id) for item in found]
    assert keys == sorted(keys)
