"""Hub staff at work with people: finding someone by search and filters, adding a person (a bad phone number first),
their page with how to say their name, their access needs, a new household with a child; an administrator merging
two records of the same person; and consent for a child under 13."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PHONE,
    check_page,
    expect_errors,
    expect_field_error,
    expect_success,
    go_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "tom.gallagher@example.org"
ADMIN_EMAIL = "amara.okafor@example.org"
PHONE_ERROR = "Enter a UK phone number, like 01632 960 001 or 07700 900 982"


def make_person(organisation, *, hubs=(), needs=None, **fields):
    """A person straight into the database (the form is tested where a person is added)."""
    from coproduce.people.models import AccessNeeds, Person

    person = Person.objects.create(organisation=organisation, **fields)
    if hubs:
        person.hubs.set(organisation.hubs.filter(name__in=hubs))
    if needs:
        AccessNeeds.objects.create(organisation=organisation, person=person, **needs)
    return person


@pytest.fixture
def siobhan(demo):
    return make_person(
        demo,
        full_name="Siobhan Quartey",
        pronunciation="shiv-AWN",
        pronouns="she/her",
        email="siobhan.quartey@example.com",
        phone="07700 900871",
        postcode="NB4 7QX",
        languages="English, Polish",
        hubs=["Eastfield Family Hub"],
        needs={"interpreter": True, "interpreter_language": "Polish"},
    )


def listed_names(page: Page) -> list[str]:
    return page.locator("main tbody tr td:first-child a").all_inner_texts()


def test_find_people_by_search_and_filters(page: Page, siobhan) -> None:
    from coproduce.people.models import Person

    make_person(siobhan.organisation, full_name="Bartek Quartey", languages="Polish", hubs=["Riverside Library Spoke"])
    everyone = f"{Person.objects.for_organisation(siobhan.organisation).not_erased().count()} people"
    sign_in(page, STAFF_EMAIL, check=False)
    go_to(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    status = page.get_by_role("status")
    expect(status).to_have_text(everyone)
    check_page(page)

    search = page.get_by_label("Search by name, email address, phone number or postcode")
    for text in ("quartey", "07700900871", "nb4 7qx", "siobhan.quartey@"):
        search.fill(text)
        page.get_by_role("button", name="Search", exact=True).click()
        expected = ["Bartek Quartey", "Siobhan Quartey"] if text == "quartey" else ["Siobhan Quartey"]
        expect(status).to_have_text(
            f"{len(expected)} {'person' if len(expected) == 1 else 'people'} found for ‘{text}’"
        )
        assert listed_names(page) == expected
    check_page(page)

    # Filters narrow the search further: the hub they use, an access need, a language.
    search.fill("quartey")
    page.get_by_label("Hub they use").select_option(label="Eastfield Family Hub")
    page.get_by_role("button", name="Apply filters").click()
    expect(status).to_have_text("1 person found for ‘quartey’")
    assert listed_names(page) == ["Siobhan Quartey"]
    check_page(page)

    page.get_by_label("Hub they use").select_option(label="Any hub")
    page.get_by_label("Access need").select_option(label="An interpreter for another language")
    page.get_by_label("Language they speak").fill("polish")
    page.get_by_role("button", name="Apply filters").click()
    expect(status).to_have_text("1 person found for ‘quartey’")
    assert listed_names(page) == ["Siobhan Quartey"]
    check_page(page)

    page.get_by_label("Access need").select_option(label="Any or none")
    page.get_by_role("button", name="Apply filters").click()
    expect(status).to_have_text("2 people found for ‘quartey’")
    assert listed_names(page) == ["Bartek Quartey", "Siobhan Quartey"]
    # Without the search, the filters alone: the people who use Eastfield and speak Polish include Siobhan.
    search.fill("")
    page.get_by_label("Hub they use").select_option(label="Eastfield Family Hub")
    page.get_by_role("button", name="Apply filters").click()
    expect(status).to_have_text(re.compile(r"^\d+ (person|people) found$"))
    assert "Siobhan Quartey" in listed_names(page)
    assert "Bartek Quartey" not in listed_names(page)
    page.get_by_role("link", name="Clear filters").click()
    expect(status).to_have_text(everyone)


def test_a_person_on_a_phone(new_page, siobhan) -> None:
    """On a phone: the menu, a search, and the person's page with how to say their name."""
    page = new_page(viewport=PHONE)
    sign_in(page, STAFF_EMAIL, check=False)
    go_to(page, "People")
    page.get_by_label("Search by name, email address, phone number or postcode").fill("Siobhan Quartey")
    page.get_by_role("button", name="Search", exact=True).click()
    check_page(page)
    page.locator("main").get_by_role("link", name="Siobhan Quartey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siobhan Quartey")
    name = page.locator("#name")
    expect(name).to_contain_text("Say it: shiv-AWN")
    expect(name).to_contain_text("Pronouns: she/her")
    expect(page.locator("#access-needs + dl")).to_contain_text("Interpreter language: Polish")
    check_page(page)


