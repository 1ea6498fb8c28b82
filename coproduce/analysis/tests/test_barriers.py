"""The barrier check: unmet needs per person and the organiser's to-do list."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.analysis.barriers import (
    BarrierCheck,
    Join,
    Need,
    PersonNeeds,
    Provisions,
    ToDo,
    UnmetNeed,
    Venue,
    check_barriers,
    normalise_language,
    unmet_needs,
)

ACCESS_NEED_CODES = [
    "childcare",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "bsl",
    "interpreter",
    "easy_read",
    "large_print",
    "quiet_space",
    "travel_costs",
    "online_only",
    "device_or_data",
    "rural_or_remote",
]
LANGUAGES = ["Polish", "polish ", "Arabic", "Urdu", "Ukrainian", "Tigrinya", "Mandarin  Chinese", ""]
VENUE_FIELDS = [f.name for f in dataclasses.fields(Venue)]
PROVISION_FLAGS = [f.name for f in dataclasses.fields(Provisions) if f.type == "bool"]
EVERYTHING_VENUE = Venue(**dict.fromkeys(VENUE_FIELDS, True))
IN_PERSON_ONLY = frozenset({Join.IN_PERSON})


def person(
    *needs: str,
    joining: str | None = Join.IN_PERSON,
    language: str = "",
    children: int | None = None,
    person_id: str = "p",
) -> PersonNeeds:
    return PersonNeeds(person_id, frozenset(needs), joining, language, children)


def everything(languages: frozenset[str] = frozenset()) -> Provisions:
    return Provisions(frozenset(Join), interpreter_languages=languages, **dict.fromkeys(PROVISION_FLAGS, True))


def needs_of(one: PersonNeeds, venue: Venue | None = None, provisions: Provisions | None = None) -> list[str]:
    return [item.need for item in unmet_needs(one, venue, provisions or Provisions(IN_PERSON_ONLY))]


def texts(check: BarrierCheck) -> list[str]:
    return [item.text for item in check.todo]


# Strategies ----------------------------------------------------------------------------------------------------

people_st = st.lists(
    st.builds(
        PersonNeeds,
        person_id=st.uuids().map(str),
        needs=st.frozensets(st.sampled_from(list(Need))),
        joining=st.none() | st.sampled_from(list(Join)),
        interpreter_language=st.sampled_from(LANGUAGES),
        children_under_5=st.none() | st.integers(0, 4),
    ),
    max_size=8,
)
venue_st = st.builds(Venue, **{name: st.booleans() for name in VENUE_FIELDS})
provisions_st = st.builds(
    Provisions,
    ways_to_join=st.frozensets(st.sampled_from(list(Join))),
    interpreter_languages=st.frozensets(st.sampled_from(LANGUAGES[:-1])),
    **{name: st.booleans() for name in PROVISION_FLAGS},
)


@st.composite
def less(draw: st.DrawFn, provisions: Provisions, venue: Venue) -> tuple[Provisions, Venue]:
    """The same provisions and venue with some of them taken away."""
    fewer = {name: getattr(provisions, name) and draw(st.booleans()) for name in PROVISION_FLAGS}
    languages = (
        draw(st.sets(st.sampled_from(sorted(provisions.interpreter_languages))))
        if provisions.interpreter_languages
        else set()
    )
    features = {name: getattr(venue, name) and draw(st.booleans()) for name in VENUE_FIELDS}
    return (
        dataclasses.replace(provisions, interpreter_languages=frozenset(languages), **fewer),
        Venue(**features),
    )


def unmet_set(check: BarrierCheck) -> set[tuple[int, str, str]]:
    return {(index, item.need, item.language) for index, one in enumerate(check.people) for item in one.unmet}


# Properties ----------------------------------------------------------------------------------------------------


@given(people_st)
def test_providing_everything_leaves_only_the_question_of_which_language(people: list[PersonNeeds]) -> None:
    check = check_barriers(people, EVERYTHING_VENUE, everything(frozenset(p.interpreter_language for p in people)))
    for one, result in zip(people, check.people, strict=True):
        unknown_language = Need.INTERPRETER in one.needs and not one.interpreter_language.strip()
        assert [item.need for item in result.unmet] == (["interpreter"] if unknown_language else [])


@given(st.data(), people_st, provisions_st, venue_st)
def test_taking_a_provision_away_never_meets_a_need(
    data: st.DataObject, people: list[PersonNeeds], provisions: Provisions, venue: Venue
) -> None:
    smaller_provisions, smaller_venue = data.draw(less(provisions, venue))
    before = unmet_set(check_barriers(people, venue, provisions))
    after = unmet_set(check_barriers(people, smaller_venue, smaller_provisions))
    assert before <= after


@given(st.data(), people_st, provisions_st, venue_st)
def test_taking_a_way_to_join_away_never_meets_a_need_of_people_who_said_how_they_join(
    data: st.DataObject, people: list[PersonNeeds], provisions: Provisions, venue: Venue
) -> None:
    people = [one for one in people if one.joining is not None]
    ways = data.draw(st.sets(st.sampled_from(sorted(provisions.ways_to_join)))) if provisions.ways_to_join else set()
    fewer = dataclasses.replace(provisions, ways_to_join=frozenset(ways))
    assert unmet_set(check_barriers(people, venue, provisions)) <= unmet_set(check_barriers(people, venue, fewer))


@given(people_st, provisions_st, venue_st | st.none())
def test_each_to_do_counts_exactly_the_people_with_that_unmet_need(
    people: list[PersonNeeds], provisions: Provisions, venue: Venue | None
) -> None:
    check = check_barriers(people, venue, provisions)
    expected: dict[tuple[str, str], list[str]] = {}
    for one, result in zip(people, check.people, strict=True):
        assert result.person_id == one.person_id
        for item in result.unmet:
            expected.setdefault((item.need, normalise_language(item.language)), []).append(one.person_id)
    got = {(item.need, item.key.partition(":")[2]): list(item.person_ids) for item in check.todo}
    assert got == expected
    assert all(item.people == len(item.person_ids) for item in check.todo)
    assert len({item.key for item in check.todo}) == len(check.todo)


@given(st.data(), people_st, provisions_st, venue_st)
def test_the_to_do_list_does_not_depend_on_the_order_of_people(
    data: st.DataObject, people: list[PersonNeeds], provisions: Provisions, venue: Venue
) -> None:
    shuffled = data.draw(st.permutations(people))
    first, second = check_barriers(people, venue, provisions), check_barriers(shuffled, venue, provisions)
    assert [(t.key, t.text, t.people) for t in first.todo] == [(t.key, t.text, t.people) for t in second.todo]
    order = [(ACCESS_NEED_CODES.index(t.need), t.key) for t in first.todo]
    assert [index for index, _key in order] == sorted(index for index, _key in order)


language_st = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéñ"), min_size=1, max_size=8)


@given(st.lists(language_st, min_size=1, max_size=3), st.data())
def test_languages_match_whatever_the_case_and_spacing(words: list[str], data: st.DataObject) -> None:
    provided = " ".join(words)
    variant = " " + "  ".join("".join(c.upper() if data.draw(st.booleans()) else c for c in w) for w in words) + "\t"
    someone = person(Need.INTERPRETER, language=variant)
    assert needs_of(someone, provisions=Provisions(IN_PERSON_ONLY, interpreter_languages=frozenset({provided}))) == []
    # And the to-do for variants of one language is one line.
    check = check_barriers([someone, person(Need.INTERPRETER, language=provided, person_id="q")], None, Provisions())
    assert [(item.key, item.people) for item in check.todo] == [(f"interpreter:{provided}", 2)]


# Examples: each rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("need", "feature"),
    [
        ("step_free", "step_free"),
        ("accessible_toilet", "accessible_toilet"),
        ("hearing_loop", "hearing_loop"),
        ("quiet_space", "quiet_room"),
    ],
)
def test_building_needs_matter_only_for_people_who_come_in_person(need: str, feature: str) -> None:
    assert needs_of(person(need)) == [need]
    assert needs_of(person(need), Venue(**{feature: True})) == []
    for way in [Join.ONLINE, Join.PHONE, Join.POST, Join.ASYNC]:
        assert needs_of(person(need, joining=way)) == []


def test_people_who_have_not_said_how_they_join_are_assumed_to_use_any_way_offered() -> None:
    undecided = person("step_free", "device_or_data", joining=None)
    assert needs_of(undecided, provisions=Provisions(frozenset({Join.IN_PERSON, Join.ONLINE}))) == [
        "step_free",
        "device_or_data",
    ]
    assert needs_of(undecided, provisions=Provisions(frozenset({Join.PHONE}))) == []


def test_childcare_is_met_by_a_creche_for_people_who_come_or_by_childcare_for_anyone() -> None:
    assert needs_of(person("childcare")) == ["childcare"]
    assert needs_of(person("childcare"), Venue(creche=True)) == []
    assert needs_of(person("childcare"), provisions=Provisions(IN_PERSON_ONLY, childcare=True)) == []
    online = person("childcare", joining=Join.ONLINE)
    (unmet,) = unmet_needs(online, Venue(creche=True), Provisions())
    assert unmet.reason == "No childcare is arranged (a crèche only helps people who come in person)."
    assert needs_of(online, provisions=Provisions(childcare=True)) == []


@pytest.mark.parametrize(("need", "flag"), [("bsl", "bsl"), ("easy_read", "easy_read"), ("large_print", "large_print")])
def test_bsl_easy_read_and_large_print_are_needed_however_people_join(need: str, flag: str) -> None:
    for way in Join:
        assert needs_of(person(need, joining=way)) == [need]
        assert needs_of(person(need, joining=way), provisions=Provisions(**{flag: True})) == []


def test_an_interpreter_is_matched_by_language() -> None:
    polish = Provisions(IN_PERSON_ONLY, interpreter_languages=frozenset({"Polish"}))
    assert needs_of(person("interpreter", language="POLISH "), provisions=polish) == []
    (unmet,) = unmet_needs(person("interpreter", language="arabic"), None, polish)
    assert unmet == UnmetNeed("interpreter", "No Arabic interpreter is booked.", "Arabic")
    (unknown,) = unmet_needs(person("interpreter", language="  "), None, polish)
    assert unknown.reason == "Needs an interpreter, but we do not know for which language."


def test_travel_costs_matter_for_people_who_come_in_person() -> None:
    assert needs_of(person("travel_costs")) == ["travel_costs"]
    assert needs_of(person("travel_costs"), provisions=Provisions(travel_costs_paid=True)) == []
    assert needs_of(person("travel_costs", joining=Join.ONLINE)) == []


@pytest.mark.parametrize(
    ("ways", "unmet"),
    [
        (set(), True),
        ({"in_person", "post"}, True),
        ({"online"}, False),
        ({"phone"}, False),
        ({"async", "in_person"}, False),
    ],
)
def test_online_only_needs_a_way_to_join_from_home(ways: set[str], unmet: bool) -> None:
    assert needs_of(person("online_only", joining=None), provisions=Provisions(frozenset(ways))) == (
        ["online_only"] if unmet else []
    )


def test_a_device_or_data_matters_only_when_joining_online() -> None:
    assert needs_of(person("device_or_data", joining=Join.ONLINE)) == ["device_or_data"]
    assert needs_of(person("device_or_data", joining=Join.ONLINE), provisions=Provisions(devices_or_data=True)) == []
    assert needs_of(person("device_or_data", joining=Join.PHONE)) == []


@pytest.mark.parametrize(
    ("ways", "paid", "unmet"),
    [
        ({"in_person"}, False, True),
        (set(), False, True),
        ({"in_person"}, True, False),
        ({"in_person", "post"}, False, False),
    ],
)
def test_rural_or_remote_is_a_barrier_when_the_only_way_is_in_person_unpaid(
    ways: set[str], paid: bool, unmet: bool
) -> None:
    provisions = Provisions(frozenset(ways), travel_costs_paid=paid)
    assert needs_of(person("rural_or_remote"), provisions=provisions) == (["rural_or_remote"] if unmet else [])


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="wheelchair"):
        check_barriers([person("wheelchair")], None, Provisions())
    with pytest.raises(ValueError, match="bus"):
        check_barriers([person(joining="bus")], None, Provisions())
    with pytest.raises(ValueError, match="negative"):
        check_barriers([person(children=-1)], None, Provisions())


def test_the_model_codes_are_the_need_codes_in_order() -> None:
    assert [need.value for need in Need] == ACCESS_NEED_CODES


# Examples: the to-do list --------------------------------------------------------------------------------------


def test_a_to_do_list_in_plain_english() -> None:
    people = [
        person("interpreter", "childcare", language="Polish", children=2, person_id="a"),
        person("interpreter", "childcare", "step_free", language=" polish", children=1, person_id="b"),
        person("interpreter", "bsl", language="Ukrainian", person_id="c"),
        person("online_only", "rural_or_remote", "travel_costs", joining=None, person_id="d"),
        person(
            "interpreter", "hearing_loop", "easy_read", "large_print", "quiet_space", "accessible_toilet", person_id="e"
        ),
        person("device_or_data", joining=Join.ONLINE, person_id="f"),
    ]
    check = check_barriers(people, None, Provisions(IN_PERSON_ONLY, interpreter_languages=frozenset({"Arabic"})))
    assert texts(check) == [
        "Arrange childcare for 3 children under 5 (2 people)",
        "Find a venue with step-free access (1 person)",
        "Find a venue with an accessible toilet (1 person)",
        "Find a venue with a hearing loop, or bring a portable one (1 person)",
        "Book a British Sign Language (BSL) interpreter (1 person)",
        "Book a Polish interpreter (2 people)",
        "Book a Ukrainian interpreter (1 person)",
        "Ask which language 1 person needs an interpreter for",
        "Prepare easy read information (1 person)",
        "Prepare large print information (1 person)",
        "Arrange a quiet space at the venue (1 person)",
        "Pay travel costs (1 person)",
        "Offer an online way to join (1 person can only take part online)",
        "Lend a device or mobile data to join online (1 person)",
        "Pay travel costs or offer a way to join from home (1 person lives somewhere rural or remote)",
    ]
    assert check.todo[0] == ToDo("childcare", "childcare", texts(check)[0], 2, ("a", "b"), children_under_5=3)
    assert [item.key for item in check.todo[5:8]] == ["interpreter:polish", "interpreter:ukrainian", "interpreter:"]
    assert [item.need for item in check.people[3].unmet] == ["travel_costs", "online_only", "rural_or_remote"]


def test_childcare_wording_when_children_under_5_are_not_all_known() -> None:
    one_known = [person("childcare", children=1, person_id="a"), person("childcare", person_id="b")]
    assert texts(check_barriers(one_known, None, Provisions())) == [
        "Arrange childcare for the children of 2 people, including 1 under 5"
    ]
    older = [person("childcare", children=0)]
    assert texts(check_barriers(older, None, Provisions())) == ["Arrange childcare for the children of 1 person"]
    assert texts(check_barriers([person("childcare", children=1)], None, Provisions())) == [
        "Arrange childcare for 1 child under 5 (1 person)"
    ]


def test_plural_wording_and_articles() -> None:
    people = [
        person("online_only", "rural_or_remote", "interpreter", language=lang, person_id=lang or "x", joining=None)
        for lang in ["Arabic", "arabic", "", " "]
    ]
    assert texts(check_barriers(people, None, Provisions(IN_PERSON_ONLY))) == [
        "Book an Arabic interpreter (2 people)",
        "Ask which language 2 people need an interpreter for",
        "Offer an online way to join (4 people can only take part online)",
        "Pay travel costs or offer a way to join from home (4 people live somewhere rural or remote)",
    ]


def test_nobody_with_needs_means_nothing_to_do() -> None:
    check = check_barriers([person(person_id="a"), person(person_id="b")], None, Provisions())
    assert check.todo == ()
    assert [one.unmet for one in check.people] == [(), ()]
    assert check_barriers([], EVERYTHING_VENUE, everything()) == BarrierCheck((), ())
