"""Activities: planning one from a project page and its bad input, changing it (people are told of a new date, time,
venue or link), cancelling it, who may do what, another organisation's activities, the list with its filters, the
activity page with its warnings, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity, Invitation, Reply, SchoolHoliday, Venue
from coproduce.engagement.services import activities as services
from coproduce.engagement.services.holidays import bank_holidays_between
from coproduce.organisations.models import Role
from coproduce.people.models import AccessNeeds, Child, Household, Person
from coproduce.projects.models import Project, Stage
from coproduce.safeguarding.models import SafeguardingArrangements
from tests.cast import client_for, make_member

TODAY = timezone.localdate()


def weekday_after(days: int) -> dt.date:
    """A Tuesday at least `days` from today that is not a bank holiday (school holidays exist only where a test
    adds them)."""
    day = TODAY + dt.timedelta(days=days)
    while day.weekday() != 1 or day in bank_holidays_between(day, day):
        day += dt.timedelta(days=1)
    return day


DAY = weekday_after(21)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def project(org) -> Project:
    return Project.objects.create(organisation=org, title="Infant feeding", goal="Better support", status="active")


@pytest.fixture
def stage(org, project) -> Stage:
    return Stage.objects.create(organisation=org, project=project, name="Discover", order=10)


@pytest.fixture
def venue(org) -> Venue:
    return Venue.objects.create(organisation=org, name="Eastfield Family Hub", postcode="NB4 6QD", step_free=True)


@pytest.fixture
def theirs(other_org) -> Activity:
    project = Project.objects.create(organisation=other_org, title="Southby work", goal="x")
    return Activity.objects.create(
        organisation=other_org, project=project, title="Southby session", kind="workshop", join_online=True
    )


@pytest.fixture
def sent(monkeypatch) -> list:
    """What the activity services asked coproduce.engagement.messages to send."""
    from coproduce.engagement import messages

    calls: list = []
    monkeypatch.setattr(
        messages,
        "activity_change_messages_queue",
        lambda activity, *, changes: calls.append(("change", activity.pk, changes)) or 0,
    )
    monkeypatch.setattr(
        messages, "activity_cancellation_messages_queue", lambda activity: calls.append(("cancel", activity.pk)) or 0
    )
    return calls


def form(**overrides) -> dict:
    """A valid activity: in person and online, a Tuesday three weeks ahead, 10am to midday."""
    data = {
        "kind": "co_design",
        "title": "Design the feeding cafe",
        "description": "Tell us what would help.",
        "timing": "at_time",
        "date_day": str(DAY.day),
        "date_month": str(DAY.month),
        "date_year": str(DAY.year),
        "start_time": "10am",
        "end_time": "12pm",
        "ways_to_join": ["in_person", "online"],
        "online_link": "https://meet.example.org/cafe",
        "capacity": "12",
        "provisions": ["food", "travel_costs_paid"],
        "interpreter_languages": "polish, Arabic, Polish",
        "reminders": ["2880", "120"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_activity(org, project, **fields) -> Activity:
    values = {
        "organisation": org,
        "project": project,
        "title": "Coffee morning",
        "kind": "drop_in",
        "starts_at": at(DAY, 10),
        "ends_at": at(DAY, 12),
        "join_online": True,
        "online_link": "https://meet.example.org/x",
        "join_phone": True,
        "phone_details": "Call 01632 960 001",
    }
    values.update(fields)
    return Activity.objects.create(**values)


def invite(activity: Activity, n: int, *, reply: str = Reply.YES, prefix: str = "Person") -> list[Invitation]:
    made = []
    for i in range(n):
        person = Person.objects.create(organisation=activity.organisation, full_name=f"{prefix} {i}")
        made.append(
            Invitation.objects.create(organisation=activity.organisation, activity=activity, person=person, reply=reply)
        )
    return made


def create_url(project) -> str:
    return reverse("engagement:activity_create", kwargs={"project_id": project.pk})


def detail_url(activity) -> str:
    return reverse("engagement:activity_detail", kwargs={"activity_id": activity.pk})


def edit_url(activity) -> str:
    return reverse("engagement:activity_edit", kwargs={"activity_id": activity.pk})


def cancel_url(activity) -> str:
    return reverse("engagement:activity_cancel", kwargs={"activity_id": activity.pk})


class TestPlanning:
    def test_staff_plan_an_activity_from_the_project_page(self, colleague, project, stage, venue, hub) -> None:
        client = client_for(colleague)
        page = client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        assert "Add an activity" in page and create_url(project) in page
        response = client.post(
            create_url(project),
            form(ways_to_join=["in_person", "online"], venue=str(venue.pk), stage=str(stage.pk), hubs=[str(hub.pk)]),
        )
        activity = Activity.objects.get()
        assert response.status_code == 302 and response["Location"] == detail_url(activity)
        assert activity.project == project and activity.stage == stage and activity.venue == venue
        assert activity.starts_at == at(DAY, 10) and activity.ends_at == at(DAY, 12)
        assert activity.ways_to_join == ["in_person", "online"] and activity.capacity == 12
        assert activity.food and activity.travel_costs_paid and not activity.childcare
        assert activity.interpreter_languages == "Polish, Arabic"
        assert activity.reminder_minutes == [2880, 120]
        assert list(activity.hubs.all()) == [hub] and activity.created_by == colleague
        line = AuditEvent.objects.get(object_id=str(activity.pk))
        assert line.action == "create" and "title" in line.changes["fields"]
        assert "Design the feeding cafe" not in str(line.changes)  # field names only

    def test_the_organiser_can_untick_reminders(self, colleague, project) -> None:
        client_for(colleague).post(
            create_url(project),
            form(reminders=["120"], ways_to_join=["online", "phone"], phone_details="Call 01632 960 001"),
        )
        assert Activity.objects.get().reminder_minutes == [120]

    def test_an_open_window_for_a_questionnaire(self, colleague, project) -> None:
        closes = TODAY + dt.timedelta(days=20)
        data = form(
            kind="questionnaire",
            timing="window",
            window_opens_on_day=str(TODAY.day),
            window_opens_on_month=str(TODAY.month),
            window_opens_on_year=str(TODAY.year),
            window_closes_on_day=str(closes.day),
            window_closes_on_month=str(closes.month),
            window_closes_on_year=str(closes.year),
            ways_to_join=["async", "post"],
        )
        assert client_for(colleague).post(create_url(project), data).status_code == 302
        activity = Activity.objects.get()
        assert activity.starts_at is None and activity.window_closes_on == closes
        page = client_for(colleague).get(detail_url(activity)).content.decode()
        assert "Data collection" in page and "On its own, a questionnaire is not co-production." in page

    def test_the_form_labels_a_questionnaire_data_collection(self, colleague, project) -> None:
        page = client_for(colleague).get(create_url(project)).content.decode()
        assert "Questionnaire (data collection)" in page
        assert "a questionnaire on its own is not co-production" in page

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {
                    "date_day": str((TODAY - dt.timedelta(days=2)).day),
                    "date_month": str((TODAY - dt.timedelta(days=2)).month),
                    "date_year": str((TODAY - dt.timedelta(days=2)).year),
                },
                "The date must be today or in the future",
            ),
            ({"end_time": "9am"}, "The end time must be after the start time"),
            ({"ways_to_join": ["in_person"]}, "Choose the venue for people coming in person"),
            ({"ways_to_join": ["online"], "online_link": ""}, "Enter the link to join online"),
            ({"ways_to_join": ["phone"]}, "Say how to join by phone, for example the number to call"),
            ({"ways_to_join": []}, "Choose at least one way to join"),
            ({"date_day": "31", "date_month": "2", "date_year": "2030"}, "Date must be a real date"),
            ({"date_month": ""}, "Date must include a month"),
            ({"date_year": "27"}, "Year must include 4 numbers"),
            ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the date"),
            ({"start_time": "25pm"}, "Enter start time like 10am, 2:30pm or 14:30"),
            ({"title": ""}, "Enter a title for the activity"),
            ({"capacity": "0"}, "Places must be 1 or more, or leave it empty for no limit"),
            ({"online_link": "not a link"}, "Enter a web address in the correct format"),
            ({"timing": ""}, "Choose whether it is at a set time or over some days"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_saved(self, colleague, project, overrides, message) -> None:
        response = client_for(colleague).post(create_url(project), form(**overrides))
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page.replace("&#x27;", "'")
        assert "govuk-error-summary" in page and "<title>Error: " in page
        assert not Activity.objects.exists() and not AuditEvent.objects.filter(action="create").exists()

    def test_a_start_earlier_today_is_refused(self, colleague, project) -> None:
        with pytest.raises(ValidationError) as error:
            services.activity_create(
                actor=colleague,
                project=project,
                title="Too late",
                kind="workshop",
                starts_at=at(DAY, 10),
                ends_at=at(DAY, 11),
                join_online=True,
                online_link="https://meet.example.org/x",
                now=at(DAY, 12),
            )
        assert error.value.message_dict["starts_at"] == [
            "The start time has already passed today: enter a later time or another date"
        ]
        assert not Activity.objects.exists()

    def test_another_organisations_venue_hub_or_stage_is_refused(self, colleague, project, other_org) -> None:
        their_venue = Venue.objects.create(organisation=other_org, name="Southby hall")
        their_stage = Stage.objects.create(
            organisation=other_org,
            project=Project.objects.create(organisation=other_org, title="T", goal="G"),
            name="S",
        )
        data = form(ways_to_join=["in_person"], venue=str(their_venue.pk), stage=str(their_stage.pk))
        page = client_for(colleague).post(create_url(project), data).content.decode().replace("&#x27;", "'")
        assert "Choose one of your own organisation's venues" in page
        assert "Choose one of this project's stages" in page
        assert not Activity.objects.exists()

    def test_an_archived_venue_cannot_be_chosen_for_a_new_activity(self, colleague, project, venue) -> None:
        venue.is_archived = True
        venue.save()
        page = client_for(colleague).post(create_url(project), form(ways_to_join=["in_person"], venue=str(venue.pk)))
        assert "Choose one of your own organisation" in page.content.decode().replace("&#x27;", "'")
        with pytest.raises(Exception, match="archived"):
            services.activity_create(
                actor=colleague,
                project=project,
                title="T",
                kind="workshop",
                starts_at=at(DAY, 10),
                ends_at=at(DAY, 11),
                join_in_person=True,
                venue=venue,
            )
        assert not Activity.objects.exists()

    def test_a_closed_project_gets_no_new_activities(self, colleague, project) -> None:
        project.status = Project.Status.CLOSED
        project.save()
        page = client_for(colleague).post(create_url(project), form()).content.decode()
        assert "This project is closed" in page and not Activity.objects.exists()


class TestChanging:
    def test_a_new_time_is_sent_to_people_coming(self, colleague, project, sent) -> None:
        activity = make_activity(project.organisation, project)
        later = DAY + dt.timedelta(days=7)
        data = form(
            ways_to_join=["online", "phone"],
            phone_details="Call 01632 960 001",
            online_link="https://meet.example.org/x",
            date_day=str(later.day),
            date_month=str(later.month),
            date_year=str(later.year),
            start_time="11am",
        )
        response = client_for(colleague).post(edit_url(activity), data)
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.starts_at == at(later, 11)
        ((kind, pk, lines),) = sent
        assert kind == "change" and pk == activity.pk
        assert lines[0].startswith("It is now ") and "11am" in lines[0]
        line = AuditEvent.objects.filter(action="update", object_id=str(activity.pk)).get()
        assert {"starts_at", "title"} <= set(line.changes["fields"])

    def test_a_new_link_is_sent_but_a_new_title_alone_is_not(self, colleague, project, sent) -> None:
        activity = make_activity(project.organisation, project)
        services.activity_update(actor=colleague, activity=activity, title="Coffee and chat")
        assert sent == []
        services.activity_update(actor=colleague, activity=activity, online_link="https://meet.example.org/new")
        assert sent == [("change", activity.pk, ["The link to join online has changed."])]

    def test_a_new_venue_is_named(self, colleague, project, venue, sent) -> None:
        activity = make_activity(project.organisation, project)
        services.activity_update(actor=colleague, activity=activity, join_in_person=True, venue=venue)
        assert sent == [("change", activity.pk, ["It is now at Eastfield Family Hub, NB4 6QD."])]

    def test_the_real_message_functions_accept_the_call(self, colleague, project) -> None:
        activity = make_activity(project.organisation, project)
        invite(activity, 2)
        services.activity_update(actor=colleague, activity=activity, starts_at=at(DAY, 9), ends_at=at(DAY, 11))
        services.activity_cancel(actor=colleague, activity=activity, reason="The hall flooded")
        assert Activity.objects.get().status == "cancelled"

    def test_places_cannot_go_below_the_people_already_coming(self, colleague, project, sent) -> None:
        activity = make_activity(project.organisation, project, capacity=5)
        invite(activity, 3)
        invite(activity, 4, reply=Reply.MAYBE, prefix="Maybe")
        data = form(
            capacity="2",
            ways_to_join=["online", "phone"],
            phone_details="Call 01632 960 001",
            title="Coffee morning",
        )
        page = client_for(colleague).post(edit_url(activity), data).content.decode()
        assert "3 people already have a place. Set places to 3 or more, or leave it empty for no limit." in page
        activity.refresh_from_db()
        assert activity.capacity == 5 and sent == []
        assert client_for(colleague).post(edit_url(activity), {**data, "capacity": "3"}).status_code == 302

    def test_places_are_counted_under_the_lock_before_they_are_lowered(self, colleague, project, monkeypatch) -> None:
        """Someone takes a place while the places are being lowered: the count waits for the lock on the activity,
        so it sees their place and refuses to go below it."""
        from coproduce.engagement.services import invitations

        activity = make_activity(project.organisation, project, capacity=5)
        invite(activity, 3)
        (late,) = invite(activity, 1, reply=Reply.INVITED, prefix="Late")
        real_lock = invitations.lock_activity
        competitor_done = []

        def lock_after_a_competitor(activity_id):
            if not competitor_done:
                competitor_done.append(True)
                invitations.invitation_reply(invitation=late, reply=Reply.YES, joining="online")
            return real_lock(activity_id)

        monkeypatch.setattr(invitations, "lock_activity", lock_after_a_competitor)
        with pytest.raises(ValidationError, match="4 people already have a place"):
            services.activity_update(actor=colleague, activity=activity, capacity=3)
        activity.refresh_from_db()
        assert activity.capacity == 5

    def test_more_places_go_to_the_waiting_list(self, colleague, project) -> None:
        activity = make_activity(project.organisation, project, capacity=1)
        invite(activity, 1)
        (waiting,) = invite(activity, 1, prefix="Waiting")
        Invitation.objects.filter(pk=waiting.pk).update(on_waiting_list=True)
        services.activity_update(actor=colleague, activity=activity, capacity=2)
        waiting.refresh_from_db()
        assert not waiting.on_waiting_list and services.places_taken(activity) == 2

    def test_the_form_shows_the_activity_as_it_is(self, colleague, project) -> None:
        activity = make_activity(project.organisation, project, capacity=9, reminder_minutes=[120])
        page = client_for(colleague).get(edit_url(activity)).content.decode()
        assert 'name="date_day" type="text" inputmode="numeric" autocomplete="off" value="' + str(DAY.day) in page
        assert 'value="10:00"' in page and 'value="9"' in page
        assert 'value="120" checked' in page and 'value="2880" checked' not in page

    def test_moving_an_upcoming_activity_into_the_past_is_refused(self, colleague, project) -> None:
        activity = make_activity(project.organisation, project)
        with pytest.raises(Exception, match="today or in the future"):
            services.activity_update(
                actor=colleague,
                activity=activity,
                starts_at=at(TODAY - dt.timedelta(days=3), 10),
                ends_at=at(TODAY - dt.timedelta(days=3), 11),
            )

    def test_a_past_activity_can_be_corrected_without_telling_anyone(self, colleague, project, sent) -> None:
        past = TODAY - dt.timedelta(days=10)
        activity = make_activity(project.organisation, project, starts_at=at(past, 10), ends_at=at(past, 12))
        services.activity_update(actor=colleague, activity=activity, ends_at=at(past, 13))
        assert Activity.objects.get().ends_at == at(past, 13) and sent == []


class TestCancelling:
    def test_cancelling_needs_a_reason_and_tells_people(self, colleague, project, sent) -> None:
        activity = make_activity(project.organisation, project)
        client = client_for(colleague)
        page = client.post(cancel_url(activity), {"reason": "  "}).content.decode()
        assert "Say why the activity is cancelled" in page and sent == []
        assert Activity.objects.get().status == "planned"
        response = client.post(cancel_url(activity), {"reason": "The hall is flooded"})
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.status == "cancelled" and activity.cancelled_reason == "The hall is flooded"
        assert sent == [("cancel", activity.pk)]
        detail = client.get(detail_url(activity)).content.decode()
        assert "This activity is cancelled." in detail and "The hall is flooded" in detail
        assert edit_url(activity) not in detail

    def test_a_cancelled_activity_cannot_be_cancelled_again_or_changed(self, colleague, project, sent) -> None:
        activity = make_activity(project.organisation, project, status="cancelled", cancelled_reason="x")
        client = client_for(colleague)
        assert "already been cancelled" in client.post(cancel_url(activity), {"reason": "again"}).content.decode()
        assert client.post(edit_url(activity), form()).status_code == 302
        assert sent == [] and Activity.objects.get().title == "Coffee morning"

    def test_a_past_activity_cannot_be_cancelled(self, colleague, project, sent) -> None:
        past = TODAY - dt.timedelta(days=3)
        activity = make_activity(project.organisation, project, starts_at=at(past, 10), ends_at=at(past, 12))
        page = client_for(colleague).post(cancel_url(activity), {"reason": "oops"}).content.decode()
        assert "already happened" in page and Activity.objects.get().status == "planned" and sent == []


class TestWhoMayDoWhat:
    @pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
    def test_roles_that_do_not_run_sessions_see_but_do_not_change(self, org, project, role, sent) -> None:
        activity = make_activity(org, project)
        client = client_for(make_member(org, f"{role}@example.org", role))
        assert client.get(detail_url(activity)).status_code == 200
        assert client.get(reverse("engagement:activity_list")).status_code == 200
        assert client.get(create_url(project)).status_code == 403
        assert client.post(create_url(project), form()).status_code == 403
        assert client.post(edit_url(activity), form(title="Changed")).status_code == 403
        assert client.post(cancel_url(activity), {"reason": "no"}).status_code == 403
        assert Activity.objects.get().title == "Coffee morning" and sent == []
        page = client.get(reverse("projects:project_detail", kwargs={"project_id": project.pk})).content.decode()
        assert "Coffee morning" in page and "Add an activity" not in page

    def test_another_organisations_activity_is_404(self, admin, stranger, theirs, project) -> None:
        client = client_for(admin)  # Northby's administrator, trying Southby's activity
        for url in (detail_url(theirs), edit_url(theirs), cancel_url(theirs)):
            assert client.get(url).status_code == 404
            assert client.post(url, {"reason": "x"}).status_code == 404
        assert client_for(stranger).get(create_url(project)).status_code == 404
        assert client_for(stranger).post(create_url(project), form()).status_code == 404
        assert Activity.objects.get().status == "planned"

    def test_the_list_leaves_out_other_organisations(self, colleague, project, theirs) -> None:
        make_activity(project.organisation, project)
        page = client_for(colleague).get(reverse("engagement:activity_list")).content.decode()
        assert "Coffee morning" in page and "Southby session" not in page

    def test_members_get_activities_in_the_navigation(self, viewer) -> None:
        page = client_for(viewer).get(reverse("core:home")).content.decode()
        assert reverse("engagement:activity_list") in page


class TestList:
    @pytest.fixture
    def activities(self, org, project, hub):
        other = Project.objects.create(organisation=org, title="Dads' voices", goal="g", status="active")
        soon = make_activity(org, project, title="Soon", starts_at=at(DAY, 10), ends_at=at(DAY, 11))
        soon.hubs.add(hub)
        later = make_activity(
            org,
            other,
            title="Later",
            kind="focus_group",
            starts_at=at(DAY + dt.timedelta(days=7), 10),
            ends_at=at(DAY + dt.timedelta(days=7), 11),
        )
        past = TODAY - dt.timedelta(days=5)
        make_activity(org, project, title="Gone", starts_at=at(past, 10), ends_at=at(past, 11))
        window = make_activity(
            org,
            other,
            title="Survey",
            kind="questionnaire",
            starts_at=None,
            ends_at=None,
            window_opens_on=TODAY,
            window_closes_on=TODAY + dt.timedelta(days=3),
        )
        return {"soon": soon, "later": later, "window": window, "other": other}

    def titles(self, client, query: str = "") -> list[str]:
        response = client.get(reverse("engagement:activity_list") + query)
        return [a.title for a in response.context["page"].object_list]

    def test_upcoming_by_default_in_time_order(self, colleague, activities) -> None:
        assert self.titles(client_for(colleague)) == ["Survey", "Soon", "Later"]

    def test_filters(self, colleague, activities, project, hub) -> None:
        client = client_for(colleague)
        assert self.titles(client, "?when=past") == ["Gone"]
        assert self.titles(client, "?when=all") == ["Later", "Soon", "Survey", "Gone"]
        assert self.titles(client, f"?project={project.pk}") == ["Soon"]
        assert self.titles(client, f"?hub={hub.pk}") == ["Soon"]
        assert self.titles(client, "?kind=focus_group") == ["Later"]
        page = client.get(reverse("engagement:activity_list") + "?kind=questionnaire").content.decode()
        assert "Data collection" in page

    def test_the_queries_do_not_grow_with_the_rows(self, colleague, org, project, hub) -> None:
        client = client_for(colleague)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("engagement:activity_list")).status_code == 200
            return len(queries)

        for i in range(3):
            invite(make_activity(org, project, title=f"A{i}"), 2, prefix=f"A{i}")
        few = count()
        for i in range(30):
            activity = make_activity(org, project, title=f"B{i}")
            activity.hubs.add(hub)
            invite(activity, 2, prefix=f"B{i}")
        assert count() == few


class TestActivityPage:
    def test_it_shows_when_where_provisions_access_and_safeguarding(self, colleague, org, project, venue) -> None:
        SafeguardingArrangements.objects.create(
            organisation=org, contact_name="Duty safeguarding lead", contact_phone="01632 960 999", procedure="Call"
        )
        activity = make_activity(
            org,
            project,
            join_in_person=True,
            venue=venue,
            childcare=True,
            bsl=True,
            interpreter_languages="Polish",
            children_present=True,
            ratio_adults=1,
            ratio_children=4,
            lead_on_duty=colleague,
            is_recorded=True,
            reminder_minutes=[2880, 120],
        )
        page = client_for(colleague).get(detail_url(activity)).content.decode()
        for text in (
            "Eastfield Family Hub",
            "Step-free access",
            "Childcare",
            "British Sign Language (BSL) interpreter",
            "Interpreters: Polish",
            "1 adult to 4 children",
            "Colin Colleague",
            "only if everyone agrees",
            "Duty safeguarding lead",
            "2 days before and 2 hours before",
            "Safeguarding on the day",
        ):
            assert text in page, text

    def test_the_warnings_show_one_way_to_join_and_the_school_run(self, colleague, org, project) -> None:
        activity = make_activity(
            org, project, join_phone=False, phone_details="", starts_at=at(DAY, 9), ends_at=at(DAY, 10)
        )
        page = client_for(colleague).get(detail_url(activity)).content.decode()
        assert "2 things to check" in page
        assert "The only way to join is online." in page
        assert "It clashes with the school run (8:15am to 9:15am)" in page
        assert "What to do:" in page
        assert "has not recorded its safeguarding contact yet" in page

    def test_a_school_holiday_and_a_bank_holiday_are_named(self, colleague, org, project) -> None:
        day, name = next(
            iter(bank_holidays_between(TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=500)).items())
        )
        SchoolHoliday.objects.create(organisation=org, name="Winter break", starts_on=day, ends_on=day)
        activity = make_activity(org, project, starts_at=at(day, 13), ends_at=at(day, 14))
        page = client_for(colleague).get(detail_url(activity)).content.decode().replace("&#x27;", "'")
        assert "It is in the school holidays: Winter break" in page
        assert f"is a bank holiday ({name})" in page

    def test_young_children_without_childcare_are_counted_for_those_who_see_people(
        self, colleague, viewer, org, project
    ) -> None:
        activity = make_activity(org, project)
        household = Household.objects.create(organisation=org)
        Child.objects.create(organisation=org, household=household, date_of_birth=TODAY - dt.timedelta(days=400))
        Child.objects.create(organisation=org, household=household, age_band="2-4")
        Child.objects.create(organisation=org, household=household, age_band="5-10")
        for name in ("Mum", "Dad"):
            person = Person.objects.create(organisation=org, full_name=name, household=household)
            Invitation.objects.create(organisation=org, activity=activity, person=person, reply=Reply.INVITED)
            AccessNeeds.objects.create(organisation=org, person=person, not_weekends=True)
        declined = Person.objects.create(
            organisation=org, full_name="No", household=Household.objects.create(organisation=org)
        )
        Child.objects.create(organisation=org, household=declined.household, age_band="0-1")
        Invitation.objects.create(organisation=org, activity=activity, person=declined, reply=Reply.NO)
        staff_page = client_for(colleague).get(detail_url(activity)).content.decode()
        assert "2 people invited have children under 5 (2 children), and there is no childcare or crèche." in staff_page
        viewer_page = client_for(viewer).get(detail_url(activity)).content.decode()
        assert "Some people invited have children under 5" in viewer_page and "(2 children)" not in viewer_page
        activity.childcare = True
        activity.save()
        assert "children under 5" not in client_for(colleague).get(detail_url(activity)).content.decode()

    def test_the_online_link_is_shown_only_to_those_who_run_activities(self, colleague, viewer, org, project) -> None:
        activity = make_activity(org, project)
        activity.join_online = True
        activity.online_link = "https://meet.example.org/families-only"
        activity.save()
        assert activity.online_link in client_for(colleague).get(detail_url(activity)).content.decode()
        viewer_page = client_for(viewer).get(detail_url(activity)).content.decode()
        assert activity.online_link not in viewer_page
        assert "The link is sent only to people with a place" in viewer_page

    def test_a_cancelled_or_past_activity_has_no_warnings(self, colleague, org, project) -> None:
        past = TODAY - dt.timedelta(days=3)
        gone = make_activity(org, project, join_phone=False, starts_at=at(past, 9), ends_at=at(past, 10))
        off = make_activity(org, project, join_phone=False, status="cancelled")
        for activity in (gone, off):
            assert "things to check" not in client_for(colleague).get(detail_url(activity)).content.decode()

    def test_the_queries_do_not_grow_with_the_people_invited(self, colleague, org, project, venue) -> None:
        activity = make_activity(org, project, join_in_person=True, venue=venue)
        client = client_for(colleague)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(detail_url(activity)).status_code == 200
            return len(queries)

        def add(n: int, prefix: str) -> None:
            for invitation in invite(activity, n, reply=Reply.MAYBE, prefix=prefix):
                household = Household.objects.create(organisation=org)
                invitation.person.household = household
                invitation.person.save()
                Child.objects.create(organisation=org, household=household, age_band="0-1")
                AccessNeeds.objects.create(organisation=org, person=invitation.person, not_evenings=True)

        add(3, "Few")
        few = count()
        add(40, "Many")
        assert count() == few


class TestDemo:
    def test_the_demo_shows_each_warning_and_runs_once(self, db) -> None:
        import random

        from coproduce.core.demo import DEMO_HUBS, DEMO_STAFF, _make_organisation
        from coproduce.core.demo_projects import seed_demo_projects
        from coproduce.engagement.demo_activities import seed_demo_activities

        organisation = _make_organisation("Northby Family Hubs", "northby-demo", DEMO_HUBS, DEMO_STAFF)
        Person.objects.bulk_create(
            [Person(organisation=organisation, full_name=f"Demo Person {i:02d}") for i in range(20)]
        )
        seed_demo_projects(organisation)
        seed_demo_activities(organisation, rng=random.Random(2029))
        seed_demo_activities(organisation, rng=random.Random(2029))
        assert Venue.objects.for_organisation(organisation).count() == 4
        assert SchoolHoliday.objects.for_organisation(organisation).count() == 6
        activities = {a.title: a for a in Activity.objects.for_organisation(organisation)}
        assert len(activities) == 8
        codes = {title: [w.code for w in services.activity_warning_list(a)] for title, a in activities.items()}
        assert codes["Dads' evening focus group"] == ["one_way_to_join"]
        assert codes["Breastfeeding peer support group"] == ["school_run"]
        assert codes["Design the feeding cafe together"] == []
        assert activities["Feeding support: tell us what works"].is_data_collection
        assert activities["Health visitor questions and answers"].status == "cancelled"
        assert {services.has_ended(a) for a in activities.values()} == {True, False}
        assert not Venue.objects.get(organisation=organisation, name="St Mary's Church Hall").step_free
        assert not Venue.objects.get(organisation=organisation, name="Riverside Library").hearing_loop