def test_add_a_person_their_needs_and_their_household(page: Page, demo) -> None:
    from coproduce.people.models import Person

    sign_in(page, STAFF_EMAIL, check=False)
    go_to(page, "People")
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    check_page(page)

    before = Person.objects.count()
    page.get_by_label("Full name").fill("Oluwaseun Adeyemi-Quartey")
    page.get_by_label("What they like to be called (optional)").fill("Seun")
    page.get_by_label("How to say their name (optional)").fill("SHEH-oon")
    page.get_by_role("group", name="How do they like to be contacted?").get_by_label("Text message").check()
    page.get_by_label("Phone number").fill("12345")
    page.get_by_label("Postcode").fill("nb2 9zz")
    page.get_by_role("group", name="Hubs they use").get_by_label("Riverside Library Spoke").check()
    page.get_by_role("button", name="Add the person").click()
    expect_errors(page, 1)
    expect_field_error(page, PHONE_ERROR, href="#id_phone", error_id="id_phone-error")
    expect(page.get_by_label("Full name")).to_have_value("Oluwaseun Adeyemi-Quartey")
    check_page(page)
    assert Person.objects.count() == before

    page.get_by_label("Phone number").fill("07700 900 873")
    page.get_by_role("button", name="Add the person").click()
    expect_success(page, "Seun has been added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seun")
    expect(page.locator("#name")).to_contain_text("Say it: SHEH-oon")
    expect(page.locator("#name")).to_contain_text("Likes to be called Seun. Full name: Oluwaseun Adeyemi-Quartey.")
    main = page.locator("main")
    expect(main).to_contain_text("07700 900873")
    expect(main).to_contain_text("NB2 9ZZ")
    expect(main).to_contain_text("No access needs recorded yet.")
    check_page(page)

    # Access needs, recorded once with them.
    page.get_by_role("button", name="Change access needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access needs and times that do not work")
    check_page(page)
    needs = page.get_by_role("group", name="What do they need to take part?")
    needs.get_by_label("Step-free access").check()
    needs.get_by_label("A quiet space").check()
    page.get_by_role("group", name="Times that do not work for them").get_by_label("Evenings").check()
    page.get_by_role("button", name="Save access needs").click()
    expect_success(page, "Their access needs have been saved.")
    needs_list = page.locator("#access-needs + dl")
    expect(needs_list.locator("li")).to_have_text(["Step-free access", "A quiet space"])
    expect(needs_list).to_contain_text("Evenings")
    expect(needs_list).to_contain_text("Not yet: recorded by staff")
    check_page(page)

    # A new household, with them as a parent.
    page.get_by_role("link", name="Add them to a household").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their household")
    check_page(page)
    page.get_by_label("Name for the household (optional)").fill("Adeyemi-Quartey family")
    page.get_by_role("group", name="Their role in the household").get_by_label("Parent", exact=True).check()
    page.get_by_role("button", name="Start a new household").click()
    expect_success(page, "A new household has been added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adeyemi-Quartey family")
    members = page.get_by_role("table", name="People in the household who take part")
    expect(members.locator("tbody tr")).to_have_count(1)
    expect(members.locator("tbody tr")).to_contain_text("Seun")
    expect(members.locator("tbody tr")).to_contain_text("Parent")
    expect(page.locator("main")).to_contain_text("No children recorded.")
    check_page(page)

    # Their child, aged 3.
    page.get_by_role("link", name="Add a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    check_page(page)
    born = dt.date.today() - dt.timedelta(days=round(3.5 * 365.25))
    page.get_by_label("First name (optional)").fill("Temi")
    page.get_by_label("Date of birth").fill(f"{born.day}/{born.month}/{born.year}")
    page.get_by_label("They have special educational needs or disabilities (SEND)").check()
    page.get_by_role("button", name="Save").click()
    expect_success(page, "The child's details have been saved.")
    children = page.get_by_role("table", name="Children in the household").locator("tbody tr")
    expect(children).to_have_count(1)
    expect(children).to_contain_text("Temi")
    expect(children).to_contain_text("3 years old (2 to 4)")
    expect(children).to_contain_text("Yes")
    check_page(page)

    # Back on their page, the household is summed up.
    members.get_by_role("link", name="Seun").click()
    expect(page.locator("#household + dl")).to_contain_text("1 person who takes part, 1 child")


def test_an_administrator_merges_two_records_of_one_person(page: Page, demo) -> None:
    from coproduce.people.models import Person

    first = make_person(
        demo,
        full_name="Grace Quartey",
        email="grace.quartey@example.com",
        hubs=["Eastfield Family Hub"],
    )
    second = make_person(
        demo,
        full_name="Grace Quartey",
        email="Grace.Quartey@example.com",
        phone="07700 900874",
        pronunciation="GRAYSS kwar-TAY",
    )
    sign_in(page, ADMIN_EMAIL, check=False)
    go_to(page, "People")
    page.get_by_role("link", name="Find possible duplicates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicates")
    check_page(page)
    card = page.locator(".govuk-summary-card").filter(has_text="grace.quartey@example.com")
    expect(card.get_by_role("heading")).to_have_text("Same email address")
    card.get_by_role("link", name=f"Compare records {first.reference} and {second.reference}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two records")
    side_by_side = page.get_by_role("table", name="The two records side by side")
    phone_row = side_by_side.locator("tbody tr").filter(has_text="Phone number")
    # Kept: the first record, with the phone number it lacks filled in from the second.
    expect(phone_row.locator("td").nth(3)).to_have_text("07700 900874")
    check_page(page)
    keep = page.get_by_role("group", name="Which record should be kept?")
    expect(keep.get_by_label(f"Record {first.reference}: Grace Quartey")).to_be_checked()
    page.get_by_role("button", name="Merge the records").click()

    expect_success(page, "The two records have been merged into one.")
    expect(page).to_have_url(re.compile(f"/people/{first.pk}/$"))
    expect(page.locator("#name")).to_contain_text("Say it: GRAYSS kwar-TAY")
    expect(page.locator("main")).to_contain_text("07700 900874")
    check_page(page)
    assert not Person.objects.filter(pk=second.pk).exists()

    page.goto("/people/duplicates")
    expect(page.locator("main")).not_to_contain_text("grace.quartey@example.com")


def test_consent_for_a_child_under_13(page: Page, demo) -> None:
    from coproduce.consent.models import Consent, Purpose

    child = make_person(
        demo,
        full_name="Amara Quartey",
        date_of_birth=dt.date.today() - dt.timedelta(days=round(9.5 * 365.25)),
    )
    sign_in(page, STAFF_EMAIL, check=False)
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="See all details of consent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consent")
    expect(page.locator("main .govuk-inset-text")).to_contain_text("They are under 13.")
    check_page(page)

    photos = page.locator("main tbody tr").filter(has_text="Photos of them")
    expect(photos.locator(".govuk-tag")).to_have_text("Not asked")
    photos.get_by_role("link", name="Record Photos of them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record consent")
    expect(page.get_by_role("group", name="What is the consent for?").get_by_label("Photos of them")).to_be_checked()
    expect(page.locator("main .govuk-inset-text")).to_contain_text("They are 9. Under 13, consent must be given")
    check_page(page)

    page.get_by_label("They agreed").check()
    page.get_by_label("On a paper form").check()
    page.get_by_role("button", name="Save their answer").click()
    expect_errors(page, 1)
    expect_field_error(
        page,
        "This child is under 13: consent must be given by someone with parental responsibility, or by the child "
        "after a practitioner assessed them as Gillick competent",
        href="#id_child_basis_0",
        error_id="id_child_basis-error",
    )
    check_page(page)
    assert not Consent.objects.filter(person=child).exists()

    page.get_by_label("Given by someone with parental responsibility").check()
    page.get_by_label("Name of the person with parental responsibility").fill("Efua Quartey")
    page.get_by_role("button", name="Save their answer").click()
    expect_success(page, "Their answer has been recorded.")
    expect(photos.locator(".govuk-tag")).to_have_text("Given")
    expect(photos).to_contain_text("Given by someone with parental responsibility: Efua Quartey")
    check_page(page)
    consent = Consent.objects.get(person=child, purpose=Purpose.PHOTOS)
    assert consent.child_basis == "parental_responsibility" and consent.given_by_name == "Efua Quartey"


