"""A person's record: adding and changing their details (every validation rule), possible duplicates on create,
the person page (name first, how to say it, everything in one place, constant queries) and access needs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.organisations.models import Hub, Role
from coproduce.people import services
from coproduce.people.models import AccessNeeds, Household, Person
from coproduce.projects.models import Project, ProjectStakeholder
from coproduce.stakeholders.models import StakeholderGroup
from tests.cast import client_for, make_member

CREATE = reverse("people:person_create")


def detail_url(person: Person) -> str:
    return reverse("people:person_detail", kwargs={"person_id": person.pk})


def edit_url(person: Person) -> str:
    return reverse("people:person_edit", kwargs={"person_id": person.pk})


def needs_url(person: Person) -> str:
    return reverse("people:access_needs_edit", kwargs={"person_id": person.pk})


def form_data(**overrides) -> dict:
    data = {"full_name": "Grace Adeyemi", "email": "", "phone": "", "address": "", "postcode": ""}
    data.update(overrides)
    return data


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "There is a problem" in html
    return html


# ---------------------------------------------------------------------------------------------------------------
# Adding a person


def test_staff_add_a_person_with_every_detail(colleague_client: Client, org, hub, colleague) -> None:
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    response = colleague_client.post(
        CREATE,
        form_data(
            full_name="  Siobhan Murphy ",
            preferred_name="Shiv",
            pronunciation="shiv-AWN",
            pronouns="she/her",
            email="s.murphy@example.com",
            phone="07700900123",
            address="1 Quay Road\nNorthby",
            postcode="nb4 6qd",
            channels=["email", "text", "post"],
            languages="English,  Irish ,",
            takes_part_as="both",
            hubs=[str(hub.pk)],
            stakeholder_groups=[str(group.pk)],
        ),
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(person)
    assert person.full_name == "Siobhan Murphy"
    assert person.phone == "07700 900123"  # national format
    assert person.postcode == "NB4 6QD" and person.postcode_compact == "NB46QD"
    assert person.languages == "English, Irish"
    assert person.channels == ["email", "text", "post"]
    assert person.takes_part_as == "both"
    assert list(person.hubs.all()) == [hub] and list(person.stakeholder_groups.all()) == [group]
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="people.Person")
    assert event.actor == colleague
    assert "email" in event.changes["fields"] and "hubs" in event.changes["fields"]
    # Names and contact details never reach the audit log: only an opaque reference and field names.
    recorded = f"{event.summary} {event.object_label} {event.changes}"
    for secret in ("Siobhan", "Murphy", "Shiv", "s.murphy", "900123", "NB4", "Quay"):
        assert secret not in recorded
    assert event.object_label == person.audit_label


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"full_name": ""}, "Enter their full name"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"phone": "12345"}, "Enter a UK phone number, like 01632 960 001 or 07700 900 982"),
        ({"phone": "+33 1 23 45 67 89"}, "Enter a UK phone number, like 01632 960 001 or 07700 900 982"),
        ({"postcode": "NOT A PC"}, "Enter a real UK postcode, like NB1 2AB"),
        ({"postcode": "much too long for a postcode"}, "Enter a real UK postcode, like NB1 2AB"),
        ({"pronouns": "x" * 41}, "Pronouns must be 40 characters or fewer"),
        ({"channels": ["email"]}, "Enter their email address, or untick email as a way to contact them"),
        ({"channels": ["text"]}, "Enter their phone number, or untick text message as a way to contact them"),
        ({"channels": ["phone"]}, "Enter their phone number, or untick phone call as a way to contact them"),
        (
            {"channels": ["text"], "phone": "020 7946 0123"},
            "Text messages need a mobile number: enter one, or untick text message",
        ),
        ({"channels": ["post"], "postcode": "NB1 2AB"}, "Enter their postal address, or untick post"),
        ({"channels": ["post"], "address": "1 Road"}, "Enter their postcode, or untick post"),
        ({"date_of_birth": "1/1/2999"}, "Date of birth must be in the past"),
        ({"date_of_birth": "31/2/2015"}, "Enter date of birth as a real date"),
        ({"takes_part_as": "sometimes"}, "Choose how they take part"),
    ],
)
def test_each_rule_has_its_own_message(admin_client_: Client, org, data: dict, field_message: str) -> None:
    html = errors_of(admin_client_.post(CREATE, form_data(**data)))
    assert field_message in html
    assert "<title>Error: Add a person" in html
    assert not Person.objects.exists()


def test_a_bad_email_is_not_also_reported_as_missing(admin_client_: Client, org) -> None:
    html = errors_of(admin_client_.post(CREATE, form_data(email="nope", channels=["email"])))
    assert "in the correct format" in html
    assert "Enter their email address, or untick" not in html


def test_drama_and_international_format_numbers_are_stored_in_national_format(org) -> None:
    assert services.uk_phone("+44 7700 900982") == "07700 900982"
    assert services.uk_phone("01632 960001") == "01632 960001"
    assert services.uk_phone("+447911123456") == "07911 123456"
    assert services.uk_postcode(" gir0aa ") == "GIR 0AA"
    assert services.uk_postcode("ec1a1bb") == "EC1A 1BB"


def test_hubs_and_groups_of_another_organisation_are_refused(admin_client_: Client, org, other_hub) -> None:
    html = errors_of(admin_client_.post(CREATE, form_data(hubs=[str(other_hub.pk)])))
    assert "Choose only from your own organisation" in html
    with pytest.raises(Exception, match="own organisation"):
        services.person_create(actor=None, organisation=org, full_name="X", hubs=[other_hub])


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"email": "Kwame@Example.com"}, {"email": "kwame@example.com"}),
        ({"phone": "07700 900555"}, {"phone": "+447700900555"}),
        ({"full_name": "Kwame Mensah", "postcode": "NB1 2AB"}, {"full_name": "kwame mensah", "postcode": "nb12ab"}),
    ],
)
def test_possible_duplicates_must_be_confirmed_before_saving(
    admin_client_: Client, org, existing: dict, typed: dict
) -> None:
    already = Person.objects.create(organisation=org, **{"full_name": "Kwame Mensah", **existing})
    data = form_data(**{"full_name": "Kwame Mensah", **typed})
    html = errors_of(admin_client_.post(CREATE, data))
    assert "We may already have this person" in html
    assert detail_url(already) in html
    assert "This is a different person" in html
    assert Person.objects.count() == 1
    response = admin_client_.post(CREATE, {**data, "different_person": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_erased_and_other_organisations_people_are_not_offered_as_duplicates(admin_client_: Client, org, other_org):
    Person.objects.create(organisation=other_org, full_name="Other", email="same@example.com")
    Person.objects.create(organisation=org, full_name="Gone", email="same@example.com", erased_at=timezone.now())
    response = admin_client_.post(CREATE, form_data(email="same@example.com"))
    assert response.status_code == 302


def test_the_form_asks_for_everything_the_brief_lists(admin_client_: Client, org) -> None:
    html = admin_client_.get(CREATE).content.decode()
    for text in (
        "Full name",
        "What they like to be called",
        "How to say their name",
        "Pronouns",
        "How do they like to be contacted?",
        "Text message",
        "Postal address",
        "Languages they speak",
        "Date of birth",
        "How do they take part?",
        "Hubs they use",
        "Stakeholder groups they belong to",
    ):
        assert text in html, text
    assert "This is a different person" not in html  # only when a possible duplicate is found


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.PEER_SUPPORTER, Role.SAFEGUARDING_LEAD])
def test_roles_that_may_not_change_people(org, role) -> None:
    person = Person.objects.create(organisation=org, full_name="Someone")
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.get(edit_url(person)).status_code == 403
    assert client.post(needs_url(person), {}).status_code == 403
    assert Person.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEAD, Role.STAFF, Role.DATA_PROTECTION_OFFICER])
def test_roles_that_may_change_people(org, role) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.post(CREATE, form_data()).status_code == 302


# ---------------------------------------------------------------------------------------------------------------
# Changing a person


def test_editing_saves_and_audits_field_names_only(admin_client_: Client, org, hub) -> None:
    person = Person.objects.create(
        organisation=org, full_name="Tariq Hassan", email="t@example.com", contact_by_email=True
    )
    form = admin_client_.get(edit_url(person)).content.decode()
    assert 'value="t@example.com"' in form
    assert 'value="email" checked' in form  # the chosen channel is ticked
    response = admin_client_.post(
        edit_url(person),
        form_data(full_name="Tariq Hassan", email="t@example.com", phone="07911 123456", channels=["email", "phone"]),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "07911 123456" and person.contact_by_phone
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(person.pk))
    assert sorted(event.changes["fields"]) == ["contact_by_phone", "phone"]
    assert "07911" not in str(event.changes)


def test_an_unchanged_save_writes_no_audit_line(admin_client_: Client, org) -> None:
    person = Person.objects.create(organisation=org, full_name="Tariq Hassan")
    admin_client_.post(edit_url(person), form_data(full_name="Tariq Hassan"))
    assert not AuditEvent.objects.filter(object_id=str(person.pk)).exists()


def test_an_erased_person_cannot_be_edited(admin_client_: Client, org) -> None:
    person = Person.objects.create(organisation=org, full_name="", erased_at=timezone.now())
    assert admin_client_.get(edit_url(person)).status_code == 404
    assert admin_client_.post(needs_url(person), {}).status_code == 404


def test_another_organisations_person_is_404(admin_client_: Client, other_org) -> None:
    person = Person.objects.create(organisation=other_org, full_name="Southby Person")
    for url in (detail_url(person), edit_url(person), needs_url(person)):
        assert admin_client_.get(url).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# The person page


def _full_person(org, hub) -> Person:
    household = Household.objects.create(organisation=org, name="Walsh family")
    person = Person.objects.create(
        organisation=org,
        full_name="Niamh Walsh",
        preferred_name="Nee",
        pronunciation="NEEV",
        pronouns="she/her",
        email="niamh@example.com",
        phone="07700 900321",
        languages="English, Irish",
        takes_part_as="lived_experience",
        contact_by_text=True,
        household=household,
        household_role="parent",
    )
    person.hubs.add(hub)
    return person


def test_the_page_puts_their_name_and_how_to_say_it_first(admin_client_: Client, org, hub) -> None:
    person = _full_person(org, hub)
    html = admin_client_.get(detail_url(person)).content.decode()
    h1 = html.index("<h1")
    assert html.index("Nee", h1) < html.index("NEEV") < html.index("she/her") < html.index("Contact details")
    assert "Say it: <strong>NEEV</strong>" in html
    assert "Full name: Niamh Walsh" in html
    for text in ("niamh@example.com", "07700 900321", "Text message", "English, Irish", "With lived experience"):
        assert text in html, text
    assert hub.name in html
    assert reverse("people:household_detail", kwargs={"household_id": person.household_id}) in html
    assert "Walsh family" in html and "Parent" in html


def test_the_page_shows_access_needs_and_involvement_history(admin_client_: Client, org, hub, admin) -> None:
    person = _full_person(org, hub)
    services.access_needs_save(
        person=person,
        data={"childcare": True, "interpreter": True, "interpreter_language": "Tigrinya", "not_evenings": True},
        actor=admin,
    )
    group = StakeholderGroup.objects.create(organisation=org, name="Families")
    project = Project.objects.create(organisation=org, title="Infant feeding redesign", goal="Better")
    ProjectStakeholder.objects.create(
        organisation=org, project=project, group=group, person=person, kind="lived_experience"
    )
    html = admin_client_.get(detail_url(person)).content.decode()
    assert "Childcare (a crèche" in html and "Interpreter language: Tigrinya" in html and "Evenings" in html
    assert reverse("people:access_needs_edit", kwargs={"person_id": person.pk}) in html
    assert "Infant feeding redesign" in html
    assert reverse("projects:project_detail", kwargs={"project_id": project.pk}) in html
    assert "Recorded access needs" in html  # the timeline of changes
    assert admin.email in html


def test_the_sections_of_other_areas_come_in_order(org, hub, admin_client_: Client) -> None:
    from django.template.loader import get_template

    source = get_template("people/person_detail.html").template.source
    positions = [
        source.index(f'{{% include "{area}/_person_section.html" %}}')
        for area in ("consent", "equality", "datarights", "safeguarding")
    ]
    assert positions == sorted(positions)


def test_an_erased_persons_page_says_only_that(admin_client_: Client, org) -> None:
    when = timezone.make_aware(dt.datetime(2026, 3, 1, 12))
    person = Person.objects.create(organisation=org, full_name="Erased", email="gone@example.com", erased_at=when)
    html = admin_client_.get(detail_url(person)).content.decode()
    assert "details were erased" in html and "1 March 2026" in html
    assert "gone@example.com" not in html and "Contact details" not in html


def test_the_page_queries_do_not_grow(admin_client_: Client, org, admin, django_assert_num_queries) -> None:
    def make(n: int) -> Person:
        person = Person.objects.create(organisation=org, full_name=f"Person {n}")
        household = Household.objects.create(organisation=org, name=f"H{n}")
        person.household = household
        person.save()
        hubs = [Hub.objects.create(organisation=org, name=f"Hub {n}-{i}") for i in range(n)]
        person.hubs.add(*hubs)
        parent = StakeholderGroup.objects.create(organisation=org, name=f"Group {n}")
        groups = [StakeholderGroup.objects.create(organisation=org, name=f"G{n}-{i}", parent=parent) for i in range(n)]
        person.stakeholder_groups.add(*groups)
        for i in range(n):
            project = Project.objects.create(organisation=org, title=f"P{n}-{i}", goal="g")
            ProjectStakeholder.objects.create(
                organisation=org, project=project, group=groups[i], person=person, kind="representative"
            )
            services.person_update(actor=admin, person=person, pronouns=f"p{i}")
        services.access_needs_save(person=person, data={"childcare": True}, actor=admin)
        return person

    small, large = make(1), make(8)
    admin_client_.get(detail_url(small))  # warm the per-request caches the same way for both
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        admin_client_.get(detail_url(small))
    with django_assert_num_queries(len(first.captured_queries)):
        admin_client_.get(detail_url(large))


# ---------------------------------------------------------------------------------------------------------------
# Access needs


def test_staff_record_access_needs(colleague_client: Client, org, colleague) -> None:
    person = Person.objects.create(organisation=org, full_name="Amir Shah")
    before = person.last_active_at
    response = colleague_client.post(
        needs_url(person),
        {
            "needs": ["step_free", "interpreter"],
            "interpreter_language": " Urdu ",
            "unavailable": ["not_school_run"],
            "other_needs": "Needs a chair with arms",
        },
    )
    assert response.status_code == 302
    needs = AccessNeeds.objects.get(person=person)
    assert needs.needs() == ["step_free", "interpreter"] and needs.unavailable() == ["not_school_run"]
    assert needs.interpreter_language == "Urdu" and needs.other_needs == "Needs a chair with arms"
    assert needs.confirmed_by_person_at is None
    person.refresh_from_db()
    assert person.last_active_at > before
    event = AuditEvent.objects.get(object_type="people.AccessNeeds")
    assert event.action == AuditEvent.Action.CREATE and event.actor == colleague
    assert "step_free" in event.changes["fields"] and "chair" not in str(event.changes)
    # The form shows what is recorded when it is opened again.
    html = colleague_client.get(needs_url(person)).content.decode()
    assert 'value="step_free" checked' in html and 'value="Urdu"' in html


def test_an_interpreter_needs_a_language(admin_client_: Client, org) -> None:
    person = Person.objects.create(organisation=org, full_name="Amir Shah")
    html = errors_of(admin_client_.post(needs_url(person), {"needs": ["interpreter"]}))
    assert "Enter the language they need an interpreter for" in html
    assert not AccessNeeds.objects.exists()


def test_unticking_the_interpreter_forgets_the_language(org, admin) -> None:
    person = Person.objects.create(organisation=org, full_name="Amir Shah")
    services.access_needs_save(person=person, data={"interpreter": True, "interpreter_language": "Urdu"}, actor=admin)
    needs = services.access_needs_save(person=person, data={"interpreter": False}, actor=admin)
    assert needs.interpreter_language == ""


def test_needs_confirmed_by_the_person_are_marked_so(org) -> None:
    person = Person.objects.create(organisation=org, full_name="Amir Shah")
    needs = services.access_needs_save(person=person, data={"quiet_space": True}, actor=None, by_person=True)
    assert needs.confirmed_by_person_at is not None
    event = AuditEvent.objects.get(object_type="people.AccessNeeds")
    assert event.actor is None and event.changes["by_person"] is True
    assert event.summary == "The person confirmed their access needs"