def upload(page: Page, name: str, text: str, *, encoding: str = "utf-8") -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode(encoding)}]
    )
    page.get_by_role("button", name="Upload and continue").click()


def test_import_a_parent_panel_list(page: Page, demo) -> None:
    """Journey: a spreadsheet with two bad rows imports nobody; corrected (and saved by Excel in Windows-1252), it
    imports everyone but the person already recorded."""
    from coproduce.people.models import Person

    make_person(demo, full_name="Zofia Quartey", email="zofia.quartey@example.com")
    header = "Name,Email,Mobile,Postcode,Family hub\n"
    bad = (
        header + "Renée Quartey,renee.quartey@example.com,07700 900876,NB1 3QX,Eastfield Family Hub\n"
        "Dafydd Quartey,,12345,NB2 4QX,Riverside Library Spoke\n"
        "Zofia Quartey,zofia.quartey@example.com,,,Southside Hub\n"
    )
    sign_in(page, ADMIN_EMAIL, check=False)
    go_to(page, "People")
    before = Person.objects.count()
    page.get_by_role("link", name="Import a list of people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people from a spreadsheet")
    check_page(page)
    upload(page, "parent-panel.csv", bad)

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose what each column holds")
    expect(page.locator("main")).to_contain_text("The file has 3 rows of people.")
    # Guessed from the headings.
    expect(page.get_by_label("Column A: ‘Name’")).to_have_value("full_name")
    expect(page.get_by_label("Column C: ‘Mobile’")).to_have_value("phone")
    expect(page.get_by_label("Column E: ‘Family hub’")).to_have_value("hubs")
    check_page(page)
    page.get_by_role("button", name="Continue to check the rows").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fix the problems in the file")
    expect(page.locator("main .govuk-warning-text")).to_contain_text("Nobody has been imported.")
    problems = page.get_by_role("table", name="Problems to fix").locator("tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("‘12345’ is not a UK phone number")
    expect(problems.nth(0).locator("td").first).to_have_text("3")
    expect(problems.nth(1)).to_contain_text("There is no hub called ‘Southside Hub’.")
    expect(problems.nth(1).locator("td").first).to_have_text("4")
    check_page(page)
    assert Person.objects.count() == before

    good = (
        header + "Renée Quartey,renee.quartey@example.com,07700 900876,NB1 3QX,Eastfield Family Hub\n"
        "Dafydd Quartey,,07700 900877,NB2 4QX,Riverside Library Spoke\n"
        "Zofia Quartey,zofia.quartey@example.com,,,Eastfield Family Hub\n"
    )
    page.get_by_role("link", name="Upload the corrected file").click()
    upload(page, "parent-panel.csv", good, encoding="cp1252")
    page.get_by_role("button", name="Continue to check the rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and import")
    expect(page.locator("main")).to_contain_text("All 3 rows in the file are ready to import.")
    matches = page.get_by_role("table", name="1 row may be someone already recorded").locator("tbody tr")
    expect(matches).to_contain_text("Zofia Quartey")
    expect(page.get_by_label(re.compile(r"^Skip the 1 row that matches someone already recorded"))).to_be_checked()
    check_page(page)
    page.get_by_role("button", name="Import people").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("People imported")
    expect(page.locator(".govuk-panel__body")).to_have_text("2 people added")
    check_page(page)
    assert Person.objects.count() == before + 2
    renee = Person.objects.get(full_name="Renée Quartey")
    assert renee.phone == "07700 900876" and [hub.name for hub in renee.hubs.all()] == ["Eastfield Family Hub"]


def test_export_the_people_found(page: Page, siobhan) -> None:
    """The export has exactly the people the list shows, and a cell that looks like a formula is made harmless."""
    import csv
    import io

    make_person(siobhan.organisation, full_name='=HYPERLINK("http://example.com") Quartey')
    sign_in(page, ADMIN_EMAIL, check=False)
    go_to(page, "People")
    page.get_by_label("Search by name, email address, phone number or postcode").fill("quartey")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Export these people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export people")
    expect(page.locator("main")).to_contain_text("2 people match the search and filters you chose.")
    check_page(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as CSV").click()
    download = download_info.value
    assert re.fullmatch(r"people-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    names = sorted(row["Full name"] for row in rows)
    assert names == ['\'=HYPERLINK("http://example.com") Quartey', "Siobhan Quartey"]
